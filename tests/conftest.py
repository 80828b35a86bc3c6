"""Fixtures for the whole suite. Helpers behind them live in tests/support/.

PostgreSQL (marker ``postgres``; skipped locally when the server binaries are
missing, a failure under CI=true):
  postgres_server     session   PostgresServer (``.create_database()``, ``.url()``)
  postgres_url        session   "postgresql+psycopg://postgres@127.0.0.1:PORT/kvp_test"
  fresh_postgres_url  module    URL of a new, empty database of this module's own

Streamlit and browser (marker ``browser``):
  streamlit_env       module    {} — override in a test module/conftest to give the
                                app its own env (DATABASE_URL, data dir, ...)
  streamlit_server    module    base URL of streamlit_app.py running with streamlit_env
  streamlit_server_factory      function; call (script=None, env=None, **kw) ->
                                started StreamlitServer (.url), stopped after the test
  browser             session   Playwright Browser (Debian's /usr/bin/chromium)
  page                function  fresh context (1400x1000, nb-NO, Europe/Oslo);
                                a screenshot is saved when the test fails

Tests that use these fixtures get the matching marker automatically.
Helpers to import: tests.support.browser.wait_for_streamlit / screenshot,
tests.support.axe.run_axe / serious_violations / format_violations,
tests.support.postgres.fresh_postgres_database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support import missing_tool, safe_name
from tests.support.browser import (CHROMIUM, StreamlitServer, launch_chromium,
                                   new_context, screenshot)
from tests.support.postgres import (PostgresServer, PostgresUnavailable,
                                    fresh_postgres_database)

# ------------------------------------------------------------ the database


@pytest.fixture(scope="session", autouse=True)
def _database_of_this_test_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """No test touches the repository's data/kvp.sqlite or a developer's DATABASE_URL: the store,
    AppTests and every Streamlit server started by the tests default to a SQLite file of this run.
    Tests that need their own database still set DATABASE_URL themselves (monkeypatch)."""
    before = os.environ.get("DATABASE_URL")
    url = f"sqlite:///{tmp_path_factory.mktemp('database') / 'kvp.sqlite'}"
    os.environ["DATABASE_URL"] = url
    yield url
    if before is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = before


# ------------------------------------------------------------------ PostgreSQL


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        missing_tool(str(exc))
    with server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.create_database("kvp_test")


@pytest.fixture(scope="module")
def fresh_postgres_url(postgres_url: str) -> str:
    return fresh_postgres_database(postgres_url)


# ------------------------------------------------------------------- Streamlit


@pytest.fixture(scope="module")
def streamlit_env() -> dict[str, str | None]:
    """Extra environment for ``streamlit_server``; override it to isolate the app."""
    return {}


@pytest.fixture(scope="module")
def streamlit_server(streamlit_env: dict[str, str | None]) -> Iterator[str]:
    with StreamlitServer(env=streamlit_env) as server:
        yield server.url


@pytest.fixture
def streamlit_server_factory() -> Iterator:
    started: list[StreamlitServer] = []

    def start(script=None, env=None, **kwargs) -> StreamlitServer:
        server = StreamlitServer(script, env=env, **kwargs)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


# -------------------------------------------------------------------- Browser


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        missing_tool(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


_REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture
def page(browser, request):
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    reports = request.node.stash.get(_REPORTS, {})
    if any(r.failed for r in reports.values()):
        try:
            screenshot(page, f"FAILED-{safe_name(request.node.nodeid)}")
        except Exception:  # the page may be gone; the test failure is what matters
            pass
    context.close()


# -------------------------------------------------------------------- Markers

_MARKER_FIXTURES = {
    "postgres": {"postgres_server", "postgres_url", "fresh_postgres_url"},
    "browser": {"browser", "page", "streamlit_server", "streamlit_server_factory"},
}


def pytest_collection_modifyitems(items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in _MARKER_FIXTURES.items():
            if names & fixtures and not item.get_closest_marker(marker):
                item.add_marker(marker)
