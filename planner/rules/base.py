"""The vocabulary of the rules: severities, findings with their "Hvorfor?", the rule itself, the
context a rule reads, the office's settings, and the result of a check.

A rule is a pure function `RuleContext -> list[Finding]` kept next to the words of the law it
implements (`Rule.law_text`), in the style of Catala: one module per rule, the paragraph first.

Severity (spec/plan-format.md): `error` is a breach of a number or a duty written in the law in
force; `warning` is an interpretation, good practice, or something the veileder must look at;
`info` is neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import cached_property
from typing import Any, Callable

from planner.calendar import ProgrammeCalendar
from planner.dates import period_end
from planner.model import Activity, Category, Period, Plan
from planner.params import Parameter, Parameters, Reference, Value
from planner.text import fmt_date, fmt_hours, fmt_kr, fmt_list, fmt_number, fmt_percent, fmt_span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return _RANK[self]

    @property
    def label_nb(self) -> str:
        return _LABEL_NB[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_LABEL_NB = {Severity.ERROR: "Feil", Severity.WARNING: "Advarsel", Severity.INFO: "Info"}


@dataclass(frozen=True)
class Explanation:
    """What the app shows under "Hvorfor?": the reason in plain words, and everything it rests on.

    - `summary`: one or two short sentences in plain bokmål.
    - `inputs`: (what, value as Norwegian text) taken from the plan.
    - `parameters`: (parameter name, value as Norwegian text, legal source) from planner/parameters.
    - `dates`: (what, date) the rule computed or compared.
    """

    summary: str
    inputs: tuple[tuple[str, str], ...] = ()
    parameters: tuple[tuple[str, str, str], ...] = ()
    dates: tuple[tuple[str, date], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "inputs": [{"label": label, "value": value} for label, value in self.inputs],
            "parameters": [{"name": name, "value": value, "source": source} for name, value, source in self.parameters],
            "dates": [{"label": label, "date": day.isoformat()} for label, day in self.dates],
        }


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str  # bokmål, one or two sentences, for the veileder
    reference: str  # "sotjl § 30 tredje ledd"
    weeks: tuple[str, ...] = ()  # ISO week labels, "2026-U14" (calendar.Week.label)
    date: date | None = None  # the day the problem begins (or the day it concerns)
    activity_ids: tuple[str, ...] = ()
    explanation: Explanation = Explanation("")

    def to_dict(self, explanation: bool = True) -> dict[str, Any]:
        """The contract's finding object (`weeks` and `date` only when set) plus added keys."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "reference": self.reference,
        }
        if self.weeks:
            out["weeks"] = list(self.weeks)
        if self.date is not None:
            out["date"] = self.date.isoformat()
        if self.activity_ids:
            out["activity_ids"] = list(self.activity_ids)
        if explanation:
            out["explanation"] = self.explanation.to_dict()
        return out


@dataclass(frozen=True)
class CheckSettings:
    """How an office wants the check run. `None` means: take it from the parameters.

    - `final_part_months`: length of "siste del" (sotjl § 30); default `program.sluttfase_mnd` (3).
    - `halfway_severity`: severity of the good-practice halfway rule; default
      `regler.halvveis_alvorlighet` ("warning"). An office may raise it to "error".
    """

    final_part_months: int | None = None
    halfway_severity: Severity | None = None

    def __post_init__(self) -> None:
        if self.final_part_months is not None and not 1 <= self.final_part_months <= 36:
            raise ValueError("final_part_months må være mellom 1 og 36")
        if self.halfway_severity is not None and not isinstance(self.halfway_severity, Severity):
            object.__setattr__(self, "halfway_severity", Severity(self.halfway_severity))


OFFICE_SOURCE = "Kontorets innstilling"


def effective_parameters(params: Parameters, settings: CheckSettings) -> Parameters:
    """The parameters with the office's overrides laid over them (so the calendar sees them too)."""
    if settings.final_part_months is None:
        return params
    base = params["program.sluttfase_mnd"]
    override = Parameter(
        name=base.name,
        description=base.description,
        unit=base.unit,
        references=(Reference(OFFICE_SOURCE),) + base.references,
        values=((date(1900, 1, 1), Decimal(settings.final_part_months), OFFICE_SOURCE),),
    )
    return replace(params, by_name={**params.by_name, base.name: override})


@dataclass
class RuleContext:
    """Everything a rule may read. Built once per check; the calendar caches its own answers."""

    plan: Plan
    params: Parameters
    calendar: ProgrammeCalendar
    settings: CheckSettings = field(default_factory=CheckSettings)

    # -- parameters ------------------------------------------------------------------------------

    def value(self, name: str, day: date) -> Value:
        """The parameter `name` in force on `day`; a day before its first value gets the first
        value (the planner plans forward; a plan from before a parameter's first date is read with
        today's law)."""
        parameter = self.params[name]
        first = parameter.values[0][0]
        return parameter.at(max(day, first))

    def number(self, name: str, day: date) -> Decimal:
        value = self.value(name, day)
        if isinstance(value, Fraction):
            return Decimal(value.numerator) / Decimal(value.denominator)
        assert isinstance(value, Decimal), f"{name} er ikke et tall"
        return value

    def parameter_row(self, name: str, day: date) -> tuple[str, str, str]:
        """(name, value as text with its unit, legal source) for an explanation."""
        parameter = self.params[name]
        first = parameter.values[0][0]
        day = max(day, first)
        value = parameter.at(day)
        source = next((ref for start, _, ref in reversed(parameter.values) if start <= day), None)
        title = source or (parameter.references[0].title if parameter.references else "")
        return name, format_parameter(value, parameter.unit), title

    # -- the plan --------------------------------------------------------------------------------

    @cached_property
    def activities(self) -> tuple[Activity, ...]:
        """The activities that count (not cancelled), in plan order."""
        return tuple(a for a in self.plan.activities if a.counts)

    @cached_property
    def category_of(self) -> dict[str, Category]:
        return {a.id: a.category for a in self.plan.activities}

    @cached_property
    def periods(self) -> tuple[Period, ...]:
        """The vedtak periods in date order (as the calendar reads them)."""
        return tuple(sorted(self.plan.periods, key=lambda p: p.start))

    @property
    def start(self) -> date | None:
        return self.calendar.start

    @property
    def end(self) -> date | None:
        return self.calendar.end


def format_parameter(value: Value, unit: str) -> str:
    """A parameter value as Norwegian text with its unit: "37,5 timer", "50 %", "2/3", "136 549 kr"."""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, str):
        return value
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if unit.startswith("andel"):
        return fmt_percent(value, 1)
    if unit.startswith("NOK"):
        return fmt_kr(value) + unit[3:]
    if unit == "timer":
        return f"{fmt_hours(value)} timer"
    return f"{fmt_number(value)} {unit}".strip()


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # bokmål, short
    reference: str  # "sotjl § 30 tredje ledd"
    law_text: str  # the words of the paragraph this rule implements
    default_severity: Severity
    check: Callable[[RuleContext], list[Finding]]

    def finding(
        self,
        message: str,
        explanation: Explanation,
        *,
        severity: Severity | None = None,
        weeks: tuple[str, ...] = (),
        day: date | None = None,
        activity_ids: tuple[str, ...] = (),
        reference: str | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            severity=severity or self.default_severity,
            message=message,
            reference=reference or self.reference,
            weeks=weeks,
            date=day,
            activity_ids=activity_ids,
            explanation=explanation,
        )


@dataclass(frozen=True)
class CheckResult:
    """Findings sorted errors → warnings → info, then by date (undated last), then rule order."""

    findings: tuple[Finding, ...]
    rules_run: tuple[str, ...] = ()
    parameters_version: str = ""

    def __post_init__(self) -> None:
        ordered = sorted(
            self.findings,
            key=lambda f: (f.severity.rank, f.date is None, f.date or date.min),
        )
        object.__setattr__(self, "findings", tuple(ordered))

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def infos(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.INFO)

    @property
    def ok(self) -> bool:
        """No errors (warnings and info may remain)."""
        return self.errors == 0

    def by_rule(self, rule_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == rule_id)

    def to_dict(self, explanation: bool = True) -> dict[str, Any]:
        """The `check --json` document (spec/plan-format.md) with the added keys."""
        return {
            "findings": [f.to_dict(explanation) for f in self.findings],
            "summary": {"errors": self.errors, "warnings": self.warnings, "infos": self.infos},
        }


# -- small shared helpers for the rule modules ---------------------------------------------------


def span_last_day(start: date, months: int) -> date:
    """The last day of a span of `months` months from `start`: `dates.period_end` (one definition)."""
    return period_end(start, months)


def fmt_months(months: int) -> str:
    """12 → "ett år", 24 → "to år", 36 → "tre år", otherwise "N måneder"."""
    years = {12: "ett år", 24: "to år", 36: "tre år"}
    return years.get(months, f"{months} måneder")


def period_label(index: int, period: Period) -> str:
    """ "vedtaksperiode 2 (1. mars 2027–29. februar 2028)"; `index` from 0."""
    return f"vedtaksperiode {index + 1} ({fmt_span(period.start, period.end)})"


def activity_label(activity: Activity) -> str:
    return f"{activity.id} «{activity.title}»"


def first_few(items: list[str], limit: int = 3) -> str:
    """ "a, b, c og 4 til" – the first `limit` items of a list, for a short message."""
    if len(items) <= limit:
        return fmt_list(items)
    return f"{', '.join(items[:limit])} og {len(items) - limit} til"


def dated(label: str, day: date) -> tuple[str, str]:
    """An input row whose value is a date, written the Norwegian way."""
    return label, fmt_date(day)
