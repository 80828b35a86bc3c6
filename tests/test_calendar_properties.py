"""Properties of the programme calendar and the rules, on generated plans (hypothesis).

The generated plans are plausible but unchecked: one to three periods (sometimes with a gap),
leave of every kind, activities of every category that may reach outside the programme, with or
without per-day hours, some cancelled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.calendar import ProgrammeCalendar, holiday_name
from planner.dates import days, monday_of
from planner.model import WEEKDAY_KEYS, Activity, Category, Evaluation, Leave, LeaveKind, Participant, Period, Plan, Status
from planner.params import load_parameters
from planner.rules import CheckSettings, check_plan

PARAMS = load_parameters()
FULL_WEEK = Decimal("37.5")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

hours = st.sampled_from([Decimal(x) for x in ("0.5", "1.5", "3", "4.5", "7.5", "10", "12", "15", "18.75", "22.5", "37.5")])


@st.composite
def periods(draw) -> tuple[Period, ...]:
    start = draw(st.dates(date(2024, 1, 1), date(2029, 12, 31)))
    out = []
    for index in range(draw(st.integers(1, 3))):
        length = draw(st.integers(14, 366))
        out.append(Period(start, start + timedelta(days=length - 1), special_reasons=index == 2))
        start = out[-1].end + timedelta(days=draw(st.sampled_from([1, 1, 1, 5])))  # now and then a gap
    return tuple(out)


@st.composite
def activities(draw, first: date, last: date) -> Activity:
    span = (last - first).days
    start = first + timedelta(days=draw(st.integers(-10, span)))
    end = start + timedelta(days=draw(st.integers(0, span + 10)))
    per_week = draw(hours)
    weekdays = None
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(WEEKDAY_KEYS), min_size=1, max_size=5, unique=True))
        share = (per_week / len(chosen)).quantize(Decimal("0.01"))
        weekdays = {key: share for key in chosen}
        per_week = sum(weekdays.values())
    return Activity(
        id=f"a{draw(st.integers(0, 10**6))}",
        title="Aktivitet",
        category=draw(st.sampled_from(list(Category))),
        start=start,
        end=end,
        hours_per_week=per_week,
        weekdays=weekdays,
        justification=draw(st.sampled_from([None, "Begrunnet"])),
        status=draw(st.sampled_from([None, Status.AGREED, Status.PROPOSED, Status.CANCELLED])),
    )


@st.composite
def leaves(draw, first: date, last: date) -> Leave:
    span = (last - first).days
    start = first + timedelta(days=draw(st.integers(-5, span)))
    return Leave(draw(st.sampled_from(list(LeaveKind))), start, start + timedelta(days=draw(st.integers(0, 40))))


@st.composite
def plans(draw) -> Plan:
    ps = draw(periods())
    first, last = ps[0].start, ps[-1].end
    acts = draw(st.lists(activities(first, last), max_size=6, unique_by=lambda a: a.id))
    lvs = draw(st.lists(leaves(first, last), max_size=3))
    evaluations = tuple(Evaluation(p.start + timedelta(days=draw(st.integers(0, (p.end - p.start).days)))) for p in ps)
    birth = draw(st.dates(date(1955, 1, 1), date(2010, 12, 31)))
    return Plan(
        participant=Participant(birth),
        application_date=first - timedelta(days=draw(st.integers(0, 250))),
        periods=ps,
        leaves=tuple(lvs),
        activities=tuple(acts),
        evaluations=evaluations,
    )


def calendar(plan: Plan) -> ProgrammeCalendar:
    return ProgrammeCalendar(plan, PARAMS)


def short_weeks(plan: Plan) -> set[str]:
    found = check_plan(plan, PARAMS).by_rule("full_time")
    return set(found[0].weeks) if found else set()


# -- the calendar ------------------------------------------------------------------------------------


@SETTINGS
@given(plans())
def test_weeks_match_the_contracts_definition(plan):
    """Every week equals the spec's per-day definition ("How weeks are counted"), computed naively."""
    cal = calendar(plan)
    programme = {d for p in plan.periods for d in days(p.start, p.end)}
    covered = {d for leave in plan.leaves for d in days(leave.start, leave.end)}
    mondays = sorted({monday_of(d) for d in programme})
    assert [w.monday for w in cal.weeks] == mondays
    for week in cal.weeks:
        working = [
            week.monday + timedelta(days=i)
            for i in range(5)
            if (d := week.monday + timedelta(days=i)) in programme and holiday_name(d) is None and d not in covered
        ]
        assert list(week.working_days) == working
        assert week.required_hours == FULL_WEEK * len(working) / 5
        expected = []
        for activity in plan.activities:
            h = sum((activity.hours_on(d) for d in working), Decimal(0))
            if h:
                expected.append((activity.id, h))
        assert week.hours_by_activity == tuple(expected)
        assert week.planned_hours == sum((h for _, h in expected), Decimal(0))
        assert week == cal.week(week.monday)


@SETTINGS
@given(plans())
def test_required_hours_of_a_week_are_at_most_a_full_week(plan):
    for week in calendar(plan).weeks:
        assert Decimal(0) <= week.required_hours <= FULL_WEEK
        assert week.required_hours % Decimal("7.5") == 0


@SETTINGS
@given(plans())
def test_every_stipend_day_is_a_weekday_in_a_period_and_not_interrupted(plan):
    cal = calendar(plan)
    for day in cal.stipend_days:
        assert day.weekday() < 5
        assert any(p.start <= day <= p.end for p in plan.periods)
        assert cal.leave_on(day, frozenset({LeaveKind.INTERRUPTION})) is None
    assert set(cal.working_days) <= set(cal.stipend_days)


@SETTINGS
@given(plans())
def test_halfway_day_lies_within_the_programme(plan):
    cal = calendar(plan)
    if cal.halfway_day is None:
        assert cal.counted_days == ()
        return
    assert cal.start <= cal.halfway_day <= cal.end
    assert cal.halfway_day in cal.counted_days
    index = cal.counted_days.index(cal.halfway_day)
    assert index == (len(cal.counted_days) - 1) // 2


@SETTINGS
@given(plans())
def test_final_part_lies_within_the_last_period(plan):
    first, last = calendar(plan).final_part
    period = max(plan.periods, key=lambda p: p.start)
    assert period.start <= first <= last == period.end


@SETTINGS
@given(plans(), st.data())
def test_adding_leave_never_increases_counted_days(plan, data):
    cal = calendar(plan)
    extra = data.draw(leaves(plan.start, plan.end))
    more = calendar(replace(plan, leaves=plan.leaves + (extra,)))
    assert len(more.counted_days) <= len(cal.counted_days)
    assert len(more.working_days) <= len(cal.working_days)
    assert set(more.counted_days) <= set(cal.counted_days)


# -- the rules -----------------------------------------------------------------------------------------


@SETTINGS
@given(plans(), st.data())
def test_more_hours_never_create_a_full_time_finding(plan, data):
    before = short_weeks(plan)
    if plan.activities and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(plan.activities) - 1))
        factor = data.draw(st.sampled_from([Decimal(1), Decimal(2), Decimal(3)]))
        activity = plan.activities[index]
        bigger = replace(
            activity,
            hours_per_week=activity.hours_per_week * factor,
            weekdays={k: v * factor for k, v in activity.weekdays.items()} if activity.weekdays else None,
        )
        changed = replace(plan, activities=plan.activities[:index] + (bigger,) + plan.activities[index + 1 :])
    else:
        extra = data.draw(activities(plan.start, plan.end))
        changed = replace(plan, activities=plan.activities + (replace(extra, id="extra"),))
    assert short_weeks(changed) <= before


@SETTINGS
@given(plans())
def test_removing_a_cancelled_activity_changes_nothing(plan):
    kept = tuple(a for a in plan.activities if a.status is not Status.CANCELLED)
    assert check_plan(plan, PARAMS) == check_plan(replace(plan, activities=kept), PARAMS)


@SETTINGS
@given(plans())
def test_check_never_fails_and_findings_are_well_formed(plan):
    result = check_plan(plan, PARAMS, CheckSettings(final_part_months=4))
    severities = [f.severity.rank for f in result.findings]
    assert severities == sorted(severities)
    for finding in result.findings:
        assert finding.message and finding.reference and finding.explanation.summary
        assert all(len(week) == 8 and week[4:6] == "-U" for week in finding.weeks)
    assert result.errors + result.warnings + result.infos == len(result.findings)
