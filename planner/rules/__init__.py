"""The rules as code: one module per rule (or per paragraph), each beginning with the words of the
law it implements, and the registry the app and `python -m planner check` run.

    from planner.rules import check_plan, RULES, CheckSettings
    result = check_plan(plan, load_parameters())
    result.errors, result.warnings, result.infos, result.findings, result.by_rule("full_time")

`RULES` is ordered as the law reads (plan structure, § 29 age, § 31 start, forskrift § 2 periods,
§ 32 duration, § 30 content, forskrift § 1 evaluations, forskrift § 6 vacation, good practice,
§ 35 rates); findings are then sorted errors → warnings → info, then by date (see `CheckResult`).

`Rule.law_text` renders the paragraph as `shared/domain/kvp-rules.md` states the law in force;
words in «» are quoted from the seed documents (the 2013 slides and the 2018 tips booklet) and are
marked with their year. Check the wording against Lovdata before a release.
"""

from __future__ import annotations

from planner.calendar import ProgrammeCalendar
from planner.model import Plan
from planner.params import Parameters
from planner.rules import (
    age,
    duration,
    evaluations,
    full_time,
    halfway,
    health,
    job_seeking,
    outside,
    paid_work,
    periods,
    rate,
    start,
    substantial,
    vacation,
)
from planner.rules.base import (
    CheckResult,
    CheckSettings,
    Explanation,
    Finding,
    Rule,
    RuleContext,
    Severity,
    effective_parameters,
)

RULES: tuple[Rule, ...] = (
    periods.NO_PERIODS,
    periods.CONTIGUOUS,
    age.RULE,
    start.RULE,
    periods.PERIOD_MAX,
    duration.RULE,
    full_time.RULE,
    paid_work.RULE,
    job_seeking.RULE,
    evaluations.SCHEDULED,
    vacation.RULE,
    halfway.RULE,
    substantial.RULE,
    health.RULE,
    outside.RULE,
    evaluations.OUTSIDE,
    rate.RULE,
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

#: The ids the public contract fixes (spec/plan-format.md), with their severities.
CONTRACT_RULES: dict[str, Severity] = {
    "age_18_67": Severity.ERROR,
    "start_within_6_months": Severity.ERROR,
    "period_max_1_year": Severity.ERROR,
    "total_duration": Severity.ERROR,
    "full_time": Severity.ERROR,
    "paid_work_max_50": Severity.ERROR,
    "job_seeking_final_part": Severity.ERROR,
    "evaluations_scheduled": Severity.ERROR,
    "vacation_max": Severity.ERROR,
    "work_directed_by_halfway": Severity.WARNING,
    "substantial_work_directed": Severity.WARNING,
    "health_time_justified": Severity.WARNING,
    "rate_projected": Severity.INFO,
}


def make_context(
    plan: Plan,
    params: Parameters,
    settings: CheckSettings | None = None,
    *,
    calendar: ProgrammeCalendar | None = None,
) -> RuleContext:
    """The context the rules read. A `calendar` is reused only if it was built for this plan with
    the same effective parameters (the office's overrides included); otherwise a new one is built."""
    settings = settings or CheckSettings()
    effective = effective_parameters(params, settings)
    if calendar is None or calendar.plan is not plan or calendar.params is not effective:
        calendar = ProgrammeCalendar(plan, effective)
    return RuleContext(plan, effective, calendar, settings)


def check_plan(
    plan: Plan,
    params: Parameters,
    settings: CheckSettings | None = None,
    *,
    calendar: ProgrammeCalendar | None = None,
) -> CheckResult:
    """Run every rule in `RULES` on the plan. Pure: no I/O, the same answer for the same input."""
    ctx = make_context(plan, params, settings, calendar=calendar)
    findings = [finding for rule in RULES for finding in rule.check(ctx)]
    return CheckResult(tuple(findings), tuple(r.id for r in RULES), params.version)


__all__ = [
    "CONTRACT_RULES",
    "RULES",
    "RULES_BY_ID",
    "CheckResult",
    "CheckSettings",
    "Explanation",
    "Finding",
    "Rule",
    "RuleContext",
    "Severity",
    "check_plan",
    "make_context",
]
