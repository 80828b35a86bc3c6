"""Compare two versions of a plan: what a veileder sees under "Sammenlign versjoner" and in the
conflict dialog when someone else saved first.

`diff_plans(old, new, params)` is pure (no database, no I/O besides loading the parameters when
none are given). It reports

- activities added, removed and changed, field by field (matched by activity `id`);
- other parts of the plan that changed (periods, leaves, goals, evaluations, …), section by section;
- planned hours per week, for the weeks whose planned or required hours differ, and the totals;
- rule findings before and after (`planner.rules.check_plan`), which appeared and which went away;
- stipend per month before and after (`planner.stipend.compute_stipend`).

The rules and the stipend are built by other modules; when one is missing from this checkout or
fails on a plan, that part of the diff is left empty and `notes` says why (in Norwegian).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from planner.model import CATEGORY_LABELS_NB, STATUS_LABELS_NB, Activity, Category, Plan, Status
from planner.params import Parameters
from planner.planfile import plan_to_dict

log = logging.getLogger(__name__)

ACTIVITY_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "tittel"),
    ("category", "kategori"),
    ("start", "start"),
    ("end", "slutt"),
    ("hours_per_week", "timer per uke"),
    ("weekdays", "timer per ukedag"),
    ("status", "status"),
    ("provider", "arrangør"),
    ("justification", "begrunnelse"),
    ("catalogue_id", "tiltak i katalogen"),
)

SECTION_LABELS: dict[str, str] = {
    "participant": "deltaker",
    "application_date": "søknadsdato",
    "periods": "vedtaksperioder",
    "leaves": "ferie, permisjon og avbrudd",
    "goals": "mål",
    "evaluations": "evalueringer",
    "absences": "fravær",
    "income": "inntekt og ytelser",
    "eligibility": "vilkår (§ 29)",
    "overpayments": "trekk",
    "competence": "kompetanse",
    "ended": "avsluttet",
}


@dataclass(frozen=True)
class FieldChange:
    field: str  # the plan file's field name, e.g. "hours_per_week"
    label: str  # Norwegian, e.g. "timer per uke"
    old: Any
    new: Any

    def describe(self) -> str:
        return f"{self.label}: {display(self.old)} → {display(self.new)}"


@dataclass(frozen=True)
class ActivityChange:
    id: str
    title: str  # the new title
    changes: tuple[FieldChange, ...]

    def describe(self) -> str:
        return f"Endret «{self.title}»: " + "; ".join(c.describe() for c in self.changes)


@dataclass(frozen=True)
class SectionChange:
    section: str  # top-level field of the plan file, e.g. "periods"
    label: str
    old: Any  # the JSON value (plan_to_dict) before
    new: Any


@dataclass(frozen=True)
class WeekHours:
    monday: date
    label: str  # "2026-U12"
    planned_before: Decimal | None  # None: the week is not in that version of the programme
    planned_after: Decimal | None
    required_before: Decimal | None
    required_after: Decimal | None


@dataclass(frozen=True)
class FindingSummary:
    rule: str
    severity: str  # "error" | "warning" | "info"
    message: str


@dataclass(frozen=True)
class MonthAmount:
    month: str  # "YYYY-MM"
    before: Decimal | None  # None: no stipend that month in that version
    after: Decimal | None

    @property
    def change(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[Activity, ...] = ()
    removed: tuple[Activity, ...] = ()
    changed: tuple[ActivityChange, ...] = ()
    sections: tuple[SectionChange, ...] = ()
    weeks: tuple[WeekHours, ...] = ()  # only the weeks that differ
    planned_hours_before: Decimal = Decimal(0)  # over the whole programme
    planned_hours_after: Decimal = Decimal(0)
    findings_before: tuple[FindingSummary, ...] | None = None  # None: rules not available
    findings_after: tuple[FindingSummary, ...] | None = None
    stipend: tuple[MonthAmount, ...] | None = None  # every month in either version; None: not available
    stipend_total_before: Decimal | None = None
    stipend_total_after: Decimal | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)  # why a part is missing, in Norwegian

    @property
    def activities_changed(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def is_empty(self) -> bool:
        """True when the two plans are the same (the plan content; findings and stipend follow it)."""
        return not (self.activities_changed or self.sections)

    @property
    def findings_added(self) -> tuple[FindingSummary, ...]:
        if self.findings_before is None or self.findings_after is None:
            return ()
        before = set(self.findings_before)
        return tuple(f for f in self.findings_after if f not in before)

    @property
    def findings_resolved(self) -> tuple[FindingSummary, ...]:
        if self.findings_before is None or self.findings_after is None:
            return ()
        after = set(self.findings_after)
        return tuple(f for f in self.findings_before if f not in after)

    def count(self, severity: str, after: bool = True) -> int | None:
        findings = self.findings_after if after else self.findings_before
        return None if findings is None else sum(1 for f in findings if f.severity == severity)

    @property
    def stipend_months_changed(self) -> tuple[MonthAmount, ...]:
        return tuple(m for m in self.stipend or () if m.before != m.after)

    def describe(self) -> list[str]:
        """The differences as short Norwegian lines (for the command line and the conflict dialog)."""
        lines = [f"Lagt til «{a.title}» ({CATEGORY_LABELS_NB[a.category]}, {a.start} – {a.end})" for a in self.added]
        lines += [f"Fjernet «{a.title}»" for a in self.removed]
        lines += [c.describe() for c in self.changed]
        lines += [f"Endret {s.label}" for s in self.sections]
        for f in self.findings_added:
            lines.append(f"Ny {_SEVERITY_NB.get(f.severity, f.severity)}: {f.message}")
        for f in self.findings_resolved:
            lines.append(f"Løst {_SEVERITY_NB.get(f.severity, f.severity)}: {f.message}")
        for m in self.stipend_months_changed:
            lines.append(f"Stønad {m.month}: {display(m.before or Decimal(0))} kr → {display(m.after or Decimal(0))} kr")
        return lines


_SEVERITY_NB = {"error": "feil", "warning": "advarsel", "info": "merknad"}


def display(value: Any) -> str:
    """A field value as a Norwegian reader expects it (dates as 31.12.2026, 7,5 with a comma)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Category):
        return CATEGORY_LABELS_NB[value]
    if isinstance(value, Status):
        return STATUS_LABELS_NB[value]
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, dict):
        return ", ".join(f"{k} {display(v)}" for k, v in value.items())
    return str(value)


# -------------------------------------------------------------------------------------------


def diff_plans(old: Plan, new: Plan, params: Parameters | None = None) -> PlanDiff:
    """What changed from `old` to `new`. Pure; see the module doc."""
    if params is None:
        from planner.params import load_parameters

        params = load_parameters()
    notes: list[str] = []

    old_by_id = {a.id: a for a in old.activities}
    new_by_id = {a.id: a for a in new.activities}
    added = tuple(a for a in new.activities if a.id not in old_by_id)
    removed = tuple(a for a in old.activities if a.id not in new_by_id)
    changed = []
    for activity in new.activities:
        before = old_by_id.get(activity.id)
        if before is None or before == activity:
            continue
        changes = tuple(
            FieldChange(name, label, getattr(before, name), getattr(activity, name))
            for name, label in ACTIVITY_FIELDS
            if getattr(before, name) != getattr(activity, name)
        )
        if changes:
            changed.append(ActivityChange(activity.id, activity.title, changes))

    old_tree, new_tree = plan_to_dict(old), plan_to_dict(new)
    sections = tuple(
        SectionChange(key, label, old_tree.get(key), new_tree.get(key))
        for key, label in SECTION_LABELS.items()
        if _norm(old_tree.get(key)) != _norm(new_tree.get(key))
    )

    weeks, planned_before, planned_after = _weeks(old, new, params, notes)
    findings_before = _findings(old, params, notes)
    findings_after = _findings(new, params, notes) if findings_before is not None else None
    stipend, total_before, total_after = _stipend(old, new, params, notes)

    return PlanDiff(
        added=added,
        removed=removed,
        changed=tuple(changed),
        sections=sections,
        weeks=weeks,
        planned_hours_before=planned_before,
        planned_hours_after=planned_after,
        findings_before=findings_before,
        findings_after=findings_after,
        stipend=stipend,
        stipend_total_before=total_before,
        stipend_total_after=total_after,
        notes=tuple(dict.fromkeys(notes)),
    )


def _norm(value: Any) -> Any:
    """Empty lists/dicts and a missing field mean the same thing."""
    return None if value in (None, [], {}, "") else value


def _weeks(old: Plan, new: Plan, params: Parameters, notes: list[str]) -> tuple[tuple[WeekHours, ...], Decimal, Decimal]:
    from planner.calendar import ProgrammeCalendar

    try:
        before = {w.monday: w for w in ProgrammeCalendar(old, params).weeks}
        after = {w.monday: w for w in ProgrammeCalendar(new, params).weeks}
    except Exception as exc:  # a parameter missing for the plan's dates, say
        log.warning("week comparison failed: %s", exc)
        notes.append(f"Timer per uke kunne ikke sammenlignes: {exc}")
        return (), Decimal(0), Decimal(0)
    weeks = []
    for monday in sorted(before.keys() | after.keys()):
        b, a = before.get(monday), after.get(monday)
        row = WeekHours(
            monday=monday,
            label=(a or b).label,  # type: ignore[union-attr]
            planned_before=b.planned_hours if b else None,
            planned_after=a.planned_hours if a else None,
            required_before=b.required_hours if b else None,
            required_after=a.required_hours if a else None,
        )
        if row.planned_before != row.planned_after or row.required_before != row.required_after:
            weeks.append(row)
    total_before = sum((w.planned_hours for w in before.values()), Decimal(0))
    total_after = sum((w.planned_hours for w in after.values()), Decimal(0))
    return tuple(weeks), total_before, total_after


# -- the engines other modules provide (guarded: they may not be in this checkout yet) ----------


def rules_available() -> bool:
    try:
        from planner.rules import check_plan  # noqa: F401
    except ImportError:
        return False
    return True


def stipend_available() -> bool:
    try:
        from planner.stipend import compute_stipend  # noqa: F401
    except ImportError:
        return False
    return True


def check_findings(plan: Plan, params: Parameters) -> tuple[FindingSummary, ...] | None:
    """The plan's rule findings, or None when the rules engine is not in this checkout.

    Raises whatever the rules raise: callers decide whether that may stop them."""
    try:
        from planner.rules import check_plan
    except ImportError:
        return None
    result = check_plan(plan, params)
    return tuple(
        FindingSummary(str(_value(getattr(f, "rule", ""))), str(_value(getattr(f, "severity", ""))), str(getattr(f, "message", "")))
        for f in getattr(result, "findings", ())
    )


def _value(x: Any) -> Any:
    return getattr(x, "value", x)  # an Enum's value, or the thing itself


def _findings(plan: Plan, params: Parameters, notes: list[str]) -> tuple[FindingSummary, ...] | None:
    try:
        findings = check_findings(plan, params)
    except Exception as exc:
        log.exception("rules failed while comparing plans")
        notes.append(f"Reglene kunne ikke sjekkes: {exc}")
        return None
    if findings is None:
        notes.append("Regelsjekken er ikke tilgjengelig i denne versjonen.")
    return findings


def monthly_stipend(plan: Plan, params: Parameters) -> dict[str, Decimal] | None:
    """Stipend total per month ("YYYY-MM" → kr), or None when the stipend engine is missing."""
    try:
        from planner.stipend import compute_stipend
    except ImportError:
        return None
    result = compute_stipend(plan, params)
    out: dict[str, Decimal] = {}
    for month in getattr(result, "months", ()):
        key = month["month"] if isinstance(month, dict) else getattr(month, "month")
        total = month["total"] if isinstance(month, dict) else getattr(month, "total")
        out[str(key)] = Decimal(str(total))
    return out


def _stipend(
    old: Plan, new: Plan, params: Parameters, notes: list[str]
) -> tuple[tuple[MonthAmount, ...] | None, Decimal | None, Decimal | None]:
    try:
        before = monthly_stipend(old, params)
        after = monthly_stipend(new, params) if before is not None else None
    except Exception as exc:
        log.exception("stipend failed while comparing plans")
        notes.append(f"Stønaden kunne ikke beregnes: {exc}")
        return None, None, None
    if before is None or after is None:
        notes.append("Stønadsberegningen er ikke tilgjengelig i denne versjonen.")
        return None, None, None
    months = tuple(MonthAmount(m, before.get(m), after.get(m)) for m in sorted(before.keys() | after.keys()))
    return months, sum(before.values(), Decimal(0)), sum(after.values(), Decimal(0))
