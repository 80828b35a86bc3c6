"""Keeping a fødselsnummer out of the database.

The plan file has no field for a national identity number and the planner never needs one; a
veileder who types one into the name field (or a note) would still put it in the database, the
history and every backup. `check_no_national_id(plan)` refuses that with a Norwegian message naming
the field, before anything is written.

"Looks like one": 11 digits in a row (spaces, dots or a hyphen allowed after the 6th digit) whose
first six digits are a possible date DDMMYY, also as a D-number (day + 40) or an H-/synthetic
number (month + 40 or + 80). The check digits are not required to match: a mistyped number is
still a number that must not be stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planner.model import Plan
from planner.planfile import Problem

_ELEVEN = re.compile(r"(?<!\d)(\d{6})[ .\-]?(\d{5})(?!\d)")

MESSAGE = (
    "ser ut som et fødselsnummer (11 siffer). Planleggeren lagrer aldri fødselsnummer: "
    "bruk initialer eller et kallenavn"
)


class PersonalDataError(ValueError):
    """The plan holds something that must not be stored (a fødselsnummer). Nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def looks_like_national_id(text: str | None) -> bool:
    if not text:
        return False
    for match in _ELEVEN.finditer(text):
        digits = match.group(1)
        day, month = int(digits[0:2]), int(digits[2:4])
        if day > 40:  # D-nummer
            day -= 40
        if month > 80:  # syntetisk (Skatteetaten)
            month -= 80
        elif month > 40:  # H-nummer / syntetisk (NAV)
            month -= 40
        if 1 <= day <= 31 and 1 <= month <= 12:
            return True
    return False


def _free_text(plan: Plan) -> Iterator[tuple[str, str | None]]:
    yield "participant.name", plan.participant.name
    yield "goals.main", plan.goals.main
    yield "goals.occupation", plan.goals.occupation
    for i, goal in enumerate(plan.goals.sub_goals):
        yield f"goals.sub_goals[{i}].text", goal.text
        yield f"goals.sub_goals[{i}].responsible", goal.responsible
    for i, activity in enumerate(plan.activities):
        yield f"activities[{i}].title", activity.title
        yield f"activities[{i}].provider", activity.provider
        yield f"activities[{i}].justification", activity.justification
    for i, leave in enumerate(plan.leaves):
        yield f"leaves[{i}].reason", leave.reason
    for i, evaluation in enumerate(plan.evaluations):
        yield f"evaluations[{i}].note", evaluation.note
    for i, absence in enumerate(plan.absences):
        yield f"absences[{i}].reason", absence.reason
    for i, overpayment in enumerate(plan.overpayments):
        yield f"overpayments[{i}].reason", overpayment.reason
    if plan.eligibility is not None:
        yield "eligibility.note", plan.eligibility.note
    for i, text in enumerate(plan.competence):
        yield f"competence[{i}]", text


def national_id_problems(plan: Plan) -> list[Problem]:
    return [Problem(path, MESSAGE) for path, text in _free_text(plan) if looks_like_national_id(text)]


def check_no_national_id(plan: Plan, *, extra: dict[str, str | None] | None = None) -> None:
    """Raise PersonalDataError if the plan (or `extra` fields, e.g. a label) holds a fødselsnummer."""
    problems = national_id_problems(plan)
    for path, text in (extra or {}).items():
        if looks_like_national_id(text):
            problems.append(Problem(path, MESSAGE))
    if problems:
        raise PersonalDataError(problems)
