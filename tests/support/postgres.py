"""A throwaway PostgreSQL server for tests and benchmarks, from the Debian binaries on this machine.

PostgreSQL refuses to run as root, so when we are root the server runs as the `postgres` user in a
temporary directory handed to it. It listens on 127.0.0.1 (a free port) and on a unix socket in that
directory, trusts every local login (any password is accepted, which lets tests put one in a URL),
and trades durability for speed (no fsync): fine for data that dies with the directory.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import psycopg
from psycopg import sql

BINDIR_ENV = "X_ENGAGEMENT_PG_BINDIR"
SERVER_USER = "postgres"
# trust: any local login (and any password) is let in; --no-sync: a throwaway cluster needs no fsync
INITDB_OPTIONS = ("-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions")


def find_bindir() -> Path | None:
    """Where initdb and postgres are: $X_ENGAGEMENT_PG_BINDIR, else the newest Debian version."""
    configured = os.environ.get(BINDIR_ENV)
    candidates = [configured] if configured else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        path = Path(candidate)
        if (path / "initdb").is_file() and (path / "postgres").is_file():
            return path
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("postgres") else None


def missing_reason() -> str | None:
    """Why no server can be started here (printed by the skip), or None when one can."""
    if find_bindir() is None:
        return f"no PostgreSQL binaries (initdb, postgres) under /usr/lib/postgresql/*/bin or ${BINDIR_ENV}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as"
    return None


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    socket_dir: Path
    user: str = "postgres"

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        """A SQLAlchemy URL (psycopg 3) for `database`; `password` is accepted and ignored (trust)."""
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{self.user}{secret}@{self.host}:{self.port}/{database}"

    def conninfo(self, database: str = "postgres") -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={database}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        with psycopg.connect(self.conninfo(), autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def execute(self, statement: str, database: str = "postgres") -> None:
        """Run one administrative statement (autocommit), e.g. making a database read-only."""
        with psycopg.connect(self.conninfo(database), autocommit=True) as connection:
            connection.execute(statement.encode())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _ServerUser(TypedDict, total=False):
    """The `user`, `group` and `extra_groups` arguments of subprocess.run and Popen."""

    user: int
    group: int
    extra_groups: list[int]


def _as_server_user() -> _ServerUser:
    """subprocess arguments that drop root to the postgres user (nothing when not root)."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam(SERVER_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


@contextmanager
def postgres_server(timeout: float = 30.0) -> Iterator[PostgresServer]:
    """Start a fresh cluster, yield it, stop it and delete its files (also on errors)."""
    reason = missing_reason()
    if reason is not None:
        raise RuntimeError(reason)
    bindir = find_bindir()
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="x-engagement-pg-"))
    drop = _as_server_user()
    if drop:
        os.chown(root, drop["user"], drop["group"])
    data = root / "data"
    process: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(
            [str(bindir / "initdb"), "-D", str(data), *INITDB_OPTIONS],
            check=True,
            capture_output=True,
            cwd=root,
            env={**os.environ, "LC_ALL": "C"},
            **drop,
        )
        port = _free_port()
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(port),
            "unix_socket_directories": str(root),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "50",
            "shared_buffers": "128MB",
            "max_wal_size": "2GB",
            "timezone": "UTC",
        }
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        with open(root / "server.log", "wb") as log:
            process = subprocess.Popen(
                [str(bindir / "postgres"), "-D", str(data), *options],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=root,
                **drop,
            )
        server = PostgresServer(host="127.0.0.1", port=port, socket_dir=root)
        _wait_ready(server, process, root / "server.log", timeout)
        yield server
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)  # "fast" shutdown: disconnect clients, stop
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(server: PostgresServer, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"PostgreSQL exited at start-up: {log.read_text(errors='replace')[-2000:]}")
        try:
            with psycopg.connect(server.conninfo(), connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
