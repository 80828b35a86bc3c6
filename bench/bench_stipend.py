"""Benchmark: the stipend of a 3-year plan (goal: under 20 ms per computation).

    .venv/bin/python bench/bench_stipend.py [--runs 50]

The plan: three vedtak periods from 1 July 2024 to 30 June 2027 (the last year partly projected
past the last known G), two children (one turning 18 in the programme, one born in it), an
avbrudd, 36 days of ugyldig fravær, paid work every month, dagpenger in six months and a trekk.
Each run is a full `compute_stipend` from the plan (calendar, rate timeline, months, explanation).
Prints median and p95 over the runs after a warm-up; asserts nothing about time.
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

from planner.dates import add_months, month_key  # noqa: E402
from planner.model import (  # noqa: E402
    Absence,
    Child,
    Income,
    IncomeKind,
    Leave,
    LeaveKind,
    Overpayment,
    Participant,
    Period,
    Plan,
)
from planner.params import load_parameters  # noqa: E402
from planner.stipend import compute_stipend  # noqa: E402

GOAL_MS = 20.0


def three_year_plan() -> Plan:
    start = date(2024, 7, 1)
    periods = (
        Period(date(2024, 7, 1), date(2025, 6, 30)),
        Period(date(2025, 7, 1), date(2026, 6, 30)),
        Period(date(2026, 7, 1), date(2027, 6, 30), special_reasons=True),
    )
    months = [month_key(add_months(start, i)) for i in range(36)]
    absences = tuple(
        Absence(start + timedelta(days=30 * i + 2), Decimal("3.5") if i % 2 else Decimal("7.5"), valid=i % 3 != 0)
        for i in range(36)
    )
    income = tuple(Income(IncomeKind.WORK, m, hours=Decimal(20 + i % 7)) for i, m in enumerate(months)) + tuple(
        Income(IncomeKind.DAGPENGER, m, amount=Decimal("4250.50")) for m in months[6:12]
    )
    return Plan(
        participant=Participant(
            birth_date=date(2000, 3, 12),  # 25 in March 2025
            children=(Child(date(2008, 2, 20)), Child(date(2025, 10, 20))),  # 18 in Feb 2026; born Oct 2025
        ),
        application_date=date(2024, 5, 15),
        periods=periods,
        leaves=(
            Leave(LeaveKind.VACATION, date(2025, 7, 7), date(2025, 7, 25)),
            Leave(LeaveKind.INTERRUPTION, date(2025, 11, 3), date(2025, 11, 21)),
        ),
        absences=absences,
        income=income,
        overpayments=(Overpayment(Decimal(12000), "2025-01", Decimal(1500), reason="Feilutbetaling"),),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()

    params = load_parameters()
    plan = three_year_plan()
    for _ in range(args.warmup):  # parameter files, holiday tables and imports out of the way
        result = compute_stipend(plan, params)
    timings = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = compute_stipend(plan, params)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"stipend, 3-year plan: {len(result.months)} months, {sum(m.stipend_days for m in result.months)} stipend days, "
          f"{len(result.rate_segments)} rate segments, total {result.total} kr")
    print(f"runs {args.runs} (after {args.warmup} warm-up): median {median:.2f} ms, p95 {p95:.2f} ms, "
          f"min {timings[0]:.2f} ms, max {timings[-1]:.2f} ms (goal < {GOAL_MS:.0f} ms)")
    print("OK" if p95 < GOAL_MS else "OVER GOAL")


if __name__ == "__main__":
    main()
