"""Benchmark the office in the app: the caseload page with 500 plans, and 20 people saving at once.

    .venv/bin/python bench/bench_office.py [--plans 500] [--runs 10] [--sessions 20] [--seconds 120]
                                           [--shared-plans 5] [--think 0] [--no-postgres] [--skip-caseload]

1. **Saksportefølje with 500 plans.** One office with `--plans` plans (seeded as
   bench_caseload.py does, one revision each, rules memoised while seeding). Times
   - the page's data call, `Store.caseload` for the fagansvarlig's whole office (500 rows);
   - a run of the page itself in AppTest (streamlit_app.py, signed in as that fagansvarlig
     through `at.user`): first with the list read from the database, then a rerun that uses the
     page's 20-second cache (what a click elsewhere on the page costs).
   Goal: < 1 s for both the data call and the page run.
2. **20 sessions editing and saving.** `--sessions` threads, each with its own Store (its own
   engine and connection pool) and its own veileder, round-robin over the same
   `--shared-plans` plans for `--seconds` seconds: load the newest revision, change
   the main goal and one activity's hours, save with `base_revision`; on ConflictError take the
   newest revision from the error, apply the edit again and save over it (what "Lagre mine
   endringer som ny versjon over den nyeste" does after the user has seen the difference), after
   a random pause of up to 50 ms × the number of tries (at most 0.5 s). A save that meets 100
   conflicts in a row counts as an error. `--think S`: each session pauses a random 0–2S seconds
   before each edit (people read and type); the default 0 is a stress test.
   The rules run on every save and both diffs on every conflict, as in the app.
   Afterwards every plan's revisions are checked: numbered 1..N without gaps, N − 1 equal to the
   saves that succeeded, and each successful save's content stored under the number it got.
   Reports saves/s, conflicts resolved, revisions lost (must be 0) and errors (must be 0).

Threads share one Python process (the GIL): CPU-bound work (rules, diffs) is serialised, the
database waits are not. Runs on a temporary SQLite file (WAL) and, when the PostgreSQL server
binaries are installed, a throwaway PostgreSQL (tests/support/postgres.py). Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_caseload  # noqa: E402
import planner.storage.summary as summary  # noqa: E402
from planner.params import load_parameters  # noqa: E402
from planner.planfile import dumps_plan  # noqa: E402
from planner.sample_data import sample_plans  # noqa: E402
from planner.storage import ConflictError, Role, open_store  # noqa: E402
from planner.storage.models import RevisionRow  # noqa: E402

GOAL_S = 1.0
MAX_TRIES = 100  # conflicts in a row before a save counts as an error
APP = str(ROOT / "streamlit_app.py")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


# --------------------------------------------------------------------------- 1. caseload


def bench_caseload_page(url: str, args: argparse.Namespace) -> None:
    from streamlit.testing.v1 import AppTest

    store = open_store(url, params=load_parameters())
    real_rules = summary.check_findings
    bench_caseload._memoise_rules()
    try:
        fagansvarlig, _ = bench_caseload.seed(store, args.plans, 1)
    finally:
        summary.check_findings = real_rules

    samples = []
    for _ in range(args.runs + 1):
        started = time.perf_counter()
        rows = store.caseload(fagansvarlig, scope="office")
        samples.append(time.perf_counter() - started)
    median, p95 = _percentiles(samples[1:])
    verdict = "ok" if median < GOAL_S else "OVER GOAL"
    print(f"  data call: Store.caseload, whole office   {len(rows):4d} rows  median {median * 1000:7.1f} ms  "
          f"p95 {p95 * 1000:7.1f} ms  [{verdict}]")

    os.environ["DATABASE_URL"] = url
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets.update({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                                "client_id": "kvp", "client_secret": "s",
                                "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}})
    at.user = {"is_logged_in": True, "sub": "f", "name": "Fagansvarlig", "office": "NAV Benk", "roles": ["fagansvarlig"]}
    at.run()
    at.switch_page("app_pages/office_caseload.py")
    at.run()
    assert not at.exception, at.exception
    shown = len(at.dataframe[0].value)
    fresh, cached = [], []
    for _ in range(args.runs):
        at.session_state["office_caseload_cache"] = None  # read the list again, as on a filter change
        started = time.perf_counter()
        at.run()
        fresh.append(time.perf_counter() - started)
        started = time.perf_counter()
        at.run()
        cached.append(time.perf_counter() - started)
    for name, samples in (("page run, list read from the database", fresh), ("page rerun, list from the page cache", cached)):
        median, p95 = _percentiles(samples)
        verdict = "ok" if median < GOAL_S else "OVER GOAL"
        print(f"  AppTest: {name:36} {shown:4d} rows  median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  [{verdict}]")
    store.close()


# -------------------------------------------------------------------- 2. concurrent saves


def _content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bench_sessions(url: str, args: argparse.Namespace) -> None:
    setup = open_store(url, params=load_parameters())
    office = f"NAV Samtidig {int(time.time())}"
    owner = setup.ensure_actor("owner", "Eier", office, Role.VEILEDER)
    templates = sample_plans()
    plan_ids = [
        setup.save_plan(owner, templates[i % len(templates)], base_revision=None, label=f"Delt {i}").plan_id
        for i in range(args.shared_plans)
    ]
    actors = [setup.ensure_actor(f"s{i}", f"Veileder {i}", office, Role.VEILEDER) for i in range(args.sessions)]

    stop_at = time.monotonic() + args.seconds
    saved: list[tuple[str, int, str]] = []  # (plan id, revision number, content hash) of every successful save
    lock = threading.Lock()
    counts: Counter = Counter()
    errors: list[str] = []
    save_times: list[float] = []
    attempts: list[int] = []  # tries per successful save

    def session(index: int) -> None:
        store = open_store(url, params=setup.params, run_migrations=False)
        actor = actors[index]
        n = 0
        try:
            while time.monotonic() < stop_at:
                if args.think:
                    time.sleep(random.uniform(0, 2 * args.think))  # reading, typing
                plan_id = plan_ids[(index + n) % len(plan_ids)]
                n += 1
                try:
                    stored = store.load_plan(actor, plan_id)
                    plan, base = stored.plan, stored.latest_revision
                    for attempt in range(MAX_TRIES):
                        first = plan.activities[0]
                        edited = replace(
                            plan,
                            goals=replace(plan.goals, main=f"Mål fra økt {index}, endring {n}"),
                            activities=(replace(first, hours_per_week=Decimal(5 + (index + n) % 20)), *plan.activities[1:]),
                        )
                        started = time.perf_counter()
                        try:
                            revision = store.save_plan(actor, edited, plan_id=plan_id, base_revision=base,
                                                       comment=f"økt {index} endring {n}")
                        except ConflictError as conflict:
                            # Seen the difference: take the newest as the base and save over it,
                            # after a short random pause (a person reads the difference; a
                            # client backs off), so that one session cannot lose every race.
                            with lock:
                                counts["conflicts"] += 1
                            plan, base = conflict.latest_plan, conflict.latest.number
                            time.sleep(random.uniform(0, 0.05 * min(attempt + 1, 10)))
                            continue
                        with lock:
                            save_times.append(time.perf_counter() - started)
                            saved.append((plan_id, revision.number, _content_hash(dumps_plan(edited))))
                            counts["saves"] += 1
                            if attempt:
                                counts["resolved"] += 1
                            attempts.append(attempt + 1)
                        break
                    else:
                        with lock:
                            errors.append(f"gave up after {MAX_TRIES} conflicts in a row")
                except Exception as exc:  # anything but a conflict is an error
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            store.close()

    threads = [threading.Thread(target=session, args=(i,), name=f"session-{i}") for i in range(args.sessions)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    # Every successful save must be there, under its number, with its content; no gaps, no extras.
    lost = 0
    per_plan: dict[str, dict[int, str]] = defaultdict(dict)
    with setup.transaction() as session_:
        import uuid

        from sqlalchemy import select

        ids = [uuid.UUID(p) for p in plan_ids]
        for pid, number, text in session_.execute(
            select(RevisionRow.plan_id, RevisionRow.number, RevisionRow.plan_json).where(RevisionRow.plan_id.in_(ids))
        ):
            per_plan[str(pid)][number] = _content_hash(text)
    for plan_id, number, digest in saved:
        if per_plan[plan_id].get(number) != digest:
            lost += 1
    gaps = sum(1 for p in plan_ids if sorted(per_plan[p]) != list(range(1, len(per_plan[p]) + 1)))
    extra = sum(len(per_plan[p]) - 1 for p in plan_ids) - len(saved)
    numbers = Counter((p, n) for p, n, _ in saved)
    duplicates = sum(1 for c in numbers.values() if c > 1)
    setup.close()

    median, p95 = _percentiles(save_times) if save_times else (0.0, 0.0)
    print(f"  {args.sessions} sessions × {args.seconds:.0f} s on {args.shared_plans} shared plans"
          f"{f', ~{args.think:g} s pause before each edit' if args.think else ''}: "
          f"{counts['saves']} saves in {elapsed:.1f} s = {counts['saves'] / elapsed:.1f} saves/s")
    print(f"  save_plan median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
          f"conflicts {counts['conflicts']} (saves that needed a retry: {counts['resolved']}, "
          f"most tries for one save: {max(attempts, default=0)})")
    print(f"  revisions lost: {lost}; numbering gaps: {gaps}; revisions without a save: {extra}; "
          f"numbers given twice: {duplicates}; errors: {len(errors)}")
    for line in Counter(errors).most_common(5):
        print(f"    error ×{line[1]}: {line[0]}")


# ------------------------------------------------------------------------------------ main


def run_all(url: str, label: str, args: argparse.Namespace) -> None:
    print(f"\n{label}")
    if not args.skip_caseload:
        bench_caseload_page(url, args)
    if args.sessions:
        bench_sessions(url, args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--shared-plans", type=int, default=5)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a session pauses before each edit (0: save as fast as possible)")
    parser.add_argument("--no-postgres", action="store_true", help="only SQLite")
    parser.add_argument("--skip-caseload", action="store_true", help="only the concurrent sessions")
    args = parser.parse_args()

    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as directory:
        run_all(f"sqlite:///{Path(directory) / 'bench.sqlite'}", "SQLite (WAL)", args)
    if args.no_postgres:
        return 0
    try:
        from tests.support.postgres import PostgresServer, PostgresUnavailable

        server = PostgresServer()
    except (ImportError, PostgresUnavailable) as exc:
        print(f"\nPostgreSQL: skipped ({exc})")
        return 0
    with server:
        run_all(server.create_database("kvp_bench_office"), "PostgreSQL (throwaway, fsync off)", args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
