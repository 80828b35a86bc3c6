"""planner/editing.py: plan edits, the week grid, the § 29 checklist and the timeline items, without
Streamlit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from planner import editing
from planner.catalogue import load_national_catalogue
from planner.editing import EditError
from planner.model import Activity, Category, GoalOutcome, IncomeKind, Leave, LeaveKind, Status
from planner.params import load_parameters
from planner.planfile import dumps_plan, parse_plan
from planner.templates import PlanBasics, blank_plan, build_from_template

PARAMS = load_parameters()
BASICS = PlanBasics(birth_date=date(1990, 1, 1), application_date=date(2026, 1, 5), start=date(2026, 3, 2), name="A. B.")


@pytest.fixture
def plan():
    return build_from_template("norsk-arbeidstrening-lonnstilskudd", BASICS)


@pytest.fixture
def blank():
    return blank_plan(BASICS)


# ------------------------------------------------------------------------------ activities


def test_next_activity_id_follows_the_highest(plan):
    assert editing.next_activity_id(plan) == f"a{len(plan.activities) + 1}"
    assert editing.next_activity_id(replace(plan, activities=())) == "a1"


def test_add_measure_from_catalogue(blank):
    measure = load_national_catalogue()["arbeidstrening"]
    new, activity = editing.add_measure(blank, measure, date(2026, 3, 2), date(2026, 6, 30), "22,5")
    assert new.activities == (activity,)
    assert activity.catalogue_id == "arbeidstrening"
    assert activity.category is measure.category
    assert activity.hours_per_week == Decimal("22.5")
    assert activity.status is Status.AGREED
    assert blank.activities == ()  # the old plan is untouched


def test_add_measure_proposed_by_participant(blank):
    measure = load_national_catalogue()["motivasjon"]
    _, activity = editing.add_measure(blank, measure, date(2026, 3, 2), date(2026, 3, 31), 7.5, proposed=True)
    assert activity.status is Status.PROPOSED


@pytest.mark.parametrize(
    "start, end, hours, message",
    [
        (date(2026, 5, 1), date(2026, 4, 1), 7.5, "slutt"),
        (date(2026, 3, 2), date(2026, 4, 1), 0, "større enn 0"),
        (date(2026, 3, 2), date(2026, 4, 1), "mange", "ikke et tall"),
        (date(2026, 3, 2), date(2026, 4, 1), 200, "mer enn noen kan ha"),
    ],
)
def test_add_measure_refuses_bad_input_in_norwegian(blank, start, end, hours, message):
    measure = load_national_catalogue()["motivasjon"]
    with pytest.raises(EditError, match=message):
        editing.add_measure(blank, measure, start, end, hours)


def test_update_activity_scales_weekday_hours():
    base = blank_plan(BASICS)
    activity = Activity(
        "a1", "Norskkurs", Category.SUPPORTING, date(2026, 3, 2), date(2026, 6, 30), Decimal(12),
        weekdays={"mon": Decimal(3), "tue": Decimal(3), "wed": Decimal(3), "thu": Decimal(3)},
    )
    plan = editing.add_activity(base, activity)
    new = editing.update_activity(plan, "a1", hours_per_week=6)
    changed = new.activity("a1")
    assert changed.hours_per_week == Decimal(6)
    assert sum(changed.weekdays.values()) == Decimal(6)
    assert changed.weekdays["mon"] == Decimal("1.5")
    # And the file still loads: weekdays add up to the week.
    assert parse_plan(dumps_plan(new)) == new


def test_update_move_remove(plan):
    first = plan.activities[0]
    moved = editing.move_activity(plan, first.id, 7)
    assert moved.activity(first.id).start == date(2026, 3, 9)
    assert (moved.activity(first.id).end - moved.activity(first.id).start) == (first.end - first.start)
    with pytest.raises(EditError, match="slutt"):
        editing.update_activity(plan, first.id, end=date(2026, 1, 1))
    with pytest.raises(EditError, match="finner ikke"):
        editing.remove_activity(plan, "nope")
    assert editing.remove_activity(plan, first.id).activity(first.id) is None


def test_set_status_and_proposals(plan):
    assert len(editing.proposed_activities(plan)) == len(plan.activities)
    agreed = editing.set_status(plan, [a.id for a in plan.activities], Status.AGREED)
    assert editing.proposed_activities(agreed) == ()


def test_activity_rows_round_trip(plan):
    rows = editing.activity_rows(plan)
    assert rows[0]["category"] == "Oppfølging"
    assert rows[0]["status"] == "Forslag"
    same, problems = editing.apply_activity_rows(plan, {0: {"title": rows[0]["title"]}})
    assert problems == [] and same == plan


def test_apply_activity_rows_edits_adds_and_deletes(plan):
    new, problems = editing.apply_activity_rows(
        plan,
        edited={1: {"hours_per_week": 10.0, "status": "Avtalt", "end": "2026-04-15"}},
        added=[
            {"title": "Jobbklubb", "category": "Arbeidssøking", "start": "2026-11-02", "end": "2027-02-26",
             "hours_per_week": 3},
            {},  # an empty row the user has not filled yet
        ],
        deleted=[0],
    )
    assert problems == []
    assert plan.activities[0].id not in {a.id for a in new.activities}
    second = new.activity(plan.activities[1].id)
    assert second.hours_per_week == Decimal(10) and second.status is Status.AGREED and second.end == date(2026, 4, 15)
    added = new.activities[-1]
    assert (added.title, added.category, added.status) == ("Jobbklubb", Category.JOB_SEEKING, Status.PROPOSED)
    assert added.id == f"a{len(plan.activities) + 1}"


def test_apply_activity_rows_reports_bad_rows_and_keeps_them(plan):
    new, problems = editing.apply_activity_rows(
        plan, edited={0: {"end": "2020-01-01"}}, added=[{"title": "Uten dato", "category": "Helse", "hours_per_week": 2}]
    )
    assert new.activities == plan.activities
    assert problems[0].startswith("Rad 1 (") and "slutt" in problems[0]
    assert problems[1].startswith("Ny rad 1") and "ikke en dato" in problems[1]


# -------------------------------------------------------------------- goals, periods, leave


def test_goals_and_sub_goals(plan):
    new = editing.set_goals(plan, main="  Jobb som kokk ", occupation="Kokk")
    assert (new.goals.main, new.goals.occupation) == ("Jobb som kokk", "Kokk")
    new, problems = editing.set_sub_goals(
        new, [{"text": "Kurs i hygiene", "deadline": "2026-06-30", "responsible": "Deltaker", "reached": "Delvis nådd"},
              {"text": ""}, {"text": "Praksis", "deadline": "snart", "reached": "kanskje"}]
    )
    assert [g.text for g in new.goals.sub_goals] == ["Kurs i hygiene", "Praksis"]
    assert new.goals.sub_goals[0].deadline == date(2026, 6, 30)
    assert new.goals.sub_goals[0].reached is GoalOutcome.PARTLY
    assert problems == ["Delmål 3: frist: «snart» er ikke en dato", "Delmål 3: oppnådd: «kanskje» må være nådd, delvis nådd eller ikke nådd"]
    assert parse_plan(dumps_plan(new)).goals == new.goals


def test_periods_sorted_and_extension(plan):
    extended = editing.add_period(plan, 6)
    assert extended.periods[1].start == date(2027, 3, 2)
    assert extended.periods[1].end == date(2027, 9, 1)
    rows = [{"start": p.start, "end": p.end} for p in reversed(extended.periods)]
    again, problems = editing.set_periods(plan, rows)
    assert problems == [] and [p.start for p in again.periods] == [date(2026, 3, 2), date(2027, 3, 2)]
    kept, problems = editing.set_periods(plan, [])
    assert kept.periods == plan.periods and problems


def test_leaves_from_labels(plan):
    new, problems = editing.set_leaves(
        plan,
        [{"kind": "Ferie", "start": "2026-07-06", "end": "2026-07-31", "reason": "Sommer"},
         {"kind": "interruption", "start": date(2026, 10, 5), "end": date(2026, 10, 9)},
         {"kind": "Sykdom", "start": "2026-11-02", "end": "2026-11-03"}],
    )
    assert [x.kind for x in new.leaves] == [LeaveKind.VACATION, LeaveKind.INTERRUPTION]
    assert problems and "Fravær 3" in problems[0]


def test_evaluations_and_participant(plan):
    new, problems = editing.set_evaluations(plan, [{"date": "2026-12-01", "note": "Siste"}, {"date": "2026-05-01"}])
    assert [e.date for e in new.evaluations] == [date(2026, 5, 1), date(2026, 12, 1)]
    person = editing.set_participant(plan, name=" ", children_birth_dates=["2015-01-01"], language="nn")
    assert person.participant.name is None
    assert person.participant.children[0].birth_date == date(2015, 1, 1)
    with pytest.raises(EditError):
        editing.set_participant(plan, language="de")


def test_age_span(plan, blank):
    assert editing.age_span(plan) == (36, 37)
    assert editing.age_span(replace(blank, periods=())) is None


def test_participant_label(plan):
    assert editing.participant_label(plan) == "A. B."
    anonymous = editing.set_participant(plan, name="")
    assert editing.participant_label(anonymous) == "Deltaker født 01.01.1990"


# --------------------------------------------------------------------------- the week grid


def test_week_grid_easter_week(plan):
    grid = editing.week_grid(plan, PARAMS, date(2026, 4, 1))  # any day of the week
    assert grid.monday == date(2026, 3, 30) and grid.label == "2026-U14" and grid.number == 14
    assert [d.note for d in grid.days] == [None, None, None, "Skjærtorsdag", "Langfredag"]
    assert grid.required == Decimal("22.5")
    assert grid.planned == Decimal("22.5") and grid.full_time and grid.missing == 0 and grid.over == 0
    for row in grid.rows:
        assert row.hours[3] == row.hours[4] == 0  # nothing planned on the holidays
        assert row.total == sum(row.hours)
    assert sum(grid.day_totals) == grid.planned


def test_week_grid_missing_and_over_and_leave(plan):
    plan = replace(plan, leaves=(Leave(LeaveKind.VACATION, date(2026, 7, 8), date(2026, 7, 10), "Sommer"),))
    grid = editing.week_grid(plan, PARAMS, date(2026, 7, 6))
    assert grid.days[2].note == "Ferie: Sommer" and not grid.days[2].working
    assert grid.required == Decimal("15")
    assert grid.planned == grid.required == Decimal("15") and grid.over == 0
    extra = Activity("x1", "Ekstra", Category.HEALTH, date(2026, 7, 1), date(2026, 7, 31), Decimal(5))
    grid = editing.week_grid(editing.add_activity(plan, extra), PARAMS, date(2026, 7, 6))
    assert grid.over == Decimal(2)  # 5 h a week on 2 working days
    short = editing.update_activity(plan, "a4", hours_per_week=1)
    grid = editing.week_grid(short, PARAMS, date(2026, 4, 13))
    assert grid.missing == Decimal(20) and not grid.full_time


def test_week_grid_outside_programme(plan):
    grid = editing.week_grid(plan, PARAMS, date(2027, 3, 1))  # the programme ends Monday 1 March
    assert [d.note for d in grid.days][1:] == ["Utenfor programmet"] * 4
    assert grid.required == Decimal("7.5")


def test_week_navigation(plan):
    mondays = editing.programme_mondays(plan)
    assert mondays[0] == date(2026, 3, 2) and mondays[-1] == date(2027, 3, 1)
    assert editing.step_week(plan, date(2026, 3, 2), 1) == date(2026, 3, 9)
    assert editing.step_week(plan, date(2026, 3, 2), -1) == date(2026, 3, 2)  # stays at the first
    assert editing.step_week(plan, date(2027, 3, 1), 5) == date(2027, 3, 1)
    assert editing.clamp_week(plan, date(2020, 1, 1)) == date(2026, 3, 2)
    assert editing.clamp_week(plan, date(2030, 1, 1)) == date(2027, 3, 1)
    assert editing.clamp_week(plan, date(2026, 6, 4)) == date(2026, 6, 1)
    assert editing.week_monday_from_label("2026-U14") == date(2026, 3, 30)


# ---------------------------------------------------------------- eligibility and readiness


def test_eligibility_answers_and_status(plan):
    status = editing.eligibility_status(plan)
    assert len(status.unanswered) == len(editing.ELIGIBILITY_QUESTIONS) and not status.complete
    plan = editing.set_eligibility_answer(plan, "alder", True)
    plan = editing.set_eligibility_answer(plan, "tett_bistand", False)
    plan = editing.set_eligibility_note(plan, "Notat")
    status = editing.eligibility_status(plan)
    assert [q.id for q in status.yes] == ["alder"] and [q.id for q in status.no] == ["tett_bistand"]
    assert parse_plan(dumps_plan(plan)).eligibility == plan.eligibility
    with pytest.raises(EditError):
        editing.set_eligibility_answer(plan, "finnes-ikke", True)


def test_every_question_has_plain_words_and_a_reference():
    ids = [q.id for q in editing.ELIGIBILITY_QUESTIONS]
    assert len(ids) == len(set(ids))
    for q in editing.ELIGIBILITY_QUESTIONS:
        assert q.text.endswith("?") or q.text.endswith(".")
        assert q.plain and "§" not in q.plain
        assert q.reference
        assert q.section in editing.ELIGIBILITY_SECTIONS


def test_readiness(plan):
    not_ready = editing.readiness(plan, 2)
    assert not not_ready.ready
    assert any("ikke vurdert" in r for r in not_ready.reasons)
    assert any("2 feil" in r for r in not_ready.reasons)
    assert any("forslag" in r for r in not_ready.reasons)
    for q in editing.ELIGIBILITY_QUESTIONS:
        plan = editing.set_eligibility_answer(plan, q.id, True)
    plan = editing.set_status(plan, [a.id for a in plan.activities], Status.AGREED)
    assert editing.readiness(plan, 0).ready
    assert not editing.readiness(plan, None).ready  # no rule check, no "klar"


# ---------------------------------------------------------------------------- the timeline


def test_timeline_items(plan):
    plan = replace(plan, leaves=(Leave(LeaveKind.LEAVE, date(2026, 10, 5), date(2026, 10, 9)),))
    items = editing.timeline_items(plan, PARAMS)
    assert len(items["activities"]) == len(plan.activities)
    assert items["activities"][0]["category"] == "Oppfølging"
    assert items["periods"] == [{"label": "Vedtak 1", "start": date(2026, 3, 2), "end": date(2027, 3, 1), "special": False}]
    assert items["leaves"][0]["label"] == "Permisjon"
    assert [m["label"] for m in items["markers"]] == ["Halvveis", "Siste del starter"]
    assert items["final_part"][0]["end"] == date(2027, 3, 1)
    assert len(items["evaluations"]) == len(plan.evaluations)


def test_cancelled_activities_are_left_out(plan):
    cancelled = editing.set_status(plan, [plan.activities[0].id], Status.CANCELLED)
    assert len(editing.timeline_items(cancelled, PARAMS)["activities"]) == len(plan.activities) - 1
    grid = editing.week_grid(cancelled, PARAMS, date(2026, 3, 2))
    assert plan.activities[0].id not in [r.activity_id for r in grid.rows]


def test_fingerprint_changes_with_content(plan):
    assert editing.plan_fingerprint(plan) == editing.plan_fingerprint(parse_plan(dumps_plan(plan)))
    assert editing.plan_fingerprint(plan) != editing.plan_fingerprint(editing.set_goals(plan, main="Annet"))


def test_to_decimal_and_to_date():
    assert editing.to_decimal("7,5") == Decimal("7.5")
    assert editing.to_decimal(7.499999999) == Decimal("7.5")
    assert editing.to_date("31.12.2026", "dato") == date(2026, 12, 31)
    with pytest.raises(EditError):
        editing.to_date("", "dato")


def test_absences_and_income(plan):
    new, problems = editing.set_absences(
        plan,
        [{"date": "2026-03-10", "hours": 7.5, "valid": False, "reason": "Møtte ikke"},
         {"date": "2026-03-05", "hours": "3,5", "valid": True},
         {"date": None},
         {"date": "2026-03-11", "hours": 0, "valid": False}],
    )
    assert [(a.date, a.hours, a.valid) for a in new.absences] == [
        (date(2026, 3, 5), Decimal("3.5"), True), (date(2026, 3, 10), Decimal("7.5"), False)]
    assert problems == ["Fravær 4: timer: må være større enn 0"]
    new, problems = editing.set_income(
        new,
        [{"kind": "Arbeid (timer)", "month": "2026-04", "value": 20},
         {"kind": "dagpenger", "month": "2026-03", "value": "1500"},
         {"kind": "Lotto", "month": "2026-03", "value": 1},
         {"kind": "Sykepenger (kr)", "month": "mars", "value": 1}],
    )
    assert [(i.kind, i.month, i.hours, i.amount) for i in new.income] == [
        (IncomeKind.DAGPENGER, "2026-03", None, Decimal(1500)), (IncomeKind.WORK, "2026-04", Decimal(20), None)]
    assert len(problems) == 2 and problems[0].startswith("Inntekt 3") and "ÅÅÅÅ-MM" in problems[1]
    assert parse_plan(dumps_plan(new)) == new
