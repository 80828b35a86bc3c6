"""Migrations: run on an empty database, idempotent, and the models match them."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from planner.storage import create_db_engine, database_url, migrate, open_store
from planner.storage.db import DEFAULT_SQLITE_PATH, REPO_ROOT, current_revision, head_revision, set_wal
from planner.storage.models import Base

@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path) -> str:
    """A database of this test's own (these tests drop and create the whole schema)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kvp.sqlite'}"
    from tests.support.postgres import fresh_postgres_database

    return fresh_postgres_database(request.getfixturevalue("postgres_url"))


TABLES = {"offices", "users", "plans", "plan_revisions", "audit_log", "catalogue_measures", "catalogue_changes"}


def test_migrations_create_the_schema_on_an_empty_database_and_are_idempotent(empty_db_url):
    engine = create_db_engine(empty_db_url)
    try:
        assert current_revision(engine) is None
        migrate(engine)
        assert current_revision(engine) == head_revision() == "0001"
        assert TABLES <= set(inspect(engine).get_table_names())
        migrate(engine)  # again: nothing to do, nothing breaks
        assert current_revision(engine) == "0001"
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []  # models == migrations
    finally:
        engine.dispose()


def test_open_store_migrates_and_keeps_data(db_url, params, plan):
    with open_store(db_url, params=params) as store:
        actor = store.local_actor()
        pid = store.save_plan(actor, plan, base_revision=None).plan_id
    with open_store(db_url, params=params) as again:  # second start: migrations are a no-op
        assert again.load_plan(again.local_actor(), pid).plan == plan


def test_downgrade_to_base_and_up_again(empty_db_url):
    from alembic import command

    from planner.storage.db import alembic_config

    engine = create_db_engine(empty_db_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            command.downgrade(alembic_config(connection), "base")
            connection.commit()
        assert not TABLES & set(inspect(engine).get_table_names())
        migrate(engine)
        assert TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_sqlite_is_in_wal_mode_with_foreign_keys(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'sub' / 'dir' / 'kvp.sqlite'}")  # directories made
    try:
        migrate(engine)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_database_url_default_and_normalisation(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_SQLITE_PATH}"
    assert DEFAULT_SQLITE_PATH == REPO_ROOT / "data" / "kvp.sqlite"  # .gitignore ignores *.sqlite
    for given in ("postgres://u:p@db:5432/kvp", "postgresql://u:p@db:5432/kvp", "postgresql+psycopg://u:p@db:5432/kvp"):
        assert database_url(given) == "postgresql+psycopg://u:p@db:5432/kvp"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/d")
    assert database_url() == "postgresql+psycopg://u@h/d"
    assert database_url("sqlite:////tmp/x.sqlite") == "sqlite:////tmp/x.sqlite"
    with pytest.raises(ValueError, match="ukjent database"):
        create_db_engine("mysql://u@h/d")


def test_two_processes_starting_at_once_on_an_empty_database(empty_db_url):
    """The app and the command line may start together: each migrates, neither fails.
    (Processes, not threads: Alembic's `context` is process-global.)"""
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from planner.storage import create_db_engine, migrate\n"
        "engine = create_db_engine(sys.argv[1])\n"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
        "migrate(engine)\n"
    )
    start_at = str(time.time() + 2.0)  # all three begin migrating at the same moment
    procs = [
        subprocess.Popen([sys.executable, "-c", script, empty_db_url, start_at], cwd=REPO_ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    results = [(p.wait(120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in results] == [0, 0, 0], [err for _, err in results]
    engine = create_db_engine(empty_db_url)
    try:
        assert current_revision(engine) == "0001"
    finally:
        engine.dispose()


class _BusyThenWal:
    """A cursor whose journal-mode switch is refused twice, as SQLite does to one of two
    connections switching a new file at once (no busy handler: waiting could deadlock)."""

    def __init__(self, refusals: int, message: str = "database is locked"):
        self.refusals, self.message, self.calls = refusals, message, 0

    def execute(self, sql):
        self.calls += 1
        if self.calls <= self.refusals:
            raise sqlite3.OperationalError(self.message)


def test_switching_to_wal_waits_out_a_lock_instead_of_failing():
    cursor = _BusyThenWal(refusals=2)
    set_wal(cursor, pause=0)
    assert cursor.calls == 3


def test_switching_to_wal_gives_up_after_its_patience_and_never_hides_other_errors():
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        set_wal(_BusyThenWal(refusals=10**6), patience=0.05, pause=0.01)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        set_wal(_BusyThenWal(refusals=1, message="disk I/O error"), pause=0)
