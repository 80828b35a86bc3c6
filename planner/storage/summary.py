"""The denormalised summary stored with each revision, so the caseload page never parses plans.

Computed once at save. Counts of rule errors and warnings come from `planner.rules.check_plan`
(None when the rules are not in this checkout, or failed on this plan: the save still goes
through; the failure is logged). "Current period" and "next evaluation" depend on the day: they
are stored as of the save, and the compact date lists (`period_dates`, `evaluation_dates`) let the
caseload recompute them for any day without touching the plan JSON.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from planner.model import Plan
from planner.params import Parameters
from planner.revision_diff import check_findings

log = logging.getLogger(__name__)

LABEL_MAX = 40


@dataclass(frozen=True)
class PlanSummary:
    participant_label: str
    start_date: date | None
    end_date: date | None
    period_start: date | None
    period_end: date | None
    next_evaluation: date | None
    period_dates: str
    evaluation_dates: str
    error_count: int | None
    warning_count: int | None


def initials(name: str | None) -> str:
    """"Kari Nordmann" → "KN"; "Ola" → "O"; at most four letters. Empty when there is no name."""
    if not name:
        return ""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w and w[0].isalpha()]
    return "".join(w[0].upper() for w in words)[:4]


def participant_label(plan: Plan, fallback: str = "") -> str:
    return initials(plan.participant.name) or fallback[:LABEL_MAX]


def encode_periods(plan: Plan) -> str:
    return ";".join(f"{p.start.isoformat()}/{p.end.isoformat()}" for p in sorted(plan.periods, key=lambda p: p.start))


def encode_evaluations(plan: Plan) -> str:
    return ";".join(sorted(e.date.isoformat() for e in plan.evaluations))


def decode_periods(text: str) -> list[tuple[date, date]]:
    out = []
    for item in filter(None, (text or "").split(";")):
        start, _, end = item.partition("/")
        out.append((date.fromisoformat(start), date.fromisoformat(end)))
    return out


def decode_dates(text: str) -> list[date]:
    return [date.fromisoformat(item) for item in filter(None, (text or "").split(";"))]


def current_period(periods: list[tuple[date, date]], today: date) -> tuple[date, date] | None:
    """The period `today` falls in; before the programme the first, after it the last."""
    if not periods:
        return None
    for start, end in periods:
        if start <= today <= end:
            return start, end
    upcoming = [p for p in periods if p[0] > today]
    return upcoming[0] if upcoming else periods[-1]


def next_evaluation(evaluations: list[date], today: date) -> date | None:
    return next((d for d in evaluations if d >= today), None)


def summarise(plan: Plan, params: Parameters, today: date, fallback_label: str = "") -> PlanSummary:
    periods_text = encode_periods(plan)
    evaluations_text = encode_evaluations(plan)
    periods = decode_periods(periods_text)
    period = current_period(periods, today)
    errors = warnings = None
    try:
        findings = check_findings(plan, params)
    except Exception:  # a bug in a rule must not stop a veileder from saving their work
        log.exception("check_plan failed while summarising a plan for the caseload")
        findings = None
    if findings is not None:
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning")
    return PlanSummary(
        participant_label=participant_label(plan, fallback_label),
        start_date=periods[0][0] if periods else None,
        end_date=max(end for _, end in periods) if periods else None,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        next_evaluation=next_evaluation(decode_dates(evaluations_text), today),
        period_dates=periods_text,
        evaluation_dates=evaluations_text,
        error_count=errors,
        warning_count=warnings,
    )
