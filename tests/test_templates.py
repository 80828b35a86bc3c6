"""Every programme template gives a draft the rules accept, whatever the start date.

The hours per phase in planner/templates.py were planned by hand so each week reaches 37.5 h
(e.g. "norsk → arbeidstrening", month 1–6: norskkurs 15 + arbeidstrening 21 + oppfølging 1.5 = 37.5).
These tests hold the templates to that: no rule error and no warning for ten start dates spread over
the year (Easter, 17 May, Christmas, leap day), for a participant under and over 25.
"""

from datetime import date

import pytest

from planner.dates import add_months
from planner.model import Status
from planner.params import load_parameters
from planner.planfile import dumps_plan, parse_plan
from planner.rules import check_plan
from planner.templates import TEMPLATES, PlanBasics, blank_plan, build_from_template

STARTS = [date(2026, 1, 5), date(2026, 3, 30), date(2026, 5, 18), date(2026, 6, 30), date(2026, 8, 17),
          date(2026, 12, 21), date(2027, 2, 1), date(2027, 3, 1), date(2028, 2, 29), date(2028, 10, 2)]


@pytest.mark.parametrize("template_id", [t.id for t in TEMPLATES])
@pytest.mark.parametrize("start", STARTS, ids=str)
@pytest.mark.parametrize("birth", [date(1985, 5, 5), date(2005, 1, 20)], ids=["over25", "under25"])
def test_template_draft_has_no_errors_or_warnings(template_id, start, birth):
    basics = PlanBasics(birth_date=birth, application_date=add_months(start, -2), start=start, name="T. E.")
    plan = build_from_template(template_id, basics)
    result = check_plan(plan, load_parameters())
    problems = [f"{f.rule}: {f.message}" for f in result.findings if f.severity.value in ("error", "warning")]
    assert problems == []


@pytest.mark.parametrize("template_id", [t.id for t in TEMPLATES])
def test_template_draft_is_proposed_and_survives_the_plan_file(template_id):
    basics = PlanBasics(birth_date=date(1990, 1, 1), application_date=date(2026, 1, 1), start=date(2026, 2, 2))
    plan = build_from_template(template_id, basics)
    assert plan.activities and all(a.status is Status.PROPOSED for a in plan.activities)
    assert parse_plan(dumps_plan(plan)) == plan


def test_blank_plan_has_one_year_period_and_reports_what_is_missing():
    basics = PlanBasics(birth_date=date(1990, 1, 1), application_date=date(2026, 1, 1), start=date(2026, 2, 2))
    plan = blank_plan(basics)
    # forskrift § 2: at most one year — 2 Feb 2026 + 12 months − 1 day = 1 Feb 2027
    assert plan.periods[0].start == date(2026, 2, 2) and plan.periods[0].end == date(2027, 2, 1)
    rules = {f.rule for f in check_plan(plan, load_parameters()).findings}
    assert {"full_time", "job_seeking_final_part", "evaluations_scheduled"} <= rules
