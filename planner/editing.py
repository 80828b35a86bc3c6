"""Editing a plan: plain functions over `Plan` that the app (and anything else) calls.

Every function takes a plan and returns a new one (the model is frozen); nothing here knows about
Streamlit. Bad input raises `EditError` with a Norwegian message that the app can show as it is.

Also here, because they are questions about the plan rather than about a screen:

- the week grid of the week composer (`week_grid`, `programme_mondays`, `step_week`),
- the rows of the activity table and how edited rows go back into the plan (`activity_rows`,
  `apply_activity_rows`),
- the § 29 conditions and the application checklist (seed 7.6b) and the "klar for vedtak" status
  (`ELIGIBILITY_QUESTIONS`, `eligibility_status`, `readiness`),
- the items the timeline draws (`timeline_items`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Sequence

from planner.calendar import ProgrammeCalendar, holiday_name
from planner.dates import ONE_DAY, add_months, monday_of, period_end
from planner.model import (
    CATEGORY_LABELS_NB,
    GOAL_OUTCOME_LABELS_NB,
    GoalOutcome,
    Absence,
    Income,
    IncomeKind,
    LEAVE_LABELS_NB,
    STATUS_LABELS_NB,
    Activity,
    Category,
    Eligibility,
    Evaluation,
    Leave,
    LeaveKind,
    Period,
    Plan,
    Status,
    SubGoal,
)
from planner.params import Parameters

MAX_HOURS_PER_WEEK = Decimal("37.5") * 2  # a typing slip, not a plan: nobody plans 75 h a week
WEEKDAY_NAMES_NB = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag")


class EditError(ValueError):
    """An edit that cannot be made; the message is Norwegian and meant for the user."""


# ------------------------------------------------------------------------------- small parts


def to_decimal(value: Any, what: str = "timer per uke") -> Decimal:
    """A number from a widget or a table cell ("7,5" and 7.5 alike)."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool) or value is None:
        raise EditError(f"{what}: mangler tall")
    else:
        try:
            number = Decimal(str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        except InvalidOperation:
            raise EditError(f"{what}: «{value}» er ikke et tall") from None
    if not number.is_finite():
        raise EditError(f"{what}: må være et endelig tall")
    # Floats from a table cell (7.499999…) come back as the number the user typed.
    return number.quantize(Decimal("0.01")).normalize()


def to_date(value: Any, what: str) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if hasattr(value, "date") and callable(value.date):  # datetime / pandas Timestamp
        return value.date()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            if "." in text:  # 31.12.2026
                d, m, y = text.split(".")
                return date(int(y), int(m), int(d))
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise EditError(f"{what}: «{value}» er ikke en dato")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        if value != value:  # NaN from a table
            return None
    except Exception:  # pragma: no cover - exotic cell values
        pass
    text = str(value).strip()
    return text or None


def _hours(value: Any, what: str = "timer per uke") -> Decimal:
    hours = to_decimal(value, what)
    if hours <= 0:
        raise EditError(f"{what}: må være større enn 0")
    if hours > MAX_HOURS_PER_WEEK:
        raise EditError(f"{what}: {hours} timer i uka er mer enn noen kan ha")
    return hours


def _span(start: date, end: date, what: str) -> None:
    if end < start:
        raise EditError(f"{what}: slutt ({end.isoformat()}) er før start ({start.isoformat()})")


def plan_fingerprint(plan: Plan, text: str | None = None) -> str:
    """A short, stable hash of the plan's content (what the file would hold). `text`: the plan's
    `dumps_plan` text when the caller already has it."""
    from planner.planfile import dumps_plan

    return hashlib.sha256((text if text is not None else dumps_plan(plan)).encode("utf-8")).hexdigest()[:16]


def age_span(plan: Plan) -> tuple[int, int] | None:
    """The participant's age on the programme's first and last day (None without periods)."""
    from planner.dates import age_on

    if plan.start is None or plan.end is None:
        return None
    return age_on(plan.participant.birth_date, plan.start), age_on(plan.participant.birth_date, plan.end)


def participant_label(plan: Plan) -> str:
    """How the plan is named on screen: the name or initials, else the birth date."""
    name = (plan.participant.name or "").strip()
    return name or f"Deltaker født {plan.participant.birth_date.strftime('%d.%m.%Y')}"


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


# ----------------------------------------------------------------------- participant and goals


def set_participant(
    plan: Plan,
    *,
    name: str | None = None,
    birth_date: date | None = None,
    children_birth_dates: Sequence[date] | None = None,
    language: str | None = None,
) -> Plan:
    from planner.model import Child

    p = plan.participant
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = _text(name)
    if birth_date is not None:
        changes["birth_date"] = to_date(birth_date, "fødselsdato")
    if children_birth_dates is not None:
        changes["children"] = tuple(Child(to_date(d, "barnets fødselsdato")) for d in children_birth_dates)
    if language is not None:
        if language not in ("nb", "nn", "en"):
            raise EditError(f"språk: «{language}» må være nb, nn eller en")
        changes["language"] = language
    return replace(plan, participant=replace(p, **changes))


def set_application_date(plan: Plan, day: date) -> Plan:
    return replace(plan, application_date=to_date(day, "søknadsdato"))


def set_goals(plan: Plan, *, main: str | None = None, occupation: str | None = None) -> Plan:
    goals = plan.goals
    if main is not None:
        goals = replace(goals, main=main.strip())
    if occupation is not None:
        goals = replace(goals, occupation=_text(occupation))
    return replace(plan, goals=goals)


GOAL_OUTCOME_BY_LABEL = {label: outcome for outcome, label in GOAL_OUTCOME_LABELS_NB.items()}


def _outcome(value: Any) -> GoalOutcome | None:
    text = _text(value)
    if text is None:
        return None
    if text in GOAL_OUTCOME_BY_LABEL:
        return GOAL_OUTCOME_BY_LABEL[text]
    try:
        return GoalOutcome(text)
    except ValueError:
        raise EditError(f"oppnådd: «{value}» må være nådd, delvis nådd eller ikke nådd") from None


def set_sub_goals(plan: Plan, rows: Iterable[Mapping[str, Any]]) -> tuple[Plan, list[str]]:
    """Replace the delmål with the rows ({text, deadline?, responsible?, reached?}); empty rows
    are dropped. `reached` as a GoalOutcome, its code or its Norwegian label."""
    problems: list[str] = []
    goals: list[SubGoal] = []
    for index, row in enumerate(rows):
        text = _text(row.get("text"))
        if not text:
            continue
        deadline = None
        if _present(row.get("deadline")):
            try:
                deadline = to_date(row.get("deadline"), "frist")
            except EditError as exc:
                problems.append(f"Delmål {index + 1}: {exc}")
        reached = None
        try:
            reached = _outcome(row.get("reached"))
        except EditError as exc:
            problems.append(f"Delmål {index + 1}: {exc}")
        goals.append(SubGoal(text, deadline, _text(row.get("responsible")), reached))
    return replace(plan, goals=replace(plan.goals, sub_goals=tuple(goals))), problems


# ------------------------------------------------------------- periods, leave, evaluations


def set_periods(plan: Plan, rows: Iterable[Mapping[str, Any]]) -> tuple[Plan, list[str]]:
    """Replace the vedtak periods ({start, end, decision_date?, special_reasons?}), sorted by start.
    A row that cannot be read is dropped and reported; if none is left, the plan keeps its periods."""
    problems: list[str] = []
    periods: list[Period] = []
    for index, row in enumerate(rows):
        if row.get("start") is None and row.get("end") is None:
            continue
        try:
            start = to_date(row.get("start"), "start")
            end = to_date(row.get("end"), "slutt")
            _span(start, end, f"Periode {index + 1}")
            decision = row.get("decision_date")
            decision = to_date(decision, "vedtaksdato") if _present(decision) else None
            periods.append(Period(start, end, decision, bool(row.get("special_reasons") or False)))
        except EditError as exc:
            problems.append(f"Periode {index + 1}: {exc}")
    if not periods:
        problems.append("Programmet må ha minst én vedtaksperiode")
        return plan, problems
    return replace(plan, periods=tuple(sorted(periods, key=lambda p: p.start))), problems


def add_period(plan: Plan, months: int = 12, special_reasons: bool = False) -> Plan:
    """A new vedtak period right after the last one (the next vedtak: forlengelse)."""
    if not plan.periods:
        raise EditError("planen har ingen vedtaksperiode å bygge videre på")
    start = plan.periods[-1].end + ONE_DAY
    return replace(plan, periods=plan.periods + (Period(start, period_end(start, months), None, special_reasons),))


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return value == value  # NaT / NaN are not present
    except Exception:  # pragma: no cover
        return True


LEAVE_KIND_BY_LABEL = {label: kind for kind, label in LEAVE_LABELS_NB.items()}


def set_leaves(plan: Plan, rows: Iterable[Mapping[str, Any]]) -> tuple[Plan, list[str]]:
    """Replace ferie, permisjon and avbrudd ({kind, start, end, reason?}); kind as code or label."""
    problems: list[str] = []
    leaves: list[Leave] = []
    for index, row in enumerate(rows):
        if not _present(row.get("start")) and not _present(row.get("end")):
            continue
        try:
            raw_kind = _text(row.get("kind"))
            if raw_kind in LEAVE_KIND_BY_LABEL:
                kind = LEAVE_KIND_BY_LABEL[raw_kind]
            else:
                try:
                    kind = LeaveKind(raw_kind)
                except ValueError:
                    raise EditError(f"type: «{raw_kind}» må være ferie, permisjon eller avbrudd") from None
            start = to_date(row.get("start"), "start")
            end = to_date(row.get("end") if _present(row.get("end")) else start, "slutt")
            _span(start, end, LEAVE_LABELS_NB[kind])
            leaves.append(Leave(kind, start, end, _text(row.get("reason"))))
        except EditError as exc:
            problems.append(f"Fravær {index + 1}: {exc}")
    return replace(plan, leaves=tuple(sorted(leaves, key=lambda x: x.start))), problems


def set_evaluations(plan: Plan, rows: Iterable[Mapping[str, Any]]) -> tuple[Plan, list[str]]:
    problems: list[str] = []
    evaluations: list[Evaluation] = []
    for index, row in enumerate(rows):
        if not _present(row.get("date")):
            continue
        try:
            evaluations.append(Evaluation(to_date(row.get("date"), "dato"), _text(row.get("note"))))
        except EditError as exc:
            problems.append(f"Evaluering {index + 1}: {exc}")
    return replace(plan, evaluations=tuple(sorted(evaluations, key=lambda e: e.date))), problems


# ---------------------------------------------------------- absences and income (the stipend)

INCOME_LABELS_NB = {
    IncomeKind.WORK: "Arbeid (timer)",
    IncomeKind.DAGPENGER: "Dagpenger (kr)",
    IncomeKind.SYKEPENGER: "Sykepenger (kr)",
    IncomeKind.FORELDREPENGER: "Foreldrepenger (kr)",
}
INCOME_KIND_BY_LABEL = {label: kind for kind, label in INCOME_LABELS_NB.items()}


def set_absences(plan: Plan, rows: Iterable[Mapping[str, Any]]) -> tuple[Plan, list[str]]:
    """Replace the registered absences ({date, hours, valid, reason?}); `valid` False is ugyldig
    fravær (§ 36). Rows that cannot be read are dropped and reported."""
    problems: list[str] = []
    absences: list[Absence] = []
    for index, row in enumerate(rows):
        if not _present(row.get("date")):
            continue
        try:
            hours = _hours(row.get("hours"), "timer")
            absences.append(Absence(to_date(row.get("date"), "dato"), hours, bool(row.get("valid")), _text(row.get("reason"))))
        except EditError as exc:
            problems.append(f"Fravær {index + 1}: {exc}")
    return replace(plan, absences=tuple(sorted(absences, key=lambda a: a.date))), problems


def set_income(plan: Plan, rows: Iterable[Mapping[str, Any]]) -> tuple[Plan, list[str]]:
    """Replace paid work and benefits per month ({kind, month "YYYY-MM", hours or amount})."""
    problems: list[str] = []
    income: list[Income] = []
    for index, row in enumerate(rows):
        raw_kind = _text(row.get("kind"))
        month = _text(row.get("month"))
        if raw_kind is None and month is None:
            continue
        try:
            kind = INCOME_KIND_BY_LABEL.get(raw_kind or "")
            if kind is None:
                try:
                    kind = IncomeKind(raw_kind)
                except ValueError:
                    raise EditError(f"type: «{raw_kind}» er ikke arbeid eller en ytelse") from None
            if month is None or len(month) != 7 or month[4] != "-" or not 1 <= int(month[5:]) <= 12:
                raise EditError(f"måned: «{month}» må skrives ÅÅÅÅ-MM")
            value = row.get("value")
            if kind is IncomeKind.WORK:
                income.append(Income(kind, month, hours=_hours(value, "timer")))
            else:
                amount = to_decimal(value, "beløp")
                if amount <= 0:
                    raise EditError("beløp: må være større enn 0")
                income.append(Income(kind, month, amount=amount))
        except (EditError, ValueError) as exc:
            problems.append(f"Inntekt {index + 1}: {exc}")
    return replace(plan, income=tuple(sorted(income, key=lambda i: (i.month, i.kind.value)))), problems


# -------------------------------------------------------------------------- the week composer


@dataclass(frozen=True)
class DayInfo:
    day: date
    in_programme: bool
    working: bool
    required_hours: Decimal
    note: str | None  # "Kristi himmelfartsdag", "Ferie: Sommerferie", "Utenfor programmet"


@dataclass(frozen=True)
class WeekRow:
    activity_id: str
    title: str
    category: Category
    status: Status | None
    hours: tuple[Decimal, ...]  # Monday..Friday, as planned on that day
    total: Decimal


@dataclass(frozen=True)
class WeekGrid:
    monday: date
    label: str  # "2026-U14"
    number: int  # ISO week number
    days: tuple[DayInfo, ...]  # Monday..Friday
    rows: tuple[WeekRow, ...]
    day_totals: tuple[Decimal, ...]
    planned: Decimal
    required: Decimal

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.planned, Decimal(0))

    @property
    def over(self) -> Decimal:
        return max(self.planned - self.required, Decimal(0))

    @property
    def full_time(self) -> bool:
        return self.planned + Decimal("0.01") >= self.required


def programme_mondays(plan: Plan) -> tuple[date, ...]:
    """The Monday of every week the programme touches, in order."""
    mondays: list[date] = []
    for period in sorted(plan.periods, key=lambda p: p.start):
        monday = monday_of(period.start)
        while monday <= period.end:
            if not mondays or mondays[-1] < monday:
                mondays.append(monday)
            monday += timedelta(days=7)
    return tuple(sorted(set(mondays)))


def clamp_week(plan: Plan, day: date | None) -> date | None:
    """The programme week holding `day`, or the nearest programme week (None without periods)."""
    mondays = programme_mondays(plan)
    if not mondays:
        return None
    if day is None:
        return mondays[0]
    monday = monday_of(day)
    if monday <= mondays[0]:
        return mondays[0]
    if monday >= mondays[-1]:
        return mondays[-1]
    if monday in mondays:
        return monday
    return min(mondays, key=lambda m: abs((m - monday).days))


def step_week(plan: Plan, monday: date, step: int) -> date:
    """The programme week `step` weeks from `monday` (stays at the first/last week)."""
    mondays = programme_mondays(plan)
    current = clamp_week(plan, monday)
    if current is None:
        return monday
    index = mondays.index(current) + step
    return mondays[max(0, min(index, len(mondays) - 1))]


def week_monday_from_label(label: str) -> date:
    """"2026-U14" (the rules' week label) → the Monday of that ISO week."""
    year_text, week_text = label.upper().replace("W", "U").split("-U")
    return date.fromisocalendar(int(year_text), int(week_text), 1)


def day_note(plan: Plan, calendar: ProgrammeCalendar, day: date) -> str | None:
    holiday = holiday_name(day)
    if holiday:
        return holiday
    leave = calendar.leave_on(day)
    if leave is not None:
        label = LEAVE_LABELS_NB[leave.kind]
        return f"{label}: {leave.reason}" if leave.reason else label
    if not calendar.in_programme(day):
        return "Utenfor programmet"
    return None


def week_grid(plan: Plan, params: Parameters, monday: date, calendar: ProgrammeCalendar | None = None) -> WeekGrid:
    """Monday to Friday of one week: each activity's hours per day, the totals against the week's
    required hours (37.5 × working days / 5), and what each day is (holiday, leave, outside)."""
    calendar = calendar or ProgrammeCalendar(plan, params)
    monday = monday_of(monday)
    week = calendar.week(monday)
    week_days = [monday + i * ONE_DAY for i in range(5)]
    days = tuple(
        DayInfo(
            day=d,
            in_programme=calendar.in_programme(d),
            working=calendar.is_working_day(d),
            required_hours=calendar.required_hours_on(d),
            note=day_note(plan, calendar, d),
        )
        for d in week_days
    )
    rows = []
    for activity in plan.activities:
        if not activity.counts or activity.end < monday or activity.start > monday + 4 * ONE_DAY:
            continue
        hours = tuple(calendar.planned_hours_on(activity, d) for d in week_days)
        rows.append(WeekRow(activity.id, activity.title, activity.category, activity.status, hours, sum(hours, Decimal(0))))
    day_totals = tuple(sum((r.hours[i] for r in rows), Decimal(0)) for i in range(5))
    return WeekGrid(
        monday=monday,
        label=week.label,
        number=monday.isocalendar()[1],
        days=days,
        rows=tuple(rows),
        day_totals=day_totals,
        planned=week.planned_hours,
        required=week.required_hours,
    )


# ------------------------------------------------- § 29 conditions and the application checklist


@dataclass(frozen=True)
class Question:
    id: str
    section: str  # "§ 29" or "Sjekkliste 7.6b"
    text: str  # for the veileder
    plain: str  # plain words, for reading together with the participant
    reference: str


ELIGIBILITY_SECTIONS = ("Vilkår i sosialtjenesteloven § 29", "Sjekkliste 7.6b: søknad om kvalifiseringsprogram")

#: Every question is put so that "ja" is what a vedtak needs.
ELIGIBILITY_QUESTIONS: tuple[Question, ...] = (
    Question(
        "alder",
        ELIGIBILITY_SECTIONS[0],
        "Er søkeren mellom 18 og 67 år i hele programperioden?",
        "Er du mellom 18 og 67 år hele tiden programmet varer?",
        "sotjl § 29 første ledd",
    ),
    Question(
        "nedsatt_arbeidsevne",
        ELIGIBILITY_SECTIONS[0],
        "Har søkeren vesentlig nedsatt arbeids- og inntektsevne?",
        "Er det mye vanskeligere for deg enn for andre å få og beholde en jobb?",
        "sotjl § 29 første ledd",
    ),
    Question(
        "ingen_ytelser",
        ELIGIBILITY_SECTIONS[0],
        "Har søkeren ingen eller svært begrensede ytelser til livsopphold etter folketrygdloven "
        "eller arbeidsmarkedsloven?",
        "Får du lite eller ingen penger fra NAV å leve av i dag (for eksempel dagpenger)?",
        "sotjl § 29 første ledd",
    ),
    Question(
        "arbeidsevnevurdering",
        ELIGIBILITY_SECTIONS[0],
        "Er arbeidsevnevurdering gjennomført, med utfall spesielt tilpasset innsats?",
        "Har NAV og du sammen vurdert hva du kan jobbe med, og hva du trenger hjelp til?",
        "sotjl § 29 annet ledd bokstav a; NAV-loven § 14 a; sjekkliste 7.6b nr. 1",
    ),
    Question(
        "tett_bistand",
        ELIGIBILITY_SECTIONS[0],
        "Er tett og koordinert bistand gjennom programmet vurdert som hensiktsmessig og nødvendig "
        "for å styrke muligheten for arbeid?",
        "Trenger du tett hjelp fra flere over tid for å komme i jobb?",
        "sotjl § 29 annet ledd bokstav b",
    ),
    Question(
        "tilpasset_program",
        ELIGIBILITY_SECTIONS[0],
        "Kan NAV-kontoret tilby et program tilpasset søkeren?",
        "Kan NAV lage et program som passer for deg?",
        "sotjl § 29 annet ledd bokstav c",
    ),
    Question(
        "ikke_annen_ordning",
        ELIGIBILITY_SECTIONS[0],
        "Er det avklart at søkeren ikke har rett til arbeidsavklaringspenger, uføretrygd, "
        "overgangsstønad eller introduksjonsprogram, og ikke får ungdomsprogramytelse samtidig?",
        "Har vi sjekket at du ikke skal ha en annen ordning fra NAV i stedet (for eksempel AAP "
        "eller introduksjonsprogram)?",
        "sotjl § 29; rundskrivet til § 29",
    ),
    Question(
        "andre_inntekter",
        ELIGIBILITY_SECTIONS[1],
        "Er alle andre inntektsmuligheter gjennom arbeid og økonomiske rettigheter etter andre "
        "ordninger vurdert? KVP er en subsidiær ordning.",
        "Har vi sjekket om du kan få jobb eller penger fra andre ordninger først?",
        "sjekkliste 7.6b nr. 3",
    ),
    Question(
        "tiltak_vurdert",
        ELIGIBILITY_SECTIONS[1],
        "Har du, sammen med deltakeren, gjort en grundig og individuell vurdering av hvilke tiltak "
        "som er hensiktsmessige?",
        "Har vi valgt aktivitetene i programmet sammen, slik at de passer for deg?",
        "sjekkliste 7.6b nr. 4; sotjl § 42 (brukermedvirkning)",
    ),
    Question(
        "saksbehandling",
        ELIGIBILITY_SECTIONS[1],
        "Er kravene til saksbehandling fulgt? Vedtak om KVP med stønad er et enkeltvedtak "
        "(forvaltningsloven og god forvaltningsskikk).",
        "Har NAV fulgt reglene for hvordan saken din skal behandles?",
        "sjekkliste 7.6b nr. 5; forvaltningsloven",
    ),
)
QUESTION_BY_ID = {q.id: q for q in ELIGIBILITY_QUESTIONS}


def set_eligibility_answer(plan: Plan, question_id: str, answer: bool | None) -> Plan:
    if question_id not in QUESTION_BY_ID:
        raise EditError(f"ukjent spørsmål «{question_id}»")
    current = plan.eligibility or Eligibility()
    answers = dict(current.answers)
    answers[question_id] = answer
    return replace(plan, eligibility=replace(current, answers=answers))


def set_eligibility_note(plan: Plan, note: str | None) -> Plan:
    current = plan.eligibility or Eligibility()
    return replace(plan, eligibility=replace(current, note=_text(note)))


@dataclass(frozen=True)
class EligibilityStatus:
    yes: tuple[Question, ...]
    no: tuple[Question, ...]
    unanswered: tuple[Question, ...]

    @property
    def complete(self) -> bool:
        """Every question answered yes."""
        return not self.no and not self.unanswered


def eligibility_status(plan: Plan) -> EligibilityStatus:
    answers = plan.eligibility.answers if plan.eligibility else {}
    yes = tuple(q for q in ELIGIBILITY_QUESTIONS if answers.get(q.id) is True)
    no = tuple(q for q in ELIGIBILITY_QUESTIONS if answers.get(q.id) is False)
    unanswered = tuple(q for q in ELIGIBILITY_QUESTIONS if answers.get(q.id) is None)
    return EligibilityStatus(yes, no, unanswered)


@dataclass(frozen=True)
class Readiness:
    """Is the plan "klar for vedtak"? Every condition answered yes, no rule errors, nothing proposed
    that the pair has not agreed."""

    ready: bool
    reasons: tuple[str, ...]  # why not, in Norwegian, most important first


def readiness(plan: Plan, error_count: int | None) -> Readiness:
    status = eligibility_status(plan)
    reasons: list[str] = []
    if status.no:
        reasons.append(f"{len(status.no)} vilkår er besvart «nei»: " + "; ".join(q.text for q in status.no))
    if status.unanswered:
        reasons.append(f"{len(status.unanswered)} av {len(ELIGIBILITY_QUESTIONS)} vilkår er ikke vurdert ennå")
    if error_count is None:
        reasons.append("regelsjekken er ikke tilgjengelig")
    elif error_count:
        reasons.append(f"regelsjekken finner {error_count} feil")
    proposed = proposed_activities(plan)
    if proposed:
        reasons.append(f"{len(proposed)} aktivitet(er) er fortsatt forslag og ikke avtalt")
    if not plan.activities:
        reasons.append("programmet har ingen aktiviteter")
    return Readiness(not reasons, tuple(reasons))


# ------------------------------------------------------------------------------- the timeline


def timeline_items(plan: Plan, params: Parameters, calendar: ProgrammeCalendar | None = None) -> dict[str, list[dict]]:
    """What the timeline draws, as plain rows (dates as `date`):

    - "activities": title, category (label), status (label), start, end (inclusive), hours, id
    - "periods":    label ("Vedtak 1"), start, end, special (bool)
    - "leaves":     label (Ferie/Permisjon/Avbrudd), reason, start, end
    - "evaluations": date, note
    - "markers":    label ("Halvveis", "Siste del starter"), date
    - "final_part": start, end (zero or one row)
    """
    calendar = calendar or ProgrammeCalendar(plan, params)
    activities = [
        {
            "id": a.id,
            "title": a.title,
            "category": CATEGORY_LABELS_NB[a.category],
            "status": STATUS_LABELS_NB[a.status] if a.status else "",
            "start": a.start,
            "end": a.end,
            "hours": float(a.hours_per_week),
        }
        for a in plan.activities
        if a.counts
    ]
    periods = [
        {
            "label": f"Vedtak {i}" + (" (særlige grunner)" if p.special_reasons else ""),
            "start": p.start,
            "end": p.end,
            "special": p.special_reasons,
        }
        for i, p in enumerate(sorted(plan.periods, key=lambda p: p.start), start=1)
    ]
    leaves = [
        {"label": LEAVE_LABELS_NB[x.kind], "reason": x.reason or "", "start": x.start, "end": x.end}
        for x in plan.leaves
    ]
    evaluations = [{"date": e.date, "note": e.note or "Evaluering"} for e in plan.evaluations]
    markers = []
    final_part = []
    if plan.periods:
        if calendar.halfway_day:
            markers.append({"label": "Halvveis", "date": calendar.halfway_day})
        if calendar.final_part:
            first, last = calendar.final_part
            markers.append({"label": "Siste del starter", "date": first})
            final_part.append({"start": first, "end": last})
    return {
        "activities": activities,
        "periods": periods,
        "leaves": leaves,
        "evaluations": evaluations,
        "markers": markers,
        "final_part": final_part,
    }


def default_end(start: date, measure_duration_months: int | None = None, plan: Plan | None = None) -> date:
    """A sensible end for a new activity: `measure_duration_months` after start (3 by default),
    not past the programme's end."""
    end = add_months(start, measure_duration_months or 3) - ONE_DAY
    if plan is not None and plan.end is not None:
        end = min(end, plan.end)
    return max(end, start)

