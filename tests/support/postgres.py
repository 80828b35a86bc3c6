"""A real, throwaway PostgreSQL server for tests.

``PostgresServer`` runs ``initdb`` into a fresh temp dir and starts the server
with ``pg_ctl``, listening only on 127.0.0.1 on a free port, unix socket in the
temp dir, trust auth, fsync off (it is thrown away anyway). As root, both run as
the ``postgres`` user (PostgreSQL refuses to run as root); otherwise as the
current user. ``stop()`` does ``pg_ctl stop -m fast`` and deletes the dir.

    with PostgresServer() as pg:
        url = pg.create_database("kvp_test")
        # postgresql+psycopg://postgres@127.0.0.1:PORT/kvp_test

``fresh_postgres_database(url)`` makes another empty database on the same
server and returns its URL.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

SUPERUSER = "postgres"
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def find_pg_bindir() -> Path:
    """Directory with initdb and pg_ctl: $KVP_PG_BINDIR, else the newest /usr/lib/postgresql/*/bin."""
    env = os.environ.get("KVP_PG_BINDIR")
    candidates = [env] if env else sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(re.sub(r"\D", "", Path(p).parent.name) or 0),
        reverse=True,
    )
    for cand in candidates:
        d = Path(cand)
        if (d / "initdb").is_file() and (d / "pg_ctl").is_file():
            return d
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin "
        "(Debian package 'postgresql'; or set KVP_PG_BINDIR)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sqlalchemy_url(port: int, dbname: str) -> str:
    return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{dbname}"


def _connect_autocommit(port: int, dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(host="127.0.0.1", port=port, user=SUPERUSER, dbname=dbname,
                           autocommit=True, connect_timeout=10)


class PostgresServer:
    """One throwaway PostgreSQL cluster. Use as a context manager, or start()/stop()."""

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or find_pg_bindir()
        self.run_as_postgres = os.geteuid() == 0
        self.dir: Path | None = None
        self.port: int | None = None

    # -- helpers -----------------------------------------------------------------
    @property
    def datadir(self) -> Path:
        assert self.dir is not None
        return self.dir / "data"

    @property
    def logfile(self) -> Path:
        assert self.dir is not None
        return self.dir / "server.log"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, cwd=self.dir, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise RuntimeError(
                f"{' '.join(cmd)} exited {proc.returncode}\n--- stdout\n{proc.stdout}\n"
                f"--- stderr\n{proc.stderr}\n--- server log\n{self.log_tail()}"
            )
        return proc

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except (OSError, AssertionError):
            return "(no server log)"

    # -- lifecycle ---------------------------------------------------------------
    def start(self) -> "PostgresServer":
        if self.run_as_postgres:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("running as root but there is no 'postgres' user") from None
            # /tmp, not $TMPDIR: the postgres user must be able to reach the directory.
            self.dir = Path(tempfile.mkdtemp(prefix="kvp-pg-", dir="/tmp"))
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        else:
            self.dir = Path(tempfile.mkdtemp(prefix="kvp-pg-"))
        os.chmod(self.dir, 0o700)

        self._run("initdb", "-D", str(self.datadir), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")

        last_error: Exception | None = None
        for _attempt in range(3):  # the free port may be taken between choosing and binding
            self.port = free_port()
            opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=100")
            try:
                self._run("pg_ctl", "start", "-D", str(self.datadir), "-l", str(self.logfile),
                          "-w", "-t", "60", "-o", opts)
                break
            except RuntimeError as exc:
                last_error = exc
                time.sleep(0.5)
        else:
            self.stop()
            raise RuntimeError(f"could not start PostgreSQL: {last_error}")

        # The server accepts connections once pg_ctl -w returns; make sure over TCP too.
        deadline = time.monotonic() + 30
        while True:
            try:
                _connect_autocommit(self.port).close()
                break
            except Exception:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.2)
        return self

    def stop(self) -> None:
        if self.dir is None:
            return
        try:
            if (self.datadir / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "60")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- databases ---------------------------------------------------------------
    def url(self, dbname: str = "postgres") -> str:
        assert self.port is not None, "server not started"
        return _sqlalchemy_url(self.port, dbname)

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database (random name if none given); return its SQLAlchemy URL."""
        assert self.port is not None, "server not started"
        return fresh_postgres_database(self.url(), name=name)


def fresh_postgres_database(url: str, name: str | None = None) -> str:
    """Create a new, empty database on the server behind ``url``; return its URL.

    ``url`` is any SQLAlchemy URL of that server (e.g. the ``postgres_url`` fixture).
    The name is random (``kvp_test_<hex>``) unless given.
    """
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = name or f"kvp_test_{uuid.uuid4().hex[:12]}"
    if not _NAME_RE.match(name):
        raise ValueError(f"unsafe database name {name!r}")
    import psycopg

    with psycopg.connect(host=base.host, port=base.port, user=base.username or SUPERUSER,
                         dbname="postgres", autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    return base.set(database=name).render_as_string(hide_password=False)
