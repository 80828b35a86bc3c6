"""Activities: add, change, move, remove, agree; the activity table's rows and back."""


from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

from planner.editing.values import EditError, _hours, _span, _text, to_date
from planner.model import (
    CATEGORY_LABELS_NB,
    STATUS_LABELS_NB,
    Activity,
    Category,
    Plan,
    Status,
)

# -------------------------------------------------------------------------------- activities


def next_activity_id(plan: Plan) -> str:
    """A new id, "a<n>" with n one past the highest used ("a1", "a2", …)."""
    used = {a.id for a in plan.activities}
    highest = 0
    for activity_id in used:
        if activity_id.startswith("a") and activity_id[1:].isdigit():
            highest = max(highest, int(activity_id[1:]))
    n = highest + 1
    while f"a{n}" in used:  # pragma: no cover - only with odd ids
        n += 1
    return f"a{n}"


def add_activity(plan: Plan, activity: Activity) -> Plan:
    if any(a.id == activity.id for a in plan.activities):
        raise EditError(f"aktivitet «{activity.id}» finnes allerede")
    _span(activity.start, activity.end, activity.title)
    _hours(activity.hours_per_week)
    return replace(plan, activities=plan.activities + (activity,))


def add_measure(
    plan: Plan,
    measure: Any,
    start: date,
    end: date,
    hours_per_week: Any,
    *,
    proposed: bool = False,
    title: str | None = None,
    provider: str | None = None,
    justification: str | None = None,
) -> tuple[Plan, Activity]:
    """Put a catalogue measure (`planner.catalogue.Measure`) in the plan as a new activity.

    `proposed`: the participant suggested it (participant view), so its status is `proposed`
    until the pair agrees; otherwise it is `agreed`. Returns the new plan and the activity.
    """
    activity = Activity(
        id=next_activity_id(plan),
        title=(title or measure.name).strip(),
        category=measure.category,
        start=to_date(start, "start"),
        end=to_date(end, "slutt"),
        hours_per_week=_hours(hours_per_week),
        catalogue_id=measure.id,
        provider=_text(provider) or _text(getattr(measure, "provider", None)),
        justification=_text(justification),
        status=Status.PROPOSED if proposed else Status.AGREED,
    )
    return add_activity(plan, activity), activity


def update_activity(plan: Plan, activity_id: str, **changes: Any) -> Plan:
    """Change fields of one activity. When the weekly hours change and the activity has hours per
    weekday, those are scaled so they still add up to the week."""
    old = plan.activity(activity_id)
    if old is None:
        raise EditError(f"finner ikke aktivitet «{activity_id}»")
    if "hours_per_week" in changes:
        changes["hours_per_week"] = _hours(changes["hours_per_week"])
        new_hours = changes["hours_per_week"]
        if old.weekdays and "weekdays" not in changes and new_hours != old.hours_per_week:
            factor = new_hours / old.hours_per_week
            scaled = {k: (v * factor).quantize(Decimal("0.01")).normalize() for k, v in old.weekdays.items()}
            drift = new_hours - sum(scaled.values(), Decimal(0))
            if drift:
                last = max(scaled)
                scaled[last] = scaled[last] + drift
            changes["weekdays"] = scaled
    for key in ("start", "end"):
        if key in changes:
            changes[key] = to_date(changes[key], "start" if key == "start" else "slutt")
    new = replace(old, **changes)
    _span(new.start, new.end, new.title)
    if not new.title.strip():
        raise EditError("aktiviteten må ha et navn")
    return replace(plan, activities=tuple(new if a.id == activity_id else a for a in plan.activities))


def remove_activity(plan: Plan, activity_id: str) -> Plan:
    if plan.activity(activity_id) is None:
        raise EditError(f"finner ikke aktivitet «{activity_id}»")
    return replace(plan, activities=tuple(a for a in plan.activities if a.id != activity_id))


def move_activity(plan: Plan, activity_id: str, days: int) -> Plan:
    """Move an activity `days` days later (earlier when negative), keeping its length."""
    old = plan.activity(activity_id)
    if old is None:
        raise EditError(f"finner ikke aktivitet «{activity_id}»")
    shift = timedelta(days=days)
    return update_activity(plan, activity_id, start=old.start + shift, end=old.end + shift)


def set_status(plan: Plan, activity_ids: Iterable[str], status: Status) -> Plan:
    wanted = set(activity_ids)
    return replace(
        plan, activities=tuple(replace(a, status=status) if a.id in wanted else a for a in plan.activities)
    )


def proposed_activities(plan: Plan) -> tuple[Activity, ...]:
    return tuple(a for a in plan.activities if a.status is Status.PROPOSED)


# The activity table: one row per activity, keys the app maps to Norwegian column labels.
ACTIVITY_COLUMNS = ("id", "title", "category", "start", "end", "hours_per_week", "status", "provider", "justification")
CATEGORY_BY_LABEL = {label: cat for cat, label in CATEGORY_LABELS_NB.items()}
STATUS_BY_LABEL = {label: status for status, label in STATUS_LABELS_NB.items()}


def activity_rows(plan: Plan) -> list[dict[str, Any]]:
    """The activity table: category and status as their Norwegian labels, hours as float."""
    return [
        {
            "id": a.id,
            "title": a.title,
            "category": CATEGORY_LABELS_NB[a.category],
            "start": a.start,
            "end": a.end,
            "hours_per_week": float(a.hours_per_week),
            "status": STATUS_LABELS_NB[a.status] if a.status else "",
            "provider": a.provider or "",
            "justification": a.justification or "",
        }
        for a in plan.activities
    ]


def _category(value: Any) -> Category:
    if isinstance(value, Category):
        return value
    text = _text(value)
    if text in CATEGORY_BY_LABEL:
        return CATEGORY_BY_LABEL[text]
    try:
        return Category(text)
    except ValueError:
        raise EditError(f"kategori: «{value}» er ikke en kategori") from None


def _status(value: Any) -> Status | None:
    if isinstance(value, Status) or value is None:
        return value
    text = _text(value)
    if text is None:
        return None
    if text in STATUS_BY_LABEL:
        return STATUS_BY_LABEL[text]
    try:
        return Status(text)
    except ValueError:
        raise EditError(f"status: «{value}» er ikke en status") from None


def activity_from_row(row: Mapping[str, Any], new_id: str) -> Activity:
    """A new activity from a table row (title, category, start, end, hours_per_week, …)."""
    title = _text(row.get("title"))
    if not title:
        raise EditError("aktiviteten må ha et navn")
    start = to_date(row.get("start"), "start")
    end = to_date(row.get("end"), "slutt")
    _span(start, end, title)
    return Activity(
        id=new_id,
        title=title,
        category=_category(row.get("category")),
        start=start,
        end=end,
        hours_per_week=_hours(row.get("hours_per_week")),
        provider=_text(row.get("provider")),
        justification=_text(row.get("justification")),
        status=_status(row.get("status")),
    )


def apply_activity_rows(
    plan: Plan,
    edited: Mapping[int, Mapping[str, Any]] | None = None,
    added: Sequence[Mapping[str, Any]] = (),
    deleted: Sequence[int] = (),
) -> tuple[Plan, list[str]]:
    """Apply a table's edits (row index → changed cells), added rows and deleted row indexes.

    A row that cannot be read is left as it was and its problem returned ("Rad 3: …"); the rest
    is applied. Returns (new plan, problems).
    """
    problems: list[str] = []
    activities = list(plan.activities)
    for index, cells in sorted((edited or {}).items()):
        index = int(index)
        if not 0 <= index < len(activities):
            continue
        old = activities[index]
        changes = {k: v for k, v in cells.items() if k in ACTIVITY_COLUMNS and k != "id"}
        try:
            row_changes: dict[str, Any] = {}
            for key, value in changes.items():
                if key == "category":
                    row_changes[key] = _category(value)
                elif key == "status":
                    row_changes[key] = _status(value)
                elif key in ("provider", "justification"):
                    row_changes[key] = _text(value)
                elif key == "title":
                    row_changes[key] = _text(value) or ""
                else:
                    row_changes[key] = value
            probe = replace(plan, activities=tuple(activities))
            probe = update_activity(probe, old.id, **row_changes)
            activities = list(probe.activities)
        except EditError as exc:
            problems.append(f"Rad {index + 1} ({old.title}): {exc}")
    for position, row in enumerate(added):
        probe = replace(plan, activities=tuple(activities))
        if not any(_text(v) for k, v in row.items() if k != "id"):
            continue  # an empty new row the user has not filled yet
        try:
            activity = activity_from_row(row, next_activity_id(probe))
            if activity.status is None:
                activity = replace(activity, status=Status.PROPOSED)
            activities.append(activity)
        except EditError as exc:
            problems.append(f"Ny rad {position + 1}: {exc}")
    drop = {int(i) for i in deleted}
    kept = [a for i, a in enumerate(activities) if i not in drop]
    return replace(plan, activities=tuple(kept)), problems
