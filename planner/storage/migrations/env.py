"""Alembic environment for the planner's database (see docs/storage.md, "Migrations").

Run programmatically by `planner.storage.db.migrate(engine)`, which passes an open connection in
`config.attributes["connection"]`. Without one (a developer running Alembic by hand through
`python -m planner.storage.migrate`), it connects to `planner.storage.db.database_url()`.
"""

from __future__ import annotations

from alembic import context

from planner.storage.models import Base

config = context.config
target_metadata = Base.metadata

# Any constant: serialises migrations when two processes open an empty PostgreSQL database at once.
_PG_LOCK_KEY = 4_711_005


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,  # SQLite cannot ALTER most things: copy-and-move tables instead
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from planner.storage.db import create_db_engine

    engine = create_db_engine(config.get_main_option("sqlalchemy.url") or None)
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run them against a database.")
run_migrations_online()
