"""Proves the test infrastructure works: PostgreSQL, Streamlit + Chromium, axe."""

from __future__ import annotations

import textwrap

import pytest

from tests.support.axe import format_violations, run_axe, serious_violations
from tests.support.browser import screenshot, wait_for_streamlit


@pytest.mark.postgres
def test_postgres_fixture_gives_a_working_database(postgres_url):
    import sqlalchemy as sa

    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    engine = sa.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("select version()")).scalar().startswith("PostgreSQL")
            assert conn.execute(sa.text("select current_database()")).scalar() == "kvp_test"
            # UTF-8 round trip for Norwegian text
            assert conn.execute(sa.text("select 'æøå ÆØÅ'::text")).scalar() == "æøå ÆØÅ"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_fresh_postgres_url_is_a_separate_empty_database(postgres_url, fresh_postgres_url):
    import sqlalchemy as sa

    assert fresh_postgres_url != postgres_url
    engine = sa.create_engine(fresh_postgres_url)
    try:
        with engine.begin() as conn:
            tables = conn.execute(sa.text(
                "select count(*) from information_schema.tables where table_schema = 'public'"
            )).scalar()
            assert tables == 0
            conn.execute(sa.text("create table t (x int)"))
    finally:
        engine.dispose()


@pytest.mark.browser
def test_streamlit_page_renders_in_chromium(tmp_path, streamlit_server_factory, page):
    script = tmp_path / "hei.py"
    script.write_text(textwrap.dedent("""
        import os
        import streamlit as st

        st.set_page_config(page_title="Røyktest")
        st.title("Hei")
        st.write("Blåbærsyltetøy:", os.environ.get("KVP_SMOKE", "mangler"))
        if st.button("Trykk"):
            st.success("Trykket!")
    """), encoding="utf-8")
    server = streamlit_server_factory(script, env={"KVP_SMOKE": "satt"})

    page.goto(server.url)
    wait_for_streamlit(page)
    assert page.get_by_role("heading", name="Hei").is_visible()
    assert "Blåbærsyltetøy: satt" in page.get_by_test_id("stMarkdown").first.inner_text()

    page.get_by_role("button", name="Trykk").click()
    wait_for_streamlit(page)
    assert page.get_by_text("Trykket!").is_visible(), server.log_tail()

    png = screenshot(page, "infra-smoke-hei")
    assert png.stat().st_size > 1000

    violations = run_axe(page, "infra-smoke-hei")
    serious = serious_violations(violations)
    assert not serious, format_violations(serious)
