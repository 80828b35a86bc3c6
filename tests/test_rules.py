"""The rule machinery (registry, findings, result, settings), the text formatter, and the rules
the scenarios do not reach: the added plan-structure rules and single-rule edge cases."""

from __future__ import annotations

import ast
import importlib
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from planner.calendar import ProgrammeCalendar
from planner.model import Activity, Category, Evaluation, Leave, LeaveKind, Participant, Period, Plan, Status
from planner.params import load_parameters
from planner.planfile import parse_plan
from planner.rules import CONTRACT_RULES, RULES, RULES_BY_ID, CheckSettings, Severity, check_plan, make_context
from planner.rules.base import CheckResult, Explanation, Finding, format_parameter, span_last_day
from planner.text import (
    fmt_date,
    fmt_date_short,
    fmt_days,
    fmt_hours,
    fmt_hours_unit,
    fmt_kr,
    fmt_list,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_span,
    nowrap,
)

EXAMPLE = Path(__file__).resolve().parents[1].parent / "shared/spec/example-plan.json"
PARAMS = load_parameters()


def example() -> Plan:
    return parse_plan(EXAMPLE.read_text(encoding="utf-8"))


def simple_plan(start: date, end: date, hours: str = "37.5", **changes) -> Plan:
    """One period, one full-time work-directed activity, a job-seeking one and an evaluation."""
    plan = Plan(
        participant=Participant(date(1990, 1, 1)),
        application_date=start,
        periods=(Period(start, end),),
        activities=(
            Activity("w", "Arbeidstrening", Category.WORK_DIRECTED, start, end, Decimal(hours)),
            Activity("j", "Jobbsøking", Category.JOB_SEEKING, start, end, Decimal("1")),
        ),
        evaluations=(Evaluation(start),),
    )
    return replace(plan, **changes)


def ids(plan: Plan, **settings) -> set[str]:
    return {f.rule for f in check_plan(plan, PARAMS, CheckSettings(**settings)).findings if f.severity is not Severity.INFO}


# -- the registry ---------------------------------------------------------------------------------


def test_contract_ids_and_severities():
    for rule_id, severity in CONTRACT_RULES.items():
        assert RULES_BY_ID[rule_id].default_severity is severity


def test_ids_are_unique_and_every_rule_is_documented():
    assert len(RULES_BY_ID) == len(RULES)
    docs = (Path(__file__).resolve().parents[1] / "docs/rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert rule.title and rule.reference and len(rule.law_text) > 60, rule.id
        assert f"`{rule.id}`" in docs, f"{rule.id} mangler i docs/rules.md"


def test_every_rule_module_begins_with_its_law():
    for name in ("age", "start", "periods", "duration", "full_time", "paid_work", "job_seeking", "evaluations",
                 "vacation", "halfway", "substantial", "health", "rate", "outside"):
        module = importlib.import_module(f"planner.rules.{name}")
        assert module.__doc__ and len(module.__doc__) > 200, name
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        first_assignment = next(n for n in tree.body if isinstance(n, ast.Assign))
        assert first_assignment.targets[0].id.startswith("LAW_TEXT"), name


def test_halfway_history_is_in_the_rule():
    rule = RULES_BY_ID["work_directed_by_halfway"]
    assert "2012–2018" in rule.law_text and "2219" in rule.law_text and "4.30.2.2" in rule.law_text


# -- findings and the result ------------------------------------------------------------------------


def finding(rule: str, severity: Severity, day: date | None) -> Finding:
    return Finding(rule, severity, "m", "r", date=day)


def test_result_sorts_errors_then_warnings_then_info_then_by_date():
    findings = (
        finding("i", Severity.INFO, date(2026, 1, 1)),
        finding("w2", Severity.WARNING, None),
        finding("e2", Severity.ERROR, date(2026, 5, 1)),
        finding("w1", Severity.WARNING, date(2026, 2, 1)),
        finding("e1", Severity.ERROR, date(2026, 3, 1)),
    )
    result = CheckResult(findings)
    assert [f.rule for f in result.findings] == ["e1", "e2", "w1", "w2", "i"]
    assert (result.errors, result.warnings, result.infos) == (2, 2, 1)
    assert result.by_rule("w2") == (findings[1],)
    assert not result.ok


def test_finding_dict_keeps_the_contract_keys_and_leaves_out_empty_ones():
    bare = Finding("full_time", Severity.ERROR, "m", "sotjl § 30").to_dict(explanation=False)
    assert bare == {"rule": "full_time", "severity": "error", "message": "m", "reference": "sotjl § 30"}
    full = Finding(
        "full_time", Severity.ERROR, "m", "r", weeks=("2026-U14",), date=date(2026, 3, 30), activity_ids=("a1",),
        explanation=Explanation("s", (("a", "b"),), (("p", "1", "kilde"),), (("d", date(2026, 1, 1)),)),
    ).to_dict()
    assert full["weeks"] == ["2026-U14"] and full["date"] == "2026-03-30" and full["activity_ids"] == ["a1"]
    assert full["explanation"] == {
        "summary": "s",
        "inputs": [{"label": "a", "value": "b"}],
        "parameters": [{"name": "p", "value": "1", "source": "kilde"}],
        "dates": [{"label": "d", "date": "2026-01-01"}],
    }
    json.dumps(full)


def test_check_is_pure_and_repeatable():
    plan = example()
    assert check_plan(plan, PARAMS) == check_plan(plan, PARAMS)


def test_a_calendar_built_for_the_plan_is_reused_and_a_foreign_one_is_not():
    plan = example()
    calendar = ProgrammeCalendar(plan, PARAMS)
    assert make_context(plan, PARAMS, calendar=calendar).calendar is calendar
    other = ProgrammeCalendar(replace(plan, evaluations=()), PARAMS)
    assert make_context(plan, PARAMS, calendar=other).calendar is not other
    # an office override needs a calendar built with it
    assert make_context(plan, PARAMS, CheckSettings(final_part_months=4), calendar=calendar).calendar is not calendar
    assert check_plan(plan, PARAMS, calendar=calendar) == check_plan(plan, PARAMS)


def test_settings_are_validated():
    with pytest.raises(ValueError):
        CheckSettings(final_part_months=0)
    assert CheckSettings(halfway_severity="error").halfway_severity is Severity.ERROR


def test_final_part_override_shows_in_the_explanation():
    plan = replace(example(), activities=tuple(a for a in example().activities if a.id != "a6"))
    (found,) = check_plan(plan, PARAMS, CheckSettings(final_part_months=2)).by_rule("job_seeking_final_part")
    # 2 months: 2027-03-01 − 2 months = 2027-01-01
    assert found.date == date(2027, 1, 1)
    assert ("program.sluttfase_mnd", "2 måneder", "Kontorets innstilling") in found.explanation.parameters


def test_every_finding_explains_itself():
    """A plan that breaks most rules at once: every finding has a summary, and every parameter
    row names its source."""
    plan = example()
    plan = replace(
        plan,
        participant=replace(plan.participant, birth_date=date(2009, 6, 1)),
        application_date=date(2025, 1, 1),
        periods=(Period(date(2026, 3, 2), date(2027, 3, 31)), Period(date(2027, 4, 2), date(2028, 6, 1))),
        leaves=plan.leaves + (Leave(LeaveKind.VACATION, date(2026, 9, 1), date(2026, 9, 30)),),
        activities=tuple(replace(a, category=Category.HEALTH, justification=None) for a in plan.activities[:4]),
        evaluations=(Evaluation(date(2030, 1, 1)),),
    )
    result = check_plan(plan, PARAMS)
    assert {f.rule for f in result.findings} >= {
        "periods_contiguous", "age_18_67", "start_within_6_months", "period_max_1_year", "full_time",
        "job_seeking_final_part", "evaluations_scheduled", "vacation_max", "work_directed_by_halfway",
        "health_time_justified", "evaluation_outside_programme", "rate_projected", "substantial_work_directed",
    }
    for f in result.findings:
        assert f.explanation.summary, f.rule
        assert all(source for _, _, source in f.explanation.parameters), f.rule
        assert f.message.endswith("."), f.message


# -- added rules ---------------------------------------------------------------------------------------


def test_no_periods():
    plan = replace(simple_plan(date(2026, 3, 2), date(2026, 6, 30)), periods=())
    result = check_plan(plan, PARAMS)
    assert [f.rule for f in result.findings] == ["no_periods"]


def test_periods_gap_overlap_and_order():
    base = simple_plan(date(2026, 1, 5), date(2026, 12, 31))
    gap = replace(base, periods=(Period(date(2026, 1, 5), date(2026, 6, 30)), Period(date(2026, 7, 3), date(2026, 12, 31))))
    (f,) = check_plan(gap, PARAMS).by_rule("periods_contiguous")
    assert "2 dager uten vedtak" in f.message and f.date == date(2026, 7, 1)
    overlap = replace(base, periods=(Period(date(2026, 1, 5), date(2026, 6, 30)), Period(date(2026, 6, 29), date(2026, 12, 31))))
    (f,) = check_plan(overlap, PARAMS).by_rule("periods_contiguous")
    assert "overlapper" in f.message and "2 dager" in f.message
    order = replace(base, periods=(Period(date(2026, 7, 1), date(2026, 12, 31)), Period(date(2026, 1, 5), date(2026, 6, 30))))
    (f,) = check_plan(order, PARAMS).by_rule("periods_contiguous")
    assert "ikke i rekkefølge" in f.message
    fine = replace(base, periods=(Period(date(2026, 1, 5), date(2026, 6, 30)), Period(date(2026, 7, 1), date(2026, 12, 31))))
    assert check_plan(fine, PARAMS).by_rule("periods_contiguous") == ()


def test_activity_outside_programme():
    plan = simple_plan(date(2026, 3, 2), date(2026, 6, 30))
    early = Activity("x", "Forkurs", Category.SUPPORTING, date(2026, 2, 23), date(2026, 3, 6), Decimal(5))
    late = Activity("y", "Etterkurs", Category.SUPPORTING, date(2026, 6, 1), date(2026, 7, 3), Decimal(5))
    cancelled = replace(early, id="z", status=Status.CANCELLED)
    (f,) = check_plan(replace(plan, activities=plan.activities + (early, late, cancelled)), PARAMS).by_rule(
        "activity_outside_programme"
    )
    assert f.severity is Severity.WARNING and f.activity_ids == ("x", "y")
    assert f.date == date(2026, 2, 23)


def test_evaluation_outside_programme():
    plan = simple_plan(date(2026, 3, 2), date(2026, 6, 30))
    plan = replace(plan, evaluations=plan.evaluations + (Evaluation(date(2026, 8, 1)),))
    (f,) = check_plan(plan, PARAMS).by_rule("evaluation_outside_programme")
    assert f.severity is Severity.WARNING and f.date == date(2026, 8, 1)


# -- single-rule edge cases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, ok",
    [
        (date(2024, 1, 1), date(2024, 12, 31), True),  # 366 days in a leap year: one year
        (date(2024, 1, 1), date(2025, 1, 1), False),
        (date(2025, 3, 1), date(2026, 2, 28), True),  # 365 days
        (date(2025, 3, 1), date(2026, 3, 1), False),
        (date(2023, 3, 1), date(2024, 2, 29), True),  # over 29 Feb 2024: 366 days
        (date(2024, 2, 29), date(2025, 2, 28), True),  # from a leap day: the year has passed 1 March
        (date(2024, 2, 29), date(2025, 3, 1), False),
    ],
)
def test_one_year_periods(start, end, ok):
    plan = simple_plan(start, end)
    assert ("period_max_1_year" not in ids(plan)) is ok


@pytest.mark.parametrize(
    "start, months, last",
    [
        (date(2026, 3, 2), 12, date(2027, 3, 1)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 1), 24, date(2027, 12, 31)),
        (date(2026, 3, 2), 24, date(2028, 3, 1)),
    ],
)
def test_span_last_day(start, months, last):
    assert span_last_day(start, months) == last


def test_total_duration_from_a_leap_year():
    # 2024-01-01 + 24 months − 1 day = 2025-12-31: 366 + 365 = 731 days.
    start = date(2024, 1, 1)
    periods = (Period(start, date(2024, 12, 31)), Period(date(2025, 1, 1), date(2025, 12, 31)), Period(date(2026, 1, 1), date(2026, 1, 1)))
    plan = simple_plan(start, date(2026, 1, 1), periods=periods, evaluations=tuple(Evaluation(p.start) for p in periods))
    (f,) = check_plan(plan, PARAMS).by_rule("total_duration")
    assert f.date == date(2026, 1, 1) and "731 dager" in f.message
    # an interruption of one day (avbrudd) does not count either
    plan = replace(plan, leaves=(Leave(LeaveKind.INTERRUPTION, date(2025, 6, 2), date(2025, 6, 2)),))
    assert "total_duration" not in ids(plan)


def test_full_time_with_weekday_hours_and_tolerance():
    # 37.49 h planned in a week of 37.5 is short by 0.01 h, which is inside the rounding margin.
    plan = simple_plan(date(2026, 3, 2), date(2026, 3, 13), hours="36.49")
    assert "full_time" not in ids(plan)
    plan = simple_plan(date(2026, 3, 2), date(2026, 3, 13), hours="36.48")
    assert "full_time" in ids(plan)


def test_full_time_partial_first_week_requires_only_its_days():
    # Start Wednesday 2026-03-04: week 2026-U10 requires 3 × 7.5 = 22.5 h.
    plan = simple_plan(date(2026, 3, 4), date(2026, 6, 30))
    week = ProgrammeCalendar(plan, PARAMS).weeks[0]
    assert week.label == "2026-U10" and week.required_hours == Decimal("22.5")
    assert "full_time" not in ids(plan)


def test_paid_work_limit_uses_weekday_hours():
    # A job of 20 h a week on Monday–Tuesday only (10 + 10): 20 h in every whole week.
    start, end = date(2026, 3, 2), date(2026, 3, 13)
    job = Activity("p", "Jobb", Category.PAID_WORK, start, end, Decimal(20), weekdays={"mon": Decimal(10), "tue": Decimal(10)})
    plan = simple_plan(start, end, hours="17.5")
    plan = replace(plan, activities=plan.activities + (job,))
    (f,) = check_plan(plan, PARAMS).by_rule("paid_work_max_50")
    assert f.weeks == ("2026-U10", "2026-U11")


def test_vacation_outside_the_programme_is_not_counted():
    plan = simple_plan(date(2026, 3, 2), date(2026, 12, 31))
    plan = replace(plan, leaves=(Leave(LeaveKind.VACATION, date(2026, 1, 5), date(2026, 3, 27)),))
    # 5 Jan–27 Mar: only 2–27 March is in the programme: 20 weekdays.
    assert "vacation_max" not in ids(plan)


def test_halfway_parameter_sets_the_severity():
    plan = example()
    plan = replace(plan, activities=tuple(replace(a, category=Category.SUPPORTING) if a.id == "a5" else a for a in plan.activities))
    (f,) = check_plan(plan, PARAMS).by_rule("work_directed_by_halfway")
    assert f.severity is Severity(PARAMS.at("regler.halvveis_alvorlighet", date(2026, 8, 30)))
    assert ("regler.halvveis_alvorlighet", "warning", "Tipsheftet 4.30.2.2; forskrift 20. desember 2018 nr. 2219 (opphevet kravet)") in f.explanation.parameters


def test_paid_work_at_halfway_counts_as_work():
    plan = example()
    plan = replace(plan, activities=tuple(replace(a, category=Category.PAID_WORK, hours_per_week=Decimal("18.75")) if a.id == "a5" else a for a in plan.activities))
    assert "work_directed_by_halfway" not in ids(plan)


# -- the text formatter ----------------------------------------------------------------------------


def test_dates():
    assert fmt_date(date(2026, 3, 2)) == "2. mars 2026"
    assert fmt_date(date(2027, 12, 31)) == "31. desember 2027"
    assert fmt_date_short(date(2026, 3, 2)) == "02.03.2026"
    assert fmt_span(date(2026, 3, 2), date(2027, 2, 28)) == "2. mars 2026–28. februar 2027"
    assert fmt_month("2026-05") == "mai 2026"


def test_numbers():
    assert fmt_hours(Decimal("37.5")) == "37,5"
    assert fmt_hours(Decimal("18.75")) == "18,75"
    assert fmt_hours(Decimal("7.50")) == "7,5"
    assert fmt_hours(Decimal(7)) == "7"
    assert fmt_hours(Decimal("1879.2")) == "1 879,2"
    assert fmt_hours(Decimal("0.005")) == "0,01"  # half up
    assert fmt_hours_unit(Decimal(1)) == "1 time" and fmt_hours_unit(Decimal(2)) == "2 timer"
    assert fmt_kr(Decimal("12345.675")) == "12 345,68 kr"
    assert fmt_kr(Decimal("278696.51")) == "278 696,51 kr"
    assert fmt_kr(Decimal(0)) == "0,00 kr"
    assert fmt_kr(Decimal("-1234.5")) == "-1 234,50 kr"
    assert fmt_kr(Decimal("1234567")) == "1 234 567,00 kr"
    assert fmt_percent(Decimal("0.4814814")) == "48,1 %"
    assert fmt_percent(Fraction(1, 2)) == "50 %"
    assert fmt_number(Fraction(2, 3), 3) == "0,667"
    assert fmt_number(2.041, 3) == "2,041"
    assert fmt_days(1) == "1 dag" and fmt_days(1096) == "1 096 dager"
    assert fmt_list(["a"]) == "a" and fmt_list(["a", "b", "c"]) == "a, b og c" and fmt_list([]) == ""
    assert nowrap("12 345,00 kr") == "12\u00a0345,00\u00a0kr"


def test_parameter_values_in_words():
    assert format_parameter(Decimal("37.5"), "timer") == "37,5 timer"
    assert format_parameter(Decimal("0.5"), "andel av full uke") == "50 %"
    assert format_parameter(Fraction(2, 3), "andel") == "2/3"
    assert format_parameter(Decimal(136549), "NOK per år") == "136 549,00 kr per år"
    assert format_parameter(Decimal(12), "måneder") == "12 måneder"
    assert format_parameter("warning", "alvorlighet") == "warning"
    assert format_parameter(False, "ja/nei") == "nei"


def test_holiday_weeks_of_2026_required_hours_by_hand():
    # Required = 7.5 h per working day. 2026-U14 (30 Mar–3 Apr): Maundy Thursday 2 Apr and Good
    # Friday 3 Apr off → 3 × 7.5 = 22.5. U15: Easter Monday 6 Apr → 30. U18: 1 May (Fri) → 30.
    # U20: Ascension Day 14 May (Thu) → 30. U21: 17 May is a Sunday → 37.5. U22: Whit Monday 25 May
    # → 30. U52: 25 Dec (Fri) → 30 (26 Dec is a Saturday). U53: 1 Jan 2027 (Fri) → 30.
    plan = simple_plan(date(2026, 3, 2), date(2027, 2, 26))
    required = {w.label: w.required_hours for w in ProgrammeCalendar(plan, PARAMS).weeks}
    expected = {"2026-U13": "37.5", "2026-U14": "22.5", "2026-U15": "30", "2026-U18": "30", "2026-U20": "30",
                "2026-U21": "37.5", "2026-U22": "30", "2026-U52": "30", "2026-U53": "30"}
    assert {k: required[k] for k in expected} == {k: Decimal(v) for k, v in expected.items()}
    assert "full_time" not in ids(plan)  # 37.5 h planned on every working day
