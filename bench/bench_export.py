"""Benchmark: the PDF export of a 3-year plan (goal: under 1 s per document).

    .venv/bin/python bench/bench_export.py [--runs 7]

The plan: three vedtak periods (1 March 2026 – 28 February 2029, the last for særlige grunner),
18 activities changing every few months (so about 15 week grids), a summer vacation each year,
a permisjon, 12 evaluations, 30 registered absences and six sub-goals. Each run makes the whole
document from the plan: calendar, rule check (case copy), stipend, the timeline chart (Vega-Lite →
SVG in vl-convert), the data, and the Typst compile to PDF/UA-1. Prints the first (cold) run, then
the median and the slowest of the warm runs, per document and per stage; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.calendar import ProgrammeCalendar  # noqa: E402
from planner.export import render_deltakerbevis_pdf, render_plan_pdf  # noqa: E402
from planner.export.chart import timeline_svg  # noqa: E402
from planner.export.document import build_plan_document  # noqa: E402
from planner.export.render import chart_svg_for, compile_template, font_choice  # noqa: E402
from planner.model import (  # noqa: E402
    Absence,
    Activity,
    Category,
    Child,
    Evaluation,
    Goals,
    Leave,
    LeaveKind,
    Participant,
    Period,
    Plan,
    Status,
    SubGoal,
)
from planner.params import load_parameters  # noqa: E402

GOAL_S = 1.0
TODAY = date(2026, 2, 20)


def three_year_plan() -> Plan:
    start = date(2026, 3, 2)
    periods = (
        Period(date(2026, 3, 2), date(2027, 2, 28), date(2026, 2, 16)),
        Period(date(2027, 3, 1), date(2028, 2, 29), date(2027, 2, 15)),
        Period(date(2028, 3, 1), date(2029, 2, 28), date(2028, 2, 14), special_reasons=True),
    )
    kinds = [Category.WORK_DIRECTED, Category.SUPPORTING, Category.HEALTH, Category.FOLLOW_UP, Category.JOB_SEEKING, Category.PAID_WORK]
    activities = [
        Activity("follow", "Oppfølgingssamtaler med veileder", Category.FOLLOW_UP, start, date(2029, 2, 28), Decimal("1.5")),
        Activity("gym", "Trening med Frisklivssentralen", Category.HEALTH, start, date(2029, 2, 28), Decimal(3), justification="Utholdenhet"),
    ]
    for i in range(16):  # two-month to six-month blocks, overlapping, through the three years
        first = start + timedelta(weeks=9 * i)
        last = first + timedelta(weeks=8 + (i % 3) * 8, days=4)
        category = kinds[i % len(kinds)]
        hours = Decimal("18.75") if category is Category.PAID_WORK else Decimal(str(6 + (i % 4) * 4.5))
        activities.append(
            Activity(
                f"a{i}",
                f"Tiltak nummer {i + 1} – {category.value.replace('_', ' ')}",
                category,
                first,
                min(last, date(2029, 2, 28)),
                hours,
                provider=f"Arrangør {i % 5 + 1}" if i % 2 else None,
                status=Status.PROPOSED if i > 12 else Status.AGREED,
            )
        )
    leaves = tuple(Leave(LeaveKind.VACATION, date(y, 7, 6), date(y, 7, 31), "Sommerferie") for y in (2026, 2027, 2028)) + (
        Leave(LeaveKind.LEAVE, date(2027, 10, 4), date(2027, 10, 15), "Velferdspermisjon"),
    )
    evaluations = tuple(Evaluation(start + timedelta(weeks=13 * i + 10), f"Evaluering {i + 1}") for i in range(12))
    absences = tuple(
        Absence(start + timedelta(days=35 * i + 1), Decimal("7.5") if i % 2 else Decimal(3), valid=i % 3 != 0) for i in range(30)
    )
    goals = Goals(
        "Fast jobb i lager og logistikk, minst 80 prosent",
        "Lagermedarbeider",
        tuple(SubGoal(f"Delmål {i + 1}: truckførerbevis, norsk B1, praksis", start + timedelta(days=120 * i), "Deltaker og veileder") for i in range(6)),
    )
    return Plan(
        participant=Participant(date(1988, 5, 17), "Benchmark Deltaker", (Child(date(2015, 3, 3)),), "nb"),
        application_date=date(2026, 1, 12),
        periods=periods,
        leaves=leaves,
        goals=goals,
        activities=tuple(activities),
        evaluations=evaluations,
        absences=absences,
        competence=("Truckførerbevis T1", "Varemottak"),
    )


def timed(fn) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    params = load_parameters()
    plan = three_year_plan()
    calendar = ProgrammeCalendar(plan, params)
    print(f"plan: {len(plan.activities)} activities, {len(calendar.weeks)} weeks, {len(plan.evaluations)} evaluations, font {font_choice().family}")

    documents = {
        "participant copy": lambda: render_plan_pdf(plan, params, copy="participant", today=TODAY),
        "case copy": lambda: render_plan_pdf(plan, params, copy="case", today=TODAY),
        "deltakerbevis": lambda: render_deltakerbevis_pdf(plan, params, today=date(2029, 3, 1), own_words="Et godt år."),
    }
    cold, _ = timed(documents["participant copy"])
    print(f"first document in a fresh process (vl-convert's JavaScript engine starts): {cold * 1000:.0f} ms")
    for name, make in documents.items():
        times, size = [], 0
        for _ in range(args.runs):
            seconds, pdf = timed(make)
            times.append(seconds)
            size = len(pdf)
        median = statistics.median(times)
        verdict = "ok" if median < GOAL_S else "OVER GOAL"
        print(f"{name:17s} median {median * 1000:6.0f} ms   slowest {max(times) * 1000:6.0f} ms   {size / 1024:5.0f} KiB   [{verdict}]")

    stages = {
        "chart (SVG)": lambda: chart_svg_for(plan, params, "nb"),
        "data (case)": lambda: build_plan_document(plan, params, copy="case", today=TODAY, chart_svg=None),
    }
    svg = timeline_svg(plan, params, "nb", font=font_choice().family, font_dir=font_choice().directory)
    data = build_plan_document(plan, params, copy="case", today=TODAY, chart_svg=svg)
    stages["typst (case)"] = lambda: compile_template("plan", data)
    print(f"case copy: {len(data['phases'])} week grids, {len(data['money']['rows'])} stipend months, {len(data['findings']['rows'])} findings")
    for name, run in stages.items():
        times = [timed(run)[0] for _ in range(args.runs)]
        print(f"  stage {name:13s} median {statistics.median(times) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
