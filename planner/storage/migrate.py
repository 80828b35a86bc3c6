"""Developer tool for the migrations (the app and the CLI migrate by themselves on open).

    .venv/bin/python -m planner.storage.migrate current
    .venv/bin/python -m planner.storage.migrate upgrade [REVISION]      (default: head)
    .venv/bin/python -m planner.storage.migrate downgrade REVISION
    .venv/bin/python -m planner.storage.migrate revision -m "add x to y" [--autogenerate] [--rev-id 0002]

The database is $DATABASE_URL, else data/kvp.sqlite (for `revision --autogenerate`, point it at a
scratch database that is at head: Alembic compares it with `models.py`). See docs/storage.md.
"""

from __future__ import annotations

import argparse
import sys

from alembic import command

from planner.storage.db import alembic_config, create_db_engine, database_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.storage.migrate", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("current", help="show the database's revision")
    up = commands.add_parser("upgrade", help="migrate up")
    up.add_argument("revision", nargs="?", default="head")
    down = commands.add_parser("downgrade", help="migrate down")
    down.add_argument("revision")
    new = commands.add_parser("revision", help="write a new migration file in migrations/versions/")
    new.add_argument("-m", "--message", required=True)
    new.add_argument("--autogenerate", action="store_true", help="diff models.py against the database")
    new.add_argument("--rev-id", help="revision id (convention: the next four-digit number)")
    args = parser.parse_args(argv)

    engine = create_db_engine()
    print(f"database: {engine.url.render_as_string(hide_password=True) or database_url()}", file=sys.stderr)
    try:
        with engine.connect() as connection:
            config = alembic_config(connection)
            if args.command == "current":
                command.current(config, verbose=True)
            elif args.command == "upgrade":
                command.upgrade(config, args.revision)
            elif args.command == "downgrade":
                command.downgrade(config, args.revision)
            else:
                command.revision(config, message=args.message, autogenerate=args.autogenerate, rev_id=args.rev_id)
            connection.commit()
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
