"""diff_plans without a database, and the fødselsnummer check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from planner.model import Activity, Category, Evaluation, Status
from planner.revision_diff import diff_plans, display
from planner.storage.privacy import looks_like_national_id, national_id_problems


def test_identical_plans_have_an_empty_diff(plan, params):
    diff = diff_plans(plan, plan, params)
    assert diff.is_empty and not diff.weeks and not diff.findings_added and not diff.stipend_months_changed
    assert diff.describe() == []
    assert diff.planned_hours_before == diff.planned_hours_after > 0


def test_activity_changes_field_by_field(plan, params):
    first = plan.activities[0]
    changed = replace(first, status=Status.CANCELLED, title="Avlyst kurs", category=Category.HEALTH)
    diff = diff_plans(plan, replace(plan, activities=(changed, *plan.activities[1:])), params)
    assert not diff.added and not diff.removed
    (change,) = diff.changed
    assert [c.field for c in change.changes] == ["title", "category", "status"]
    assert change.describe().startswith("Endret «Avlyst kurs»: tittel:")
    assert "Helse" in change.describe() and "Avlyst" in change.describe()
    # a cancelled activity counts for nothing: planned hours went down in its weeks
    assert diff.weeks and all(w.planned_after < w.planned_before for w in diff.weeks)
    assert diff.planned_hours_after < diff.planned_hours_before


def test_new_shortfall_shows_as_a_new_finding(plan, params):
    short = replace(plan, activities=plan.activities[1:])
    diff = diff_plans(plan, short, params)
    if diff.findings_before is None:
        pytest.skip("rules not in this checkout")
    assert diff.count("error") >= diff.count("error", after=False)
    added_rules = {f.rule for f in diff.findings_added}
    assert added_rules, diff.describe()
    assert any(line.startswith("Ny ") for line in diff.describe())
    back = diff_plans(short, plan, params)
    assert {f.rule for f in back.findings_resolved} == added_rules


def test_longer_programme_adds_stipend_months(plan, params):
    last = plan.periods[-1]
    longer = replace(
        plan,
        periods=(*plan.periods[:-1], replace(last, end=last.end + timedelta(days=62))),
        evaluations=(*plan.evaluations, Evaluation(last.end + timedelta(days=30))),
    )
    diff = diff_plans(plan, longer, params)
    assert [s.section for s in diff.sections] == ["periods", "evaluations"]
    if diff.stipend is None:
        pytest.skip("stipend engine not in this checkout")
    new_months = [m for m in diff.stipend if m.before is None and m.after]
    assert new_months
    assert diff.stipend_total_after > diff.stipend_total_before
    assert any(w.planned_before is None for w in diff.weeks)  # weeks only in the new version


def test_added_and_removed_activities(plan, params):
    extra = Activity("x9", "Jobbsøkerkurs", Category.JOB_SEEKING, plan.start, plan.start + timedelta(days=30), Decimal(5))
    diff = diff_plans(plan, replace(plan, activities=(*plan.activities[1:], extra)), params)
    assert [a.id for a in diff.added] == ["x9"]
    assert [a.id for a in diff.removed] == [plan.activities[0].id]
    assert diff.describe()[0].startswith("Lagt til «Jobbsøkerkurs» (Arbeidssøking")


def test_display_formats_for_norwegian_readers():
    assert display(date(2026, 3, 2)) == "02.03.2026"
    assert display(Decimal("7.50")) == "7,5"
    assert display(None) == "–"
    assert display(Category.WORK_DIRECTED) == "Arbeidsrettet tiltak"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("01019012345", True),
        ("010190 12345", True),
        ("010190.12345", True),
        ("41019012345", True),  # D-nummer
        ("01419012345", True),  # H-nummer
        ("01819012345", True),  # syntetisk
        ("Kari (010190-12345)", True),
        ("99999999999", False),  # no such day
        ("01139012345", False),  # month 13
        ("010190123456", False),  # 12 digits
        ("0101901234", False),  # 10 digits
        ("Kari Nordmann", False),
        ("", False),
        (None, False),
    ],
)
def test_looks_like_national_id(text, expected):
    assert looks_like_national_id(text) is expected


def test_national_id_problems_name_the_field(plan):
    bad = replace(plan, activities=(replace(plan.activities[0], justification="fnr 01019012345"), *plan.activities[1:]))
    problems = national_id_problems(bad)
    assert [p.path for p in problems] == ["activities[0].justification"]
    assert "fødselsnummer" in problems[0].message
