"""Benchmark the caseload page's query: is it fast with 500 plans in an office?

    .venv/bin/python bench/bench_caseload.py [--plans 500] [--revisions 3] [--runs 30]
                                             [--no-postgres] [--url DATABASE_URL]

Seeds one office with `--plans` plans (owned by five veiledere, each plan saved `--revisions`
times through `Store.save_plan`, so `plan_revisions` holds plans × revisions rows) and a second
office with as many plans (rows the query must skip), then times `Store.caseload` as the app calls
it: the fagansvarlig's whole office, a veileder's own plans, and a search. Each call is the whole
server side: one SQL query over the denormalised summary columns, the rows built in Python
(current period and next evaluation for today), and its audit-log insert, in one transaction.
Also times save_plan and load_plan for context. Runs on a temporary SQLite file (WAL) and, when
the PostgreSQL server binaries are installed, on a throwaway PostgreSQL (tests/support/postgres.py).

Goal: caseload < 1 s for 500 plans (median). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.params import load_parameters  # noqa: E402
from planner.planfile import dumps_plan  # noqa: E402
from planner.sample_data import sample_plans  # noqa: E402
from planner.storage import Role, Store, open_store  # noqa: E402
import planner.storage.summary as summary  # noqa: E402

GOAL_S = 1.0
NAMES = ["Anne", "Bjørn", "Cecilie", "Dag", "Eva", "Frode", "Gro", "Hans", "Ingrid", "Jon", "Kari", "Leif"]


def _memoise_rules() -> None:
    """The seeding saves thousands of revisions of a few template plans: run the rules once per
    distinct plan content (the participant's name aside) instead of every time. Timing the
    caseload itself is unaffected: it never runs the rules."""
    real = summary.check_findings
    cache: dict[str, object] = {}

    def cached(plan, params):
        key = dumps_plan(replace(plan, participant=replace(plan.participant, name=None)))
        if key not in cache:
            cache[key] = real(plan, params)
        return cache[key]

    summary.check_findings = cached


def seed(store: Store, plans: int, revisions: int) -> tuple:
    templates = sample_plans()
    office, other = "NAV Benk", "NAV Annet"
    veiledere = [store.ensure_actor(f"v{i}", f"Veileder {i}", office, Role.VEILEDER) for i in range(5)]
    fagansvarlig = store.ensure_actor("f", "Fagansvarlig", office, Role.FAGANSVARLIG)
    others = [store.ensure_actor(f"o{i}", f"Annen {i}", other, Role.VEILEDER) for i in range(5)]
    started = time.perf_counter()
    for index in range(plans):
        for owners in (veiledere, others):
            actor = owners[index % len(owners)]
            base = templates[index % len(templates)]
            name = f"{NAMES[index % len(NAMES)]} {NAMES[(index // len(NAMES)) % len(NAMES)]}{index}"
            plan = replace(base, participant=replace(base.participant, name=name))
            revision = store.save_plan(actor, plan, base_revision=None, label=f"P{index:04d}")
            for number in range(1, revisions):
                plan = replace(plan, goals=replace(plan.goals, main=f"Mål, versjon {number + 1}"))
                revision = store.save_plan(actor, plan, plan_id=revision.plan_id, base_revision=number)
    print(f"  seeded {plans} + {plans} plans × {revisions} revisions in {time.perf_counter() - started:.1f} s")
    return fagansvarlig, veiledere[0]


def timed(runs: int, call) -> tuple[float, float, int]:
    call()  # warm-up
    samples = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples), p95, len(result) if hasattr(result, "__len__") else 0


def bench(url: str, label: str, args: argparse.Namespace) -> None:
    print(f"\n{label}: {url.split('@')[-1]}")
    store = open_store(url, params=load_parameters())
    try:
        fagansvarlig, veileder = seed(store, args.plans, args.revisions)
        cases = [
            ("caseload, whole office (fagansvarlig)", lambda: store.caseload(fagansvarlig)),
            ("caseload, own plans (veileder)", lambda: store.caseload(veileder)),
            ("caseload, office sorted by errors", lambda: store.caseload(fagansvarlig, sort="errors")),
            ("caseload, search 'P01'", lambda: store.caseload(fagansvarlig, search="P01")),
        ]
        for name, call in cases:
            median, p95, rows = timed(args.runs, call)
            verdict = "ok" if median < GOAL_S else "OVER GOAL"
            print(f"  {name:40} {rows:4d} rows  median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  [{verdict}]")
        plan_id = store.caseload(fagansvarlig)[0].plan_id
        median, p95, _ = timed(args.runs, lambda: store.load_plan(fagansvarlig, plan_id))
        print(f"  {'load_plan':40}            median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms")
        stored = store.load_plan(fagansvarlig, plan_id)
        state = {"n": stored.latest_revision, "plan": stored.plan}

        def save():
            revision = store.save_plan(fagansvarlig, state["plan"], plan_id=plan_id, base_revision=state["n"])
            state["n"] = revision.number
            return ()

        median, p95, _ = timed(args.runs, save)
        print(f"  {'save_plan (rules memoised)':40}            median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms")
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--revisions", type=int, default=3)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-postgres", action="store_true", help="only SQLite")
    parser.add_argument("--url", help="benchmark this database instead (it gets the seed data!)")
    args = parser.parse_args()
    _memoise_rules()
    if args.url:
        bench(args.url, "given database", args)
        return 0
    with tempfile.TemporaryDirectory() as directory:
        bench(f"sqlite:///{Path(directory) / 'bench.sqlite'}", "SQLite (WAL)", args)
    if args.no_postgres:
        return 0
    try:
        from tests.support.postgres import PostgresServer, PostgresUnavailable
    except ImportError:
        print("\nPostgreSQL: tests/support/postgres.py not found; skipped")
        return 0
    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        print(f"\nPostgreSQL: skipped ({exc})")
        return 0
    with server:
        bench(server.create_database("kvp_bench"), "PostgreSQL (throwaway, fsync off)", args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
