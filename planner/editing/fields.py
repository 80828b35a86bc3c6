"""Participant, goals, periods, leave, evaluations, absences and income: the setters behind
the app's list editors, each replacing one whole list and reporting problems in Norwegian."""


from dataclasses import replace
from datetime import date
from typing import Any, Iterable, Mapping, Sequence

from planner.dates import ONE_DAY, period_end
from planner.editing.values import EditError, _hours, _span, _text, to_date, to_decimal
from planner.model import (
    GOAL_OUTCOME_LABELS_NB,
    LEAVE_LABELS_NB,
    Absence,
    Evaluation,
    GoalOutcome,
    Income,
    IncomeKind,
    Leave,
    LeaveKind,
    Period,
    Plan,
    SubGoal,
)

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
        if present(row.get("deadline")):
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
            decision = to_date(decision, "vedtaksdato") if present(decision) else None
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


def present(value: Any) -> bool:
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
        if not present(row.get("start")) and not present(row.get("end")):
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
            end = to_date(row.get("end") if present(row.get("end")) else start, "slutt")
            _span(start, end, LEAVE_LABELS_NB[kind])
            leaves.append(Leave(kind, start, end, _text(row.get("reason"))))
        except EditError as exc:
            problems.append(f"Fravær {index + 1}: {exc}")
    return replace(plan, leaves=tuple(sorted(leaves, key=lambda x: x.start))), problems


def set_evaluations(plan: Plan, rows: Iterable[Mapping[str, Any]]) -> tuple[Plan, list[str]]:
    problems: list[str] = []
    evaluations: list[Evaluation] = []
    for index, row in enumerate(rows):
        if not present(row.get("date")):
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
        if not present(row.get("date")):
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
