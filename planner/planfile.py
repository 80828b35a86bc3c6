"""Reading and writing the plan file (spec/plan-format.md; schema in `schema/kvp-plan.schema.json`).

`parse_plan(text)` turns JSON text into a `Plan` or raises `PlanFileError` with every problem found,
each naming its field path in Norwegian (`activities[3].end: slutt før start`). `plan_to_dict(plan)`
is its inverse; `dumps_plan` writes the canonical JSON. Version 1 files always load (migrate,
never refuse). No file system access here: callers read and write bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Callable, TypeVar

from planner.model import (
    WEEKDAY_KEYS,
    Absence,
    Activity,
    Category,
    Child,
    Eligibility,
    Evaluation,
    GoalOutcome,
    Goals,
    Income,
    IncomeKind,
    Leave,
    LeaveKind,
    Overpayment,
    Participant,
    Period,
    Plan,
    Status,
    SubGoal,
)

FORMAT = "kvp-plan"
VERSION = 1
LANGUAGES = ("nb", "nn", "en")
MAX_PLAN_BYTES = 2_000_000  # a real plan is a few kB; anything this large is not a plan

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PlanFileError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Reader:
    """Walks the JSON tree, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value: Any, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, "må være et objekt { … }")
            return None
        return value

    def items(self, node: dict, key: str, path: str) -> list:
        value = node.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(_join(path, key), "må være en liste [ … ]")
            return []
        return value

    def text(self, node: dict, key: str, path: str, required: bool = False) -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(_join(path, key), "mangler")
            return None
        if not isinstance(value, str):
            self.problem(_join(path, key), "må være tekst")
            return None
        if required and not value.strip():
            self.problem(_join(path, key), "kan ikke være tom")
        return value

    def date(self, node: dict, key: str, path: str, required: bool = False) -> date | None:
        value = node.get(key)
        where = _join(path, key)
        if value is None:
            if required:
                self.problem(where, "mangler")
            return None
        if not isinstance(value, str):
            self.problem(where, "må være en dato som tekst, ÅÅÅÅ-MM-DD")
            return None
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.problem(where, f"«{value}» er ikke en gyldig dato (ÅÅÅÅ-MM-DD)")
            return None

    def number(self, node: dict, key: str, path: str, required: bool = False, positive: bool = False) -> Decimal | None:
        value = node.get(key)
        where = _join(path, key)
        if value is None:
            if required:
                self.problem(where, "mangler")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.problem(where, "må være et tall")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.problem(where, f"«{value}» er ikke et tall")
            return None
        if not number.is_finite():
            self.problem(where, "må være et endelig tall")
            return None
        if positive and number <= 0:
            self.problem(where, "må være større enn 0")
        elif number < 0:
            self.problem(where, "kan ikke være negativt")
        return number

    def flag(self, node: dict, key: str, path: str, default: bool | None = False) -> bool | None:
        value = node.get(key, default)
        if value is not None and not isinstance(value, bool):
            self.problem(_join(path, key), "må være true eller false")
            return default
        return value

    def choice(self, node: dict, key: str, path: str, enum: type[E], required: bool = False) -> E | None:
        value = node.get(key)
        where = _join(path, key)
        if value is None:
            if required:
                self.problem(where, "mangler")
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.problem(where, f"ukjent verdi «{value}» (gyldige verdier: {allowed})")
            return None

    def span(self, start: date | None, end: date | None, path: str) -> None:
        if start and end and end < start:
            self.problem(_join(path, "end"), f"slutt før start ({end.isoformat()} er før {start.isoformat()})")

    def each(self, node: dict, key: str, path: str, read: Callable[[dict, str], T | None]) -> tuple[T, ...]:
        out = []
        for index, raw in enumerate(self.items(node, key, path)):
            where = f"{_join(path, key)}[{index}]"
            item = self.obj(raw, where)
            if item is not None:
                value = read(item, where)
                if value is not None:
                    out.append(value)
        return tuple(out)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# -- reading -----------------------------------------------------------------------------------


def parse_plan(text: str | bytes) -> Plan:
    """Parse a plan file. Raises PlanFileError listing every problem with its field path."""
    if isinstance(text, bytes):
        if len(text) > MAX_PLAN_BYTES:
            raise PlanFileError([Problem("", f"filen er for stor ({len(text) // 1000} kB; grensen er {MAX_PLAN_BYTES // 1000} kB)")])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PlanFileError([Problem("", "filen er ikke UTF-8-tekst (er det en planfil?)")]) from None
    try:
        tree = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError([Problem("", f"ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}): {exc.msg}")]) from None
    return plan_from_dict(tree)


def plan_from_dict(tree: Any) -> Plan:
    r = _Reader()
    root = r.obj(tree, "")
    if root is None:
        raise PlanFileError(r.problems)
    root = migrate(root, r)

    participant = _participant(r, root)
    application_date = r.date(root, "application_date", "", required=True)
    periods = r.each(root, "periods", "", lambda n, p: _period(r, n, p))  # none yet: a draft (rule no_periods)
    leaves = r.each(root, "leaves", "", lambda n, p: _leave(r, n, p))
    goals = _goals(r, root)
    activities = r.each(root, "activities", "", lambda n, p: _activity(r, n, p))
    seen: dict[str, int] = {}
    for index, activity in enumerate(activities):
        if activity.id in seen:
            r.problem(f"activities[{index}].id", f"«{activity.id}» er brukt før (activities[{seen[activity.id]}])")
        seen.setdefault(activity.id, index)
    evaluations = r.each(root, "evaluations", "", lambda n, p: _evaluation(r, n, p))
    absences = r.each(root, "absences", "", lambda n, p: _absence(r, n, p))
    income = r.each(root, "income", "", lambda n, p: _income(r, n, p))
    eligibility = _eligibility(r, root)
    overpayments = r.each(root, "overpayments", "", lambda n, p: _overpayment(r, n, p))
    competence = tuple(c for c in r.items(root, "competence", "") if isinstance(c, str))
    ended = r.date(root, "ended", "")

    if r.problems:
        raise PlanFileError(r.problems)
    assert participant is not None and application_date is not None
    return Plan(
        participant=participant,
        application_date=application_date,
        periods=periods,
        leaves=leaves,
        goals=goals,
        activities=activities,
        evaluations=evaluations,
        absences=absences,
        income=income,
        eligibility=eligibility,
        overpayments=overpayments,
        competence=competence,
        ended=ended,
    )


def migrate(root: dict, r: _Reader) -> dict:
    """Bring an older file up to the current version. Version 1 is current: only checks the header."""
    fmt = root.get("format", FORMAT)
    if fmt != FORMAT:
        r.problem("format", f"må være «{FORMAT}», ikke «{fmt}»")
    version = root.get("version", VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        r.problem("version", "må være et helt tall, 1 eller høyere")
    elif version > VERSION:
        r.problem("version", f"versjon {version} er nyere enn denne planleggeren kan lese (høyeste: {VERSION})")
    return root


def _participant(r: _Reader, root: dict) -> Participant | None:
    node = r.obj(root.get("participant"), "participant") if "participant" in root else None
    if node is None:
        if "participant" not in root:
            r.problem("participant", "mangler")
        return None
    birth = r.date(node, "birth_date", "participant", required=True)
    children = r.each(node, "children", "participant", lambda n, p: _child(r, n, p))
    language = node.get("language") or "nb"
    if language not in LANGUAGES:
        r.problem("participant.language", f"ukjent språk «{language}» (gyldige: nb, nn, en)")
        language = "nb"
    name = r.text(node, "name", "participant")
    if birth is None:
        return None
    return Participant(birth_date=birth, name=name, children=children, language=language)


def _child(r: _Reader, node: dict, path: str) -> Child | None:
    birth = r.date(node, "birth_date", path, required=True)
    return Child(birth) if birth else None


def _period(r: _Reader, node: dict, path: str) -> Period | None:
    start = r.date(node, "start", path, required=True)
    end = r.date(node, "end", path, required=True)
    r.span(start, end, path)
    decision = r.date(node, "decision_date", path)
    special = r.flag(node, "special_reasons", path)
    if start is None or end is None:
        return None
    return Period(start, end, decision, bool(special))


def _leave(r: _Reader, node: dict, path: str) -> Leave | None:
    kind = r.choice(node, "kind", path, LeaveKind, required=True)
    start = r.date(node, "start", path, required=True)
    end = r.date(node, "end", path, required=True)
    r.span(start, end, path)
    reason = r.text(node, "reason", path)
    if kind is None or start is None or end is None:
        return None
    return Leave(kind, start, end, reason)


def _goals(r: _Reader, root: dict) -> Goals:
    if root.get("goals") is None:
        return Goals()
    node = r.obj(root["goals"], "goals")
    if node is None:
        return Goals()
    sub_goals = r.each(node, "sub_goals", "goals", lambda n, p: _sub_goal(r, n, p))
    return Goals(r.text(node, "main", "goals") or "", r.text(node, "occupation", "goals"), sub_goals)


def _sub_goal(r: _Reader, node: dict, path: str) -> SubGoal | None:
    text = r.text(node, "text", path, required=True)
    deadline = r.date(node, "deadline", path)
    responsible = r.text(node, "responsible", path)
    reached = r.choice(node, "reached", path, GoalOutcome)
    return SubGoal(text, deadline, responsible, reached) if text is not None else None


def _activity(r: _Reader, node: dict, path: str) -> Activity | None:
    ident = r.text(node, "id", path, required=True)
    title = r.text(node, "title", path, required=True)
    category = r.choice(node, "category", path, Category, required=True)
    start = r.date(node, "start", path, required=True)
    end = r.date(node, "end", path, required=True)
    r.span(start, end, path)
    hours = r.number(node, "hours_per_week", path, required=True, positive=True)
    if hours is not None and hours > 168:
        r.problem(_join(path, "hours_per_week"), "kan ikke være mer enn timene i en uke")
    weekdays = _weekdays(r, node, path, hours)
    status = r.choice(node, "status", path, Status)
    activity_fields = dict(
        catalogue_id=r.text(node, "catalogue_id", path),
        provider=r.text(node, "provider", path),
        justification=r.text(node, "justification", path),
    )
    if None in (ident, title, category, start, end, hours):
        return None
    return Activity(ident, title, category, start, end, hours, weekdays=weekdays, status=status, **activity_fields)


def _weekdays(r: _Reader, node: dict, path: str, hours: Decimal | None) -> dict[str, Decimal] | None:
    if node.get("weekdays") is None:
        return None
    where = _join(path, "weekdays")
    raw = r.obj(node["weekdays"], where)
    if raw is None:
        return None
    out: dict[str, Decimal] = {}
    for key in raw:
        if key not in WEEKDAY_KEYS:
            r.problem(f"{where}.{key}", "ukjent ukedag (bruk mon, tue, wed, thu, fri)")
            continue
        value = r.number(raw, key, where)
        if value is not None:
            if value > Decimal("24"):
                r.problem(f"{where}.{key}", "kan ikke være mer enn 24 timer")
            out[key] = value
    if hours is not None and out and abs(sum(out.values()) - hours) > Decimal("0.01"):
        r.problem(where, f"summen av dagene ({_fmt(sum(out.values()))}) må være lik hours_per_week ({_fmt(hours)})")
    return out


def _evaluation(r: _Reader, node: dict, path: str) -> Evaluation | None:
    day = r.date(node, "date", path, required=True)
    note = r.text(node, "note", path)
    return Evaluation(day, note) if day else None


def _absence(r: _Reader, node: dict, path: str) -> Absence | None:
    day = r.date(node, "date", path, required=True)
    hours = r.number(node, "hours", path, required=True, positive=True)
    if hours is not None and hours > Decimal("7.5"):
        r.problem(_join(path, "hours"), "kan ikke være mer enn 7,5 timer på én dag")
    if "valid" not in node:
        r.problem(_join(path, "valid"), "mangler (true: gyldig fravær, false: ugyldig fravær)")
    valid = r.flag(node, "valid", path, default=None)
    reason = r.text(node, "reason", path)
    if day is None or hours is None or valid is None:
        return None
    return Absence(day, hours, valid, reason)


def _income(r: _Reader, node: dict, path: str) -> Income | None:
    kind = r.choice(node, "kind", path, IncomeKind, required=True)
    month = r.text(node, "month", path, required=True)
    if month is not None and not _is_month(month):
        r.problem(_join(path, "month"), f"«{month}» er ikke en måned (ÅÅÅÅ-MM)")
        month = None
    hours = r.number(node, "hours", path)
    amount = r.number(node, "amount", path)
    if kind is IncomeKind.WORK and hours is None and "hours" not in node:
        r.problem(_join(path, "hours"), "mangler (timer lønnet arbeid i måneden)")
    if kind is not None and kind is not IncomeKind.WORK and amount is None and "amount" not in node:
        r.problem(_join(path, "amount"), "mangler (beløp i kroner i måneden)")
    if kind is None or month is None:
        return None
    return Income(kind, month, hours, amount)


def _overpayment(r: _Reader, node: dict, path: str) -> Overpayment | None:
    amount = r.number(node, "amount", path, required=True, positive=True)
    month = r.text(node, "from_month", path, required=True)
    if month is not None and not _is_month(month):
        r.problem(_join(path, "from_month"), f"«{month}» er ikke en måned (ÅÅÅÅ-MM)")
        month = None
    cap = r.number(node, "max_per_month", path, required=True, positive=True)
    reason = r.text(node, "reason", path)
    if amount is None or month is None or cap is None:
        return None
    return Overpayment(amount, month, cap, reason)


def _eligibility(r: _Reader, root: dict) -> Eligibility | None:
    if root.get("eligibility") is None:
        return None
    node = r.obj(root["eligibility"], "eligibility")
    if node is None:
        return None
    answers_node = r.obj(node.get("answers", {}), "eligibility.answers") or {}
    answers: dict[str, bool | None] = {}
    for key, value in answers_node.items():
        if value is not None and not isinstance(value, bool):
            r.problem(f"eligibility.answers.{key}", "må være true, false eller null")
            continue
        answers[key] = value
    return Eligibility(answers, r.text(node, "note", "eligibility"))


def _is_month(text: str) -> bool:
    if len(text) != 7 or text[4] != "-":
        return False
    try:
        date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        return False
    return True


def _fmt(number: Decimal) -> str:
    return format(number.normalize(), "f")


# -- writing -----------------------------------------------------------------------------------


def _number(value: Decimal) -> int | float:
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def _drop_none(tree: dict) -> dict:
    return {k: v for k, v in tree.items() if v is not None}


def plan_to_dict(plan: Plan) -> dict:
    """The plan as a JSON-ready dict in the contract's field names (optional fields left out when empty)."""
    p = plan.participant
    tree: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "participant": _drop_none(
            {
                "name": p.name,
                "birth_date": p.birth_date.isoformat(),
                "children": [{"birth_date": c.birth_date.isoformat()} for c in p.children],
                "language": p.language,
            }
        ),
        "application_date": plan.application_date.isoformat(),
        "periods": [
            _drop_none(
                {
                    "start": x.start.isoformat(),
                    "end": x.end.isoformat(),
                    "decision_date": x.decision_date.isoformat() if x.decision_date else None,
                    "special_reasons": True if x.special_reasons else None,
                }
            )
            for x in plan.periods
        ],
        "leaves": [
            _drop_none({"kind": x.kind.value, "start": x.start.isoformat(), "end": x.end.isoformat(), "reason": x.reason})
            for x in plan.leaves
        ],
        "goals": _drop_none(
            {
                "main": plan.goals.main,
                "occupation": plan.goals.occupation,
                "sub_goals": [
                    _drop_none(
                        {
                            "text": g.text,
                            "deadline": g.deadline.isoformat() if g.deadline else None,
                            "responsible": g.responsible,
                            "reached": g.reached.value if g.reached else None,
                        }
                    )
                    for g in plan.goals.sub_goals
                ],
            }
        ),
        "activities": [_activity_to_dict(a) for a in plan.activities],
        "evaluations": [_drop_none({"date": e.date.isoformat(), "note": e.note}) for e in plan.evaluations],
        "absences": [
            _drop_none({"date": a.date.isoformat(), "hours": _number(a.hours), "valid": a.valid, "reason": a.reason})
            for a in plan.absences
        ],
        "income": [
            _drop_none(
                {
                    "kind": i.kind.value,
                    "month": i.month,
                    "hours": _number(i.hours) if i.hours is not None else None,
                    "amount": _number(i.amount) if i.amount is not None else None,
                }
            )
            for i in plan.income
        ],
    }
    if plan.eligibility is not None:
        tree["eligibility"] = _drop_none({"answers": dict(plan.eligibility.answers), "note": plan.eligibility.note})
    if plan.overpayments:
        tree["overpayments"] = [
            _drop_none(
                {
                    "amount": _number(o.amount),
                    "from_month": o.from_month,
                    "max_per_month": _number(o.max_per_month),
                    "reason": o.reason,
                }
            )
            for o in plan.overpayments
        ]
    if plan.competence:
        tree["competence"] = list(plan.competence)
    if plan.ended:
        tree["ended"] = plan.ended.isoformat()
    return tree


def _activity_to_dict(a: Activity) -> dict:
    return _drop_none(
        {
            "id": a.id,
            "catalogue_id": a.catalogue_id,
            "title": a.title,
            "category": a.category.value,
            "provider": a.provider,
            "start": a.start.isoformat(),
            "end": a.end.isoformat(),
            "hours_per_week": _number(a.hours_per_week),
            "weekdays": {k: _number(v) for k, v in a.weekdays.items()} if a.weekdays is not None else None,
            "justification": a.justification,
            "status": a.status.value if a.status else None,
        }
    )


def dumps_plan(plan: Plan) -> str:
    """Canonical JSON text of a plan (UTF-8, æøå as they are, two-space indent)."""
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n"
