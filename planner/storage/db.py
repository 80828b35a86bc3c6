"""Where the database is, how to connect, and bringing its schema up to date (Alembic).

- No `DATABASE_URL`: a SQLite file `data/kvp.sqlite` under the repo (directory made if missing),
  in WAL mode, every transaction `BEGIN IMMEDIATE` (one writer at a time, readers never blocked).
- `DATABASE_URL=postgresql+psycopg://…` (also `postgres://…` and `postgresql://…`, normalised to
  the psycopg 3 driver): PostgreSQL.

`migrate(engine)` runs the Alembic migrations in `migrations/` up to head, with a `Config` built in
code (no alembic.ini); it is idempotent and safe when two processes start at once.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "kvp.sqlite"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Alembic's `context` is process-global, so two threads must never migrate at once (Streamlit
# runs sessions in threads). Between processes the database serialises them (see env.py).
_MIGRATE_LOCK = threading.Lock()


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $DATABASE_URL, else the default SQLite file.

    PostgreSQL URLs are normalised to the psycopg 3 driver (`postgresql+psycopg://`), since that
    is the driver installed; hosting platforms often hand out `postgres://…`.
    """
    url = (url or os.environ.get("DATABASE_URL") or "").strip()
    if not url:
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_db_engine(url: str | None = None) -> Engine:
    """An Engine for `url` (see `database_url`), set up for this app's transaction rules."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise ValueError(f"ukjent database i DATABASE_URL: {parsed.get_backend_name()} (bruk sqlite eller postgresql)")


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not in_memory:
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict = {"connect_args": {"timeout": 30, "check_same_thread": False}}
    if in_memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, or every checkout is a new empty DB
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - exercised via every test
        # We issue BEGIN ourselves (below), so pysqlite must not start transactions on its own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            set_wal(cursor)  # readers don't block the writer and vice versa
        cursor.execute("PRAGMA synchronous=FULL")  # a committed revision survives a crash
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # IMMEDIATE: take the write lock at the start. Nearly every call writes (the audit log),
        # and a deferred transaction that later needs to write can fail with "database is locked"
        # instead of waiting for the busy timeout.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def set_wal(cursor, *, patience: float = 30.0, pause: float = 0.05) -> None:
    """Switch the SQLite file to WAL (it stays so; later calls are no-ops).

    Two connections switching a new file at once (the app and the command line starting together)
    both hold a read lock and want the exclusive one; SQLite then answers one of them
    "database is locked" at once, without its busy handler, since waiting could deadlock. So the
    switch is retried for up to `patience` seconds."""
    deadline = time.monotonic() + patience
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)


def alembic_config(connection=None) -> Config:
    """An Alembic Config built in code: migrations in this package; `connection` passed through."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (default: the newest). Idempotent."""
    with _MIGRATE_LOCK, engine.connect() as connection:
        command.upgrade(alembic_config(connection), revision)
        connection.commit()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
