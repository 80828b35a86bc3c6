"""Benchmark `planner.rules.check_plan`: is the check fast enough to run on every edit in the app?

    .venv/bin/python bench/bench_check.py [--runs 50] [--plans 1000] [--profile]

Measures, on a generated three-year plan with 30 activities (deterministic, seed 2026):
  1. check_plan with a warm calendar (the rules alone),
  2. check_plan as the app calls it on every edit (a new ProgrammeCalendar each time),
and then check_plan over 1 000 different generated plans (total and per plan).
The goal is under 20 ms for (2). Prints figures; asserts nothing (timings never go in the tests).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.calendar import ProgrammeCalendar  # noqa: E402
from planner.dates import ONE_DAY, add_months  # noqa: E402
from planner.model import (  # noqa: E402
    WEEKDAY_KEYS,
    Activity,
    Category,
    Child,
    Evaluation,
    Leave,
    LeaveKind,
    Participant,
    Period,
    Plan,
    Status,
)
from planner.params import load_parameters  # noqa: E402
from planner.rules import check_plan  # noqa: E402

GOAL_MS = 20.0


def generate_plan(seed: int, years: int = 3, activities: int = 30) -> Plan:
    """A plausible plan: `years` one-year periods (the last with special_reasons when > 2), summer
    vacation each year, one leave, an evaluation per quarter, and `activities` activities of every
    category spread over the programme (some with per-day hours, some cancelled)."""
    rng = random.Random(seed)
    start = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 120))
    periods = []
    first = start
    for index in range(years):
        last = add_months(first, 12) - ONE_DAY
        periods.append(Period(first, last, first - timedelta(days=14), special_reasons=index >= 2))
        first = last + ONE_DAY
    end = periods[-1].end
    leaves = [Leave(LeaveKind.VACATION, date(y, 7, 6), date(y, 7, 24), "Sommerferie") for y in range(start.year, end.year + 1)]
    leave_start = start + timedelta(days=rng.randrange(60, 300))
    leaves.append(Leave(LeaveKind.LEAVE, leave_start, leave_start + timedelta(days=9), "Velferdspermisjon"))
    categories = list(Category)
    acts = []
    for index in range(activities):
        category = categories[index % len(categories)]
        a_start = start + timedelta(days=rng.randrange(0, (end - start).days - 30))
        a_end = min(end, a_start + timedelta(days=rng.randrange(30, 400)))
        hours = Decimal(rng.choice(["1.5", "3", "4.5", "7.5", "10", "12", "15"]))
        weekdays = None
        if rng.random() < 0.3:
            days = rng.sample(WEEKDAY_KEYS, rng.randint(1, 5))
            share = hours / len(days)
            weekdays = {d: share for d in days}
            weekdays[days[0]] += hours - sum(weekdays.values())
        acts.append(
            Activity(
                id=f"a{index + 1}",
                title=f"Aktivitet {index + 1}",
                category=category,
                start=a_start,
                end=a_end,
                hours_per_week=hours,
                weekdays=weekdays,
                justification="Begrunnet" if rng.random() < 0.8 else None,
                status=Status.CANCELLED if rng.random() < 0.05 else Status.AGREED,
            )
        )
    # a backbone so most weeks are full time, as in a real plan
    acts.append(Activity("base", "Arbeidstrening", Category.WORK_DIRECTED, start, end, Decimal("22.5")))
    evaluations = [Evaluation(add_months(start, m)) for m in range(3, 12 * years, 3)]
    return Plan(
        participant=Participant(date(1985, 6, 1) + timedelta(days=rng.randrange(0, 5000)), children=(Child(date(2015, 3, 3)),)),
        application_date=start - timedelta(days=rng.randrange(10, 150)),
        periods=tuple(periods),
        leaves=tuple(leaves),
        activities=tuple(acts),
        evaluations=tuple(evaluations),
    )


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def describe(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"{label:<48} median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   (n={len(ordered)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="profile the fresh-calendar check")
    args = parser.parse_args()

    params = load_parameters()
    plan = generate_plan(2026)
    print(
        f"Plan: {plan.start} – {plan.end}, {len(plan.periods)} perioder, {len(plan.activities)} aktiviteter, "
        f"{len(plan.leaves)} fravær/ferie"
    )
    for _ in range(5):  # warm-up: imports, the holiday tables, the parameter cache
        check_plan(plan, params)
    result = check_plan(plan, params)
    print(f"Funn: {result.errors} feil, {result.warnings} advarsler, {result.infos} info "
          f"({', '.join(sorted({f.rule for f in result.findings})) or 'ingen'})")

    calendar = ProgrammeCalendar(plan, params)
    check_plan(plan, params, calendar=calendar)
    warm = timed(lambda: check_plan(plan, params, calendar=calendar), args.runs)
    fresh = timed(lambda: check_plan(plan, params), args.runs)
    print(describe("check_plan, warm calendar (rules only)", warm))
    print(describe("check_plan, fresh calendar (as on every edit)", fresh))
    verdict = "OK" if statistics.median(fresh) < GOAL_MS else "FOR TREG"
    print(f"Mål: under {GOAL_MS:.0f} ms per sjekk med ny kalender — {verdict}")

    plans = [generate_plan(seed) for seed in range(args.plans)]
    t0 = time.perf_counter()
    errors = sum(check_plan(p, params).errors for p in plans)
    total = time.perf_counter() - t0
    print(f"{len(plans)} genererte planer: {total:.2f} s i alt, {total / len(plans) * 1000:.2f} ms per plan "
          f"({errors} feil funnet i alt)")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            check_plan(plan, params)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
