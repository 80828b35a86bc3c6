"""Benchmark the Streamlit app: is a rerun cheap enough to happen on every click?

    .venv/bin/python bench/bench_app.py [--runs 20] [--no-browser]

Measures, in one run of this script:
  1. one rerun (AppTest, headless) of the Program page and of the Tidslinje page with a generated
     three-year plan of 30 activities (bench_check.generate_plan, seed 2026):
       - "warm": nothing changed, the rules and the stipend come from the session cache;
       - "after an edit": a new plan object, so rules and stipend are computed once in the rerun;
     AppTest compiles every script afresh on each run (it makes a new ScriptCache per run), which
     the server does once per process. So each figure is given twice: as AppTest does it, and with
     one ScriptCache shared across runs, as `streamlit run` does it;
  2. one rerun of a bare Streamlit page (a title and a line of text) in the same process: the floor
     that Streamlit itself costs. Goal: the warm Program rerun within 3× that;
  3. the time from `streamlit run streamlit_app.py` to the first rendered page in Chromium (the
     start page's h1 visible), split into "server healthy" and "page drawn".
Prints figures; asserts nothing (timings never go in the tests).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench_check import generate_plan  # noqa: E402

APP = str(ROOT / "streamlit_app.py")
EDITS = iter(range(1, 1_000_000))  # every edit in the whole run is a new plan content
BARE = "import streamlit as st\nst.title('Hei')\nst.write('En helt enkel side.')\n"


def _time(run, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _fmt(ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ms)})"


@contextlib.contextmanager
def server_like_script_cache(enabled: bool):
    """Let AppTest keep compiled scripts between runs, as the server does."""
    if not enabled:
        yield
        return
    import streamlit.testing.v1.app_test as app_test_module
    import streamlit.testing.v1.local_script_runner as runner_module
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    saved = app_test_module.ScriptCache, runner_module.ScriptCache
    app_test_module.ScriptCache = runner_module.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test_module.ScriptCache, runner_module.ScriptCache = saved


def app_reruns(page: str, plan, runs: int) -> tuple[list[float], list[float]]:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["plan"] = plan
    at.switch_page(page)
    at.run()  # first run: imports, parameters, catalogue, calendar
    assert not at.exception, at.exception
    at.run()
    warm = _time(at.run, runs)

    counter = EDITS
    first = plan.activities[0]

    def edited() -> None:
        # A real edit: new hours on the first activity each time, so no cache can answer.
        hours = Decimal("1") + Decimal(next(counter)) / 4
        current = at.session_state["plan"]
        at.session_state["plan"] = replace(
            current, activities=(replace(first, hours_per_week=hours),) + current.activities[1:]
        )
        at.run()

    cold = _time(edited, runs)
    assert not at.exception, at.exception
    return warm, cold


def bare_reruns(runs: int) -> list[float]:
    at = AppTest.from_string(BARE, default_timeout=60)
    at.run()
    at.run()
    return _time(at.run, runs)


def first_render() -> tuple[float, float] | None:
    try:
        from playwright.sync_api import sync_playwright

        from tests.support.browser import StreamlitServer, launch_chromium, new_context
    except ImportError as exc:  # pragma: no cover
        print(f"(browser part skipped: {exc})")
        return None
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = new_context(browser).new_page()
            t0 = time.perf_counter()
            server = StreamlitServer(name="bench-app").start()
            try:
                healthy = time.perf_counter() - t0
                page.goto(server.url)
                page.get_by_role("heading", name="KVP-planleggeren", level=1).wait_for(timeout=60_000)
                drawn = time.perf_counter() - t0
            finally:
                server.stop()
        finally:
            browser.close()
    return healthy * 1000, drawn * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    plan = generate_plan(2026, years=3, activities=30)
    print(f"Plan: {len(plan.periods)} vedtak periods {plan.start} – {plan.end}, {len(plan.activities)} activities\n")

    for shared in (False, True):
        print("== scripts compiled once, as the server does ==" if shared else "== AppTest as it is (compiles every run) ==")
        with server_like_script_cache(shared):
            bare = bare_reruns(args.runs)
            print(f"bare Streamlit page, rerun           {_fmt(bare)}")
            results = {}
            for name, page in (("Program", "app_pages/program.py"), ("Tidslinje", "app_pages/tidslinje.py")):
                warm, cold = app_reruns(page, plan, args.runs)
                results[name] = warm
                base = statistics.median(bare)
                print(f"{name:<10} rerun, no change          {_fmt(warm)}   = {statistics.median(warm) / base:4.1f}× bare")
                print(f"{name:<10} rerun after an edit       {_fmt(cold)}   = {statistics.median(cold) / base:4.1f}× bare")
            bare_again = bare_reruns(args.runs)
            print(f"bare Streamlit page, rerun (again)   {_fmt(bare_again)}")
            ratio = statistics.median(results["Program"]) / statistics.median(bare + bare_again)
            print(f"Goal: Program rerun within 3× a bare page: {ratio:.1f}× -> {'met' if ratio <= 3 else 'NOT met'}\n")

    if not args.no_browser:
        timing = first_render()
        if timing:
            healthy, drawn = timing
            print(f"\nstreamlit run -> server healthy       {healthy:7.0f} ms")
            print(f"streamlit run -> first page in Chromium {drawn:7.0f} ms")


if __name__ == "__main__":
    main()
