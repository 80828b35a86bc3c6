"""One scenario per contract rule: the example plan, changed so that it breaks exactly that rule.

Every expected finding is worked out by hand from the law (shared/domain/kvp-rules.md) and the
contract (shared/spec/plan-format.md); the arithmetic is in the comments. Facts used throughout:

- The example's programme is 2026-03-02 (Mon) .. 2027-02-28 (Sun): 364 days = 52 whole ISO weeks
  = 260 weekdays. Weekday public holidays in it: 2 Apr (Maundy Thursday), 3 Apr (Good Friday),
  6 Apr (Easter Monday), 1 May (Fri), 14 May (Ascension, Thu), 25 May (Whit Monday), 25 Dec (Fri)
  2026 and 1 Jan 2027 (Fri) — 8 days; 17 May 2026 is a Sunday. Vacation 6–31 Jul 2026 = 20
  weekdays. Working days: 260 − 8 − 20 = 232.
- Normal week planned hours in March: a1 7.5 + a2 12 + a3 3 + a4 15 + a7 1.5 = 39 ≥ 37.5.
- From April: a2 12 + a3 3 + a5 22.5 + a7 1.5 = 39; from November + a6 4.5; from 21 Dec a8 12.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from planner.calendar import ProgrammeCalendar
from planner.model import Activity, Category, Child, Evaluation, Leave, LeaveKind, Period, Plan, Status
from planner.params import load_parameters
from planner.planfile import parse_plan
from planner.rules import CONTRACT_RULES, CheckResult, CheckSettings, Severity, check_plan

EXAMPLE = Path(__file__).resolve().parents[1].parent / "shared/spec/example-plan.json"
PARAMS = load_parameters()
END = date(2027, 2, 28)


def example() -> Plan:
    return parse_plan(EXAMPLE.read_text(encoding="utf-8"))


def check(plan: Plan, **settings) -> CheckResult:
    return check_plan(plan, PARAMS, CheckSettings(**settings))


def problems(result: CheckResult) -> set[str]:
    """Rule ids of every error and warning (info is not a problem)."""
    return {f.rule for f in result.findings if f.severity is not Severity.INFO}


def only(result: CheckResult, rule: str):
    """Exactly one finding of `rule`, and no other rule's error or warning."""
    assert problems(result) == {rule}, [f.message for f in result.findings]
    (finding,) = result.by_rule(rule)
    assert finding.severity is CONTRACT_RULES[rule]
    assert finding.explanation.summary and finding.reference and finding.message
    return finding


def with_activity(plan: Plan, activity_id: str, **changes) -> Plan:
    return replace(plan, activities=tuple(replace(a, **changes) if a.id == activity_id else a for a in plan.activities))


def extended(plan: Plan, periods: list[Period], evaluations: list[date] = ()) -> Plan:
    """The plan with new vedtak periods; activities that ran to the old end run to the new end."""
    old_end, new_end = plan.end, periods[-1].end
    activities = tuple(replace(a, end=new_end) if a.end == old_end else a for a in plan.activities)
    return replace(
        plan,
        periods=tuple(periods),
        activities=activities,
        evaluations=plan.evaluations + tuple(Evaluation(d) for d in evaluations),
    )


# -- the example itself --------------------------------------------------------------------------


def test_example_has_no_errors_and_no_warnings():
    result = check(example())
    assert result.errors == 0
    assert result.warnings == 0
    # The only finding: barnetillegg changes 1 January; the last known rate is from 2026-01-01, the
    # plan runs to 2027-02-28 and the child (born 2016) is supported, so 2027's rate is projected.
    # G is not: the last G is from 2026-05-01, the next is due 2027-05-01, after the plan ends.
    (info,) = result.findings
    assert info.rule == "rate_projected" and info.date == date(2027, 1, 1)
    assert "Barnetillegget fra og med 1. januar 2027" in info.message
    assert "G" not in info.message.replace("Planen", "")


def test_example_calendar_facts_used_in_these_comments():
    calendar = ProgrammeCalendar(example(), PARAMS)
    assert len(calendar.programme_days) == 364
    assert len(calendar.working_days) == 232
    assert len(calendar.weeks) == 52


# -- age_18_67 (sotjl § 29) ---------------------------------------------------------------------


def test_age_67_during_the_programme():
    # Born 1960-01-15: turns 67 on 2027-01-15, before the programme ends 2027-02-28. The last day
    # may be at most 2027-01-14. (In 2026 the participant is 66: vacation limit 30, 20 used.)
    plan = example()
    plan = replace(plan, participant=replace(plan.participant, birth_date=date(1960, 1, 15)))
    finding = only(check(plan), "age_18_67")
    assert finding.date == date(2027, 1, 15)
    assert "fyller 67 år 15. januar 2027" in finding.message
    assert "senest 14. januar 2027" in finding.message


@pytest.mark.parametrize(
    "birth, breaks",
    [
        (date(1960, 2, 28), True),  # 67 on 2027-02-28, the last day itself: not "under 67" that day
        (date(1960, 3, 1), False),  # 67 on 2027-03-01, the day after the programme
        (date(1960, 2, 29), False),  # born on a leap day: 67 on 2027-03-01 (2027 has no 29 Feb)
    ],
)
def test_67th_birthday_on_and_after_the_last_day(birth, breaks):
    plan = example()
    plan = replace(plan, participant=replace(plan.participant, birth_date=birth))
    assert bool(check(plan).by_rule("age_18_67")) is breaks


@pytest.mark.parametrize(
    "birth, breaks",
    [
        (date(2008, 3, 3), True),  # 18 on 2026-03-03, the day after the start: 17 on the first day
        (date(2008, 3, 2), False),  # 18 on the first day
        (date(2008, 2, 29), False),  # leap-day birth: 18 on 2026-03-01, the day before the start
    ],
)
def test_18th_birthday_around_the_start(birth, breaks):
    plan = example()
    plan = replace(plan, participant=replace(plan.participant, birth_date=birth, children=()))
    result = check(plan)
    assert bool(result.by_rule("age_18_67")) is breaks
    if breaks:
        finding = only(result, "age_18_67")
        assert finding.date == date(2026, 3, 2)
        assert "er 17 år" in finding.message and "fyller 18 år først 3. mars 2026" in finding.message


# -- start_within_6_months (sotjl § 31) ---------------------------------------------------------


def test_start_one_day_after_the_deadline():
    # Application 2025-09-01 + 6 months = 2026-03-01; the start 2026-03-02 is one day late.
    plan = replace(example(), application_date=date(2025, 9, 1))
    finding = only(check(plan), "start_within_6_months")
    assert finding.date == date(2026, 3, 2)
    assert "1 dag etter fristen" in finding.message
    assert "1. mars 2026" in finding.message
    assert ("Siste tillatte startdato", date(2026, 3, 1)) in finding.explanation.dates


def test_start_deadline_from_the_31st_is_the_last_day_of_february():
    # Application 2025-08-31 + 6 months: 31 February does not exist, so the deadline is the last
    # day of February (domstolloven § 148), 2026-02-28; the start 2026-03-02 is 2 days late.
    plan = replace(example(), application_date=date(2025, 8, 31))
    finding = only(check(plan), "start_within_6_months")
    assert "2 dager etter fristen" in finding.message
    assert ("Siste tillatte startdato", date(2026, 2, 28)) in finding.explanation.dates


def test_start_on_the_deadline_is_in_time():
    # Application 2025-09-02 + 6 months = 2026-03-02 = the start.
    assert not check(replace(example(), application_date=date(2025, 9, 2))).by_rule("start_within_6_months")


# -- period_max_1_year (forskrift § 2) ----------------------------------------------------------


def test_period_one_day_longer_than_a_year():
    # 2026-03-02 + 12 months = 2027-03-02, minus a day = 2027-03-01: at most 365 days. The period
    # 2026-03-02..2027-03-02 has 366 days: one too many, from 2027-03-02. (The activities that ran
    # to 2027-02-28 run to the new end; week 2027-U09 then has Mon–Tue: required 2 × 7.5 = 15,
    # planned 2 × (0.6 + 4.5 + 0.9 + 0.3 + 2.4) = 17.4.)
    plan = extended(example(), [Period(date(2026, 3, 2), date(2027, 3, 2))])
    finding = only(check(plan), "period_max_1_year")
    assert finding.date == date(2027, 3, 2)
    assert "366 dager" in finding.message and "365 dager" in finding.message and "1 dag for mye" in finding.message


def test_period_of_exactly_a_year_of_365_days():
    plan = extended(example(), [Period(date(2026, 3, 2), date(2027, 3, 1))])
    assert not problems(check(plan))


def test_period_with_leave_may_end_later():
    # 14 days of approved leave (permisjon) are added to the period ("legges til innvilget
    # varighet"): 2026-03-02..2027-03-15 is 379 days, 379 − 14 = 365 counted days = one year.
    leave = Leave(LeaveKind.LEAVE, date(2026, 10, 5), date(2026, 10, 18), "Permisjon")
    plan = extended(example(), [Period(date(2026, 3, 2), date(2027, 3, 15))])
    assert check(replace(plan, leaves=plan.leaves + (leave,))).by_rule("period_max_1_year") == ()
    # ... and without the leave the same period is 14 days too long, from 2027-03-02.
    finding = only(check(plan), "period_max_1_year")
    assert finding.date == date(2027, 3, 2) and "14 dager for mye" in finding.message


# -- total_duration (sotjl § 32) ----------------------------------------------------------------

THREE_PERIODS = [
    Period(date(2026, 3, 2), date(2027, 3, 1)),  # 365 days
    Period(date(2027, 3, 2), date(2027, 12, 31)),  # 305 days
    Period(date(2028, 1, 1), date(2028, 3, 2)),  # 62 days (2028 is a leap year)
]
MORE_EVALUATIONS = [date(2027, 6, 1), date(2028, 2, 1)]


def test_total_duration_one_day_over_two_years():
    # 2026-03-02 + 24 months = 2028-03-02, minus a day = 2028-03-01. Two years from 2026-03-02 are
    # 365 (to 2027-03-01) + 366 (2027-03-02..2028-03-01, over 29 Feb 2028) = 731 days. The three
    # periods hold 365 + 305 + 62 = 732 days, no leave: one day too many, the first being 2028-03-02.
    plan = extended(example(), THREE_PERIODS, MORE_EVALUATIONS)
    result = check(plan)
    finding = only(result, "total_duration")
    assert finding.date == date(2028, 3, 2)
    assert "732 dager" in finding.message and "731 dager" in finding.message and "1 dag er for mye" in finding.message
    assert "to år fra 2. mars 2026" in finding.message
    # The plan also runs past 1 May 2027, the next G: projected (info, not a problem).
    assert ("G fremskrevet fra", date(2027, 5, 1)) in result.by_rule("rate_projected")[0].explanation.dates


def test_total_duration_leave_does_not_count():
    # One day of permisjon (2027-06-07) does not count: 732 − 1 = 731 counted days = the limit.
    plan = extended(example(), THREE_PERIODS, MORE_EVALUATIONS)
    leave = Leave(LeaveKind.LEAVE, date(2027, 6, 7), date(2027, 6, 7))
    assert not problems(check(replace(plan, leaves=plan.leaves + (leave,))))


def test_total_duration_with_special_reasons_allows_three_years():
    # Marked as extended for særlige grunner: 2026-03-02 + 36 months − 1 day = 2029-03-01, 1096 days.
    periods = THREE_PERIODS[:2] + [replace(THREE_PERIODS[2], special_reasons=True)]
    assert not problems(check(extended(example(), periods, MORE_EVALUATIONS)))


# -- full_time (sotjl § 30 tredje ledd) ---------------------------------------------------------


def test_easter_week_short():
    # Easter 2026: Maundy Thursday 2 April and Good Friday 3 April are holidays, so 2026-U14
    # (30 Mar–3 Apr) has 3 working days: required 3 × 37.5 / 5 = 22.5 h. With the work training a5
    # starting Easter Monday 6 April instead of 1 April, the week plans a1 2 × 1.5 = 3 (to 31 Mar),
    # a2 3 + 3 + 3 = 9 (Mon–Wed), a3 3 × 0.6 = 1.8, a4 2 × 3 = 6 (to 31 Mar), a7 3 × 0.3 = 0.9:
    # 20.7 h, 1.8 h short. 2026-U15 (Easter Monday off): required 30, planned 4 × 9.75 = 39.
    plan = with_activity(example(), "a5", start=date(2026, 4, 6))
    finding = only(check(plan), "full_time")
    assert finding.weeks == ("2026-U14",)
    assert finding.date == date(2026, 3, 30)
    assert finding.message == "1 uke har færre planlagte timer enn full tid: 2026-U14 (mangler 1,8 t)."
    assert ("2026-U14", "planlagt 20,7 av 22,5 timer") in finding.explanation.inputs


def test_full_time_names_every_short_week():
    # Without the motivation group a4 (15 h, 2–31 March), the March weeks plan 39 − 15 = 24 h:
    # U10–U13 short by 13.5; U14 plans 25.2 − 6 = 19.2 of 22.5 (short by 3.3).
    plan = replace(example(), activities=tuple(a for a in example().activities if a.id != "a4"))
    finding = only(check(plan), "full_time")
    assert finding.weeks == ("2026-U10", "2026-U11", "2026-U12", "2026-U13", "2026-U14")
    assert finding.message.startswith("5 uker har færre planlagte timer enn full tid: 2026-U10 (mangler 13,5 t)")
    assert finding.message.endswith("og 2 til.")


# -- paid_work_max_50 (sotjl § 30 tredje ledd) --------------------------------------------------


def job(ident: str, hours: str, start: date, end: date) -> Activity:
    return Activity(ident, "Deltidsjobb", Category.PAID_WORK, start, end, Decimal(hours), status=Status.AGREED)


def test_paid_work_over_half_time():
    # 0.5 × 37.5 = 18.75 h. A 20 h job 7–18 September 2026 (two whole weeks, U37 and U38, no
    # holidays) plans 20 h in each: both over.
    plan = example()
    plan = replace(plan, activities=plan.activities + (job("j1", "20", date(2026, 9, 7), date(2026, 9, 18)),))
    finding = only(check(plan), "paid_work_max_50")
    assert finding.weeks == ("2026-U37", "2026-U38")
    assert finding.activity_ids == ("j1",)
    assert finding.date == date(2026, 9, 7)
    assert "over 18,75 timer i 2 uker" in finding.message


def test_paid_work_of_exactly_half_time_is_allowed():
    plan = example()
    plan = replace(plan, activities=plan.activities + (job("j1", "18.75", date(2026, 9, 7), date(2026, 9, 18)),))
    assert not problems(check(plan))


def test_two_jobs_are_added_together():
    # 10 h + 10 h in the same week (U37) = 20 h > 18.75.
    plan = example()
    jobs = (job("j1", "10", date(2026, 9, 7), date(2026, 9, 11)), job("j2", "10", date(2026, 9, 7), date(2026, 9, 11)))
    finding = only(check(replace(plan, activities=plan.activities + jobs)), "paid_work_max_50")
    assert finding.weeks == ("2026-U37",) and finding.activity_ids == ("j1", "j2")


# -- job_seeking_final_part (sotjl § 30 annet ledd) ---------------------------------------------


def test_job_seeking_ends_the_day_before_the_final_part():
    # Final part: the last 3 months of the period, 2027-03-01 − 3 months = 2026-12-01 .. 2027-02-28.
    # Job seeking a6 ending 2026-11-30 misses it by one day. (The weeks stay full: from December
    # a2 12 + a3 3 + a5 22.5 + a7 1.5 = 39.)
    plan = with_activity(example(), "a6", end=date(2026, 11, 30))
    finding = only(check(plan), "job_seeking_final_part")
    assert finding.date == date(2026, 12, 1)
    assert "1. desember 2026–28. februar 2027" in finding.message
    assert "a6 «Jobbsøkerkurs og jobbklubb» slutter 30. november 2026" in finding.message


def test_job_seeking_on_the_first_day_of_the_final_part_is_enough():
    assert not problems(check(with_activity(example(), "a6", end=date(2026, 12, 1))))


def test_leave_in_the_final_part_reaches_it_back():
    # 12 days of permisjon 2027-01-04..2027-01-15 inside the final part: it reaches 12 days further
    # back, 2026-12-01 − 12 days = 2026-11-19, so job seeking to 2026-11-30 is inside it again.
    plan = with_activity(example(), "a6", end=date(2026, 11, 30))
    leave = Leave(LeaveKind.LEAVE, date(2027, 1, 4), date(2027, 1, 15))
    plan = replace(plan, leaves=plan.leaves + (leave,))
    assert ProgrammeCalendar(plan, PARAMS).final_part == (date(2026, 11, 19), END)
    assert not problems(check(plan))


def test_office_setting_of_four_months():
    # Final part of 4 months: 2027-03-01 − 4 months = 2026-11-01; a6 (2 Nov–30 Nov) is inside.
    plan = with_activity(example(), "a6", end=date(2026, 11, 30))
    result = check(plan, final_part_months=4)
    assert not problems(result)


# -- evaluations_scheduled (forskrift § 1) ------------------------------------------------------


def test_no_evaluation_in_the_period():
    finding = only(check(replace(example(), evaluations=())), "evaluations_scheduled")
    assert finding.date == date(2026, 3, 2)
    assert finding.message.startswith("Vedtaksperiode 1 (2. mars 2026–28. februar 2027) har ingen planlagt evaluering")


def test_each_period_needs_its_own_evaluation():
    # Three periods, evaluations only in the first (2026-05-29, 09-11, 12-11): periods 2 and 3 lack
    # one. (The three periods are also one day over two years: total_duration, see above.)
    result = check(extended(example(), THREE_PERIODS))
    findings = result.by_rule("evaluations_scheduled")
    assert [f.date for f in findings] == [date(2027, 3, 2), date(2028, 1, 1)]
    assert problems(result) == {"evaluations_scheduled", "total_duration"}


# -- vacation_max (forskrift § 6) ---------------------------------------------------------------


def vacation(start: date, end: date) -> Leave:
    return Leave(LeaveKind.VACATION, start, end)


def test_vacation_across_new_year():
    # 2026: summer 6–31 Jul = 20 weekdays; autumn 5–9 Oct = 5 (25 so far); Christmas 28 Dec 2026–
    # 8 Jan 2027: 28, 29, 30, 31 Dec = 4 in 2026 → 29 > 25, four too many; the 26th day is
    # 2026-12-28. 2027: 1 Jan is a holiday, 4–8 Jan = 5 ≤ 25.
    plan = example()
    plan = replace(plan, leaves=plan.leaves + (vacation(date(2026, 10, 5), date(2026, 10, 9)), vacation(date(2026, 12, 28), date(2027, 1, 8))))
    finding = only(check(plan), "vacation_max")
    assert finding.date == date(2026, 12, 28)
    assert "Ferien i 2026 er 29 dager" in finding.message and "grensen er 25" in finding.message
    assert "4 dager for mye" in finding.message


def test_vacation_of_exactly_25_days():
    plan = example()
    plan = replace(plan, leaves=plan.leaves + (vacation(date(2026, 10, 5), date(2026, 10, 9)),))
    assert not problems(check(plan))


def test_vacation_from_the_year_the_participant_turns_60():
    # Born 1966-11-20: turns 60 in 2026, so the whole of 2026 allows 25 + 5 = 30; 29 is fine.
    plan = example()
    plan = replace(
        plan,
        participant=replace(plan.participant, birth_date=date(1966, 11, 20)),
        leaves=plan.leaves + (vacation(date(2026, 10, 5), date(2026, 10, 9)), vacation(date(2026, 12, 28), date(2027, 1, 8))),
    )
    assert not problems(check(plan))
    # Born 1967-01-01: turns 60 in 2027, so 2026 is still 25.
    plan = replace(plan, participant=replace(plan.participant, birth_date=date(1967, 1, 1)))
    assert problems(check(plan)) == {"vacation_max"}


def test_vacation_counts_weekdays_that_are_not_holidays():
    # 30 Mar–10 Apr 2026: 10 weekdays, of which 2, 3 and 6 April are holidays: 7 vacation days
    # (30, 31 Mar, 1, 7, 8, 9, 10 Apr). With the 20 in July: 27 > 25, two too many. Counted in date
    # order, the 26th day is the 19th July weekday, 2026-07-30.
    plan = example()
    plan = replace(plan, leaves=plan.leaves + (vacation(date(2026, 3, 30), date(2026, 4, 10)),))
    finding = only(check(plan), "vacation_max")
    assert "27 dager" in finding.message and "2 dager for mye" in finding.message
    assert finding.date == date(2026, 7, 30)


# -- work_directed_by_halfway (good practice) ---------------------------------------------------


def split_a5(plan: Plan) -> Plan:
    """The work training a5 split over the weekend 29–30 August 2026: a5 to Friday 28 August, a5b
    from Monday 31 August. No hours are lost (the weekend has none)."""
    a5 = plan.activity("a5")
    second = replace(a5, id="a5b", start=date(2026, 8, 31))
    return replace(
        plan,
        activities=tuple(replace(a, end=date(2026, 8, 28)) if a.id == "a5" else a for a in plan.activities) + (second,),
    )


def test_no_work_directed_measure_on_the_halfway_day():
    # 364 counted days; the halfway day is counted day (364 − 1) // 2 = 181 (from 0):
    # 2026-03-02 + 181 days = 2026-08-30 (29 + 30 + 31 + 30 + 31 + 30 = 181). Neither a5 (to 28 Aug)
    # nor a5b (from 31 Aug) runs that day.
    result = check(split_a5(example()))
    finding = only(result, "work_directed_by_halfway")
    assert finding.date == date(2026, 8, 30)
    assert finding.severity is Severity.WARNING
    assert "god praksis, ikke et lovkrav" in finding.message and "opphevet 1. januar 2019" in finding.message
    assert result.errors == 0


def test_office_can_raise_the_halfway_rule_to_error():
    finding = check(split_a5(example()), halfway_severity=Severity.ERROR).by_rule("work_directed_by_halfway")[0]
    assert finding.severity is Severity.ERROR
    assert "god praksis" in finding.message  # still says what it is


def test_leave_pushes_the_halfway_day():
    # 14 days of permisjon 4–17 May 2026 push the end to 2027-03-14 (the period may be 14 days
    # longer, see period_max_1_year). Counted days: 378 − 14 = 364; day 181 of them: 2 Mar..3 May
    # are days 0–62, 18 May is day 63, so day 181 is 18 May + 118 = 2026-09-13. a5b (from 31
    # August) runs that day: no finding.
    plan = extended(split_a5(example()), [Period(date(2026, 3, 2), date(2027, 3, 14))])
    plan = replace(plan, leaves=plan.leaves + (Leave(LeaveKind.LEAVE, date(2026, 5, 4), date(2026, 5, 17)),))
    assert ProgrammeCalendar(plan, PARAMS).halfway_day == date(2026, 9, 13)
    assert not problems(check(plan))


# -- substantial_work_directed (sotjl § 30 første ledd) -----------------------------------------


def test_substantial_part_below_half():
    # Activities replaced by four that all run the whole programme (232 working days, no weekdays):
    # work training 15 h, job seeking 4.5 h, Norwegian course 18 h, health 3 h = 40.5 h a week.
    # Aimed at work: (15 + 4.5) / 40.5 = 48.1 % < 50 %. Per working day 8.1 h, of which 3.9 aimed:
    # total 8.1 × 232 = 1879.2 h, aimed 3.9 × 232 = 904.8 h; missing 0.5 × 1879.2 − 904.8 = 34.8 h.
    plan = example()
    start, end = plan.start, plan.end
    activities = (
        Activity("w", "Arbeidstrening", Category.WORK_DIRECTED, start, end, Decimal(15)),
        Activity("j", "Jobbklubb", Category.JOB_SEEKING, start, end, Decimal("4.5")),
        Activity("n", "Norskkurs", Category.SUPPORTING, start, end, Decimal(18)),
        Activity("h", "Trening", Category.HEALTH, start, end, Decimal(3), justification="Utholdenhet"),
    )
    finding = only(check(replace(plan, activities=activities)), "substantial_work_directed")
    assert "er 48,1 % av de planlagte timene" in finding.message
    assert "minst 50 %" in finding.message
    assert "omtrent 35 timer" in finding.message
    assert ("Planlagte timer i alt", "1 879,2 timer") in finding.explanation.inputs
    assert ("Arbeidsrettede timer", "904,8 timer") in finding.explanation.inputs


# -- health_time_justified (sotjl § 30 første ledd) ---------------------------------------------


@pytest.mark.parametrize("justification", [None, "", "   "])
def test_health_activity_without_justification(justification):
    finding = only(check(with_activity(example(), "a3", justification=justification)), "health_time_justified")
    assert finding.activity_ids == ("a3",)
    assert "a3 «Trening med Frisklivssentralen»" in finding.message


def test_cancelled_health_activity_needs_no_justification():
    plan = example()
    extra = Activity("h2", "Hvile", Category.HEALTH, plan.start, plan.end, Decimal(2), status=Status.CANCELLED)
    assert not problems(check(replace(plan, activities=plan.activities + (extra,))))


# -- rate_projected (sotjl § 35) ----------------------------------------------------------------


def test_rate_projected_from_the_next_may():
    # Last known G: 2026-05-01, so the next G takes effect 2027-05-01. A second period to
    # 2027-05-01 runs into it: info, dated 2027-05-01.
    plan = extended(example(), [Period(date(2026, 3, 2), END), Period(date(2027, 3, 1), date(2027, 5, 1))], [date(2027, 4, 1)])
    plan = replace(plan, participant=replace(plan.participant, children=()))
    result = check(plan)
    assert not problems(result)
    (finding,) = result.by_rule("rate_projected")
    assert finding.severity is Severity.INFO and finding.date == date(2027, 5, 1)
    assert "fra og med 1. mai 2027 er fremskrevet med siste kjente G" in finding.message


def test_no_rate_projected_before_the_next_may():
    plan = extended(example(), [Period(date(2026, 3, 2), END), Period(date(2027, 3, 1), date(2027, 4, 30))], [date(2027, 4, 1)])
    plan = replace(plan, participant=replace(plan.participant, children=()))
    assert check(plan).findings == ()


def test_grown_up_child_gives_no_barnetillegg_projection():
    # A child born 2008-06-01 turns 18 on 2026-06-01, before 2027-01-01: no barnetillegg then.
    plan = replace(example(), participant=replace(example().participant, children=(Child(date(2008, 6, 1)),)))
    assert check(plan).findings == ()


# -- every contract rule has a scenario above -----------------------------------------------------


def test_every_contract_rule_is_covered_here():
    source = Path(__file__).read_text(encoding="utf-8")
    for rule in CONTRACT_RULES:
        assert f'"{rule}"' in source, rule
