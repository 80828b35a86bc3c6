"""Sample plans so the app opens with something to look at: `python -m planner.sample_data`.

The participants are invented (initials only, made-up dates). Seeding writes to the store only when
it is empty, so running it on every start is safe.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date

from planner.model import Leave, LeaveKind, Plan
from planner.templates import TEMPLATES, PlanBasics, build_from_template

_PEOPLE = (
    # (initials, birth date, children, application date, start, language)
    ("A. K.", date(1988, 4, 12), (date(2015, 9, 1),), date(2026, 1, 12), date(2026, 3, 2), "nb"),
    ("M. H.", date(1979, 11, 3), (), date(2026, 2, 20), date(2026, 4, 6), "nn"),
    ("S. O.", date(2003, 6, 21), (), date(2026, 5, 4), date(2026, 8, 17), "en"),
    ("L. T.", date(1992, 1, 30), (date(2019, 3, 8), date(2021, 12, 24)), date(2026, 8, 3), date(2026, 10, 5), "nb"),
)


def example_plan() -> Plan:
    """One complete plan: the first pathway for an invented participant, with a summer vacation."""
    return sample_plans()[0]


def sample_plans() -> list[Plan]:
    plans = []
    for (name, birth, children, applied, start, language), chosen in zip(_PEOPLE, TEMPLATES):
        basics = PlanBasics(
            name=name,
            birth_date=birth,
            children_birth_dates=children,
            application_date=applied,
            start=start,
            language=language,
        )
        plan = build_from_template(chosen.id, basics)
        summer = date(start.year if start.month < 7 else start.year + 1, 7, 6)
        vacation = Leave(LeaveKind.VACATION, summer, date(summer.year, 7, 24), "Sommerferie")
        if plan.start <= vacation.start and vacation.end <= plan.end:
            plan = replace(plan, leaves=(vacation,))
        plans.append(plan)
    return plans


def seed(store) -> int:  # noqa: ANN001 - a planner.storage Store
    """Save the sample plans for the local single user if the store has none. Returns how many."""
    from planner.storage import local_actor

    actor = local_actor(store)
    if store.caseload(actor):
        return 0
    for plan in sample_plans():
        store.save_plan(actor, plan, base_revision=None, comment="Eksempelplan")
    return len(_PEOPLE)


def main() -> int:
    try:
        from planner.storage import open_store
    except ImportError:
        return 0
    store = open_store()
    count = seed(store)
    if count:
        print(f"La inn {count} eksempelplaner.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
