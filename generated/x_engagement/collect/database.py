"""Opening a database by URL, its schema version, and errors translated into `CollectorError`s.

SQLite (`sqlite:///path`, or a bare file path) and PostgreSQL (`postgresql://...`, spoken
through psycopg 3) only. A new, empty database gets the schema on first use (`prepare`); only an
older schema needs `x-engagement db upgrade`.
The password of a URL never leaves this module: everything that names a database uses
`safe_url`, which renders it as `***`.
"""

from __future__ import annotations

import importlib
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine

from x_engagement.collect.errors import (
    CollectorError,
    DatabaseBusy,
    DatabaseFull,
    DatabaseReadOnly,
    DatabaseUnreachable,
    DatabaseUrlError,
    SchemaOutdated,
    SchemaTooNew,
)

log = logging.getLogger("x_engagement.collect")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000

# The drivers' own codes, never their message text: PostgreSQL SQLSTATEs (psycopg's `sqlstate`)
# and SQLite's primary result codes (`sqlite3.Error.sqlite_errorcode` & 0xFF).
_READ_ONLY_SQLSTATES = {"25006", "42501"}  # read_only_sql_transaction, insufficient_privilege
_FULL_SQLSTATES = {"53100", "53200", "54000"}  # disk_full, out_of_memory, program_limit_exceeded
_CONNECT_SQLSTATE_CLASS = "08"  # connection_exception
_SQLITE_READONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_SQLITE_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_SQLITE_FULL = {sqlite3.SQLITE_FULL}
_SQLITE_CANNOT_OPEN = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_NOTADB}


def as_url(url: str) -> str:
    """A bare path (`engagement.db`, no `scheme://`) is an SQLite file: `sqlite:///engagement.db`."""
    return url if "://" in url else f"sqlite:///{url}"


def parse_url(url: str | URL) -> URL:
    """The URL with its driver chosen (psycopg 3 for PostgreSQL); DatabaseUrlError if unusable."""
    if isinstance(url, URL):
        parsed = url
    else:
        try:
            parsed = sa.make_url(as_url(url))
        except Exception:  # the message would quote the URL, password and all
            raise DatabaseUrlError(
                "cannot parse the database URL (expected a file path, sqlite:///path or postgresql://...)"
            ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if parsed.get_driver_name() not in ("pysqlite", ""):
            raise DatabaseUrlError(f"unsupported SQLite driver in {safe_url(parsed)}")
        return parsed
    raise DatabaseUrlError(
        f"unsupported database {backend!r} in {safe_url(parsed)} (use sqlite:/// or postgresql://)"
    )


# libpq takes a password from the query too (`?password=...`), as psycopg passes it on
_SECRET_QUERY_KEYS = frozenset({"password", "sslpassword"})


def safe_url(url: str | URL) -> str:
    """The URL as text with its password replaced by ***, in the user info and in the query
    (`?password=`): the only way a URL is ever shown."""
    if isinstance(url, str):
        try:
            url = sa.make_url(as_url(url))
        except Exception:
            return "<unparseable database URL>"
    if any(key.lower() in _SECRET_QUERY_KEYS for key in url.query):
        query = {k: "***" if k.lower() in _SECRET_QUERY_KEYS else v for k, v in url.query.items()}
        # (rendering quotes the query's *s; shown as the user info's *** is)
        return url.set(query=query).render_as_string(hide_password=True).replace("%2A%2A%2A", "***")
    return url.render_as_string(hide_password=True)


def has_password(url: str | URL) -> bool:
    """Whether the URL carries a password (user info or query): it should not be typed in."""
    return bool(_passwords(url))


def open_engine(
    url: str | URL, *, busy_timeout: float = SQLITE_BUSY_TIMEOUT_MS / 1000, **engine_options: Any
) -> Engine:
    """An Engine for `url`; SQLite gets real transactions (BEGIN on begin) and waits up to
    `busy_timeout` seconds for another writer before `DatabaseBusy`.

    Nothing connects yet: connection errors surface in `transaction()` or `connect()`.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, **engine_options)
        timeout_ms = int(busy_timeout * 1000)

        def on_connect(dbapi_connection: Any, record: Any) -> None:
            _sqlite_on_connect(dbapi_connection, record, timeout_ms)

        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return sa.create_engine(parsed, **engine_options)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any, timeout_ms: int) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so DDL and DML share one transaction
    # (the pysqlite driver would otherwise commit implicitly before DDL).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # `transaction()` asks for BEGIN IMMEDIATE: it takes the write lock up front (waiting up to the
    # busy timeout), so a writer never fails later when another process committed in between.
    connection.exec_driver_sql(connection.get_execution_options().get(_BEGIN, "BEGIN"))


@contextmanager
def translated_errors(url: str | URL) -> Iterator[None]:
    """Turn a driver's connection or permission failure into a one-line `CollectorError`.

    Covers errors wrapped by SQLAlchemy and those of the drivers used directly (bulk paths).
    """
    try:
        yield
    except CollectorError:
        raise
    except sa.exc.DBAPIError as exc:
        translated = _translate(exc.orig, exc, url)
        if translated is None:
            raise
        raise translated from None
    except Exception as exc:
        if not _is_driver_error(exc):
            raise
        translated = _translate(exc, None, url)
        if translated is None:
            raise
        raise translated from None


def _is_driver_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.split(".")[0] == "psycopg"


def _translate(
    original: BaseException | None, wrapped: sa.exc.DBAPIError | None, url: str | URL
) -> CollectorError | None:
    where = safe_url(url)
    detail = _one_line(str(original if original is not None else wrapped), url)
    sqlstate = getattr(original, "sqlstate", None)
    code = getattr(original, "sqlite_errorcode", None)
    primary = (
        code & 0xFF if isinstance(code, int) else None
    )  # extended codes keep it in the low byte
    if sqlstate in _READ_ONLY_SQLSTATES or primary in _SQLITE_READONLY:
        return DatabaseReadOnly(f"the database {where} refused a write: {detail}")
    if sqlstate in _FULL_SQLSTATES or primary in _SQLITE_FULL:
        return DatabaseFull(f"the database {where} is full (its disk or quota): {detail}")
    if primary in _SQLITE_BUSY:
        return DatabaseBusy(
            f"the database {where} stayed locked by another writer past the busy timeout: {detail}"
        )
    invalidated = wrapped is not None and wrapped.connection_invalidated
    if invalidated or _is_connect_failure(original, sqlstate, primary):
        return DatabaseUnreachable(f"cannot connect to the database {where}: {detail}")
    return None


def _is_connect_failure(exc: BaseException | None, sqlstate: Any, primary: int | None) -> bool:
    """SQLite could not open the file; psycopg could not connect (no SQLSTATE: the server never
    answered, or a connection-class one)."""
    if primary in _SQLITE_CANNOT_OPEN:
        return True
    try:  # through importlib: the package type-checks without the 'postgres' extra
        psycopg = importlib.import_module("psycopg")
    except ImportError:  # the extra is not installed: no psycopg error to meet
        return False
    if not isinstance(exc, psycopg.OperationalError):
        return False
    return sqlstate is None or str(sqlstate).startswith(_CONNECT_SQLSTATE_CLASS)


def _one_line(text: str, url: str | URL) -> str:
    """The first line of a driver message, with the URL's password (if any) blanked out."""
    line = text.strip().splitlines()[0] if text.strip() else "no detail"
    for password in _passwords(url):
        line = line.replace(password, "***")
    return re.sub(r"\s+", " ", line)


def _passwords(url: str | URL) -> list[str]:
    try:
        parsed = url if isinstance(url, URL) else sa.make_url(as_url(url))
    except Exception:
        return []
    found = [parsed.password] if isinstance(parsed.password, str) and parsed.password else []
    for key, value in parsed.query.items():
        if key.lower() in _SECRET_QUERY_KEYS:
            found.extend(v for v in ([value] if isinstance(value, str) else value) if v)
    return found


_BEGIN = "x_engagement_sqlite_begin"


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside one write transaction, committed on success; errors come out translated.

    Pass the connection to `ingest` (and your own progress writes) to commit them together. On
    SQLite it starts with BEGIN IMMEDIATE: one writer at a time, the others wait their turn.
    """
    with translated_errors(engine.url), engine.connect() as connection, written(connection):
        yield connection


@contextmanager
def written(connection: Connection) -> Iterator[Connection]:
    """One write transaction on a connection the caller holds across several (the poll keeps
    one per chunk: its claim outlives the claiming transaction); as `transaction()` otherwise."""
    connection.execution_options(**{_BEGIN: "BEGIN IMMEDIATE"})
    with connection.begin():
        yield connection


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    """A connection for reading (`gaps`, `export`); errors come out translated."""
    with translated_errors(engine.url), engine.connect() as connection:
        yield connection


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> tuple[set[str], str]:
    """Every revision this code ships, and its head."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    heads = script.get_heads()
    if len(heads) != 1:
        raise CollectorError(f"the shipped migrations have {len(heads)} heads, expected one")
    return {revision.revision for revision in script.walk_revisions()}, heads[0]


def current_revision(connection: Connection) -> str | None:
    """The database's schema revision (Alembic's version table), None when it has none."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(rows) > 1:
        raise SchemaTooNew("the database has several schema heads; this code knows only one")
    return str(rows[0][0]) if rows else None


def check_schema(connection: Connection) -> str:
    """Refuse a database whose schema is not exactly this code's head; returns the revision."""
    revision = current_revision(connection)
    known, head = known_revisions()
    where = safe_url(connection.engine.url)
    if revision is not None and revision not in known:
        raise SchemaTooNew(
            f"the database {where} is at schema version {revision}, newer than this x-engagement "
            f"(which knows up to {head}): upgrade x-engagement"
        )
    if revision != head:
        raise SchemaOutdated(
            f"the database {where} is at schema version {revision or 'none'}, this x-engagement "
            f"needs {head}: run `x-engagement db upgrade`"
        )
    return revision


def prepare(engine: Engine) -> str:
    """The schema on first use: an empty database is given it (as `upgrade` does); one at this
    code's head passes; an older one raises `SchemaOutdated` (run `x-engagement db upgrade`) and a
    newer one `SchemaTooNew`. Returns the revision."""
    with connect(engine) as connection:
        if current_revision(connection) is not None or sa.inspect(connection).get_table_names():
            return check_schema(connection)
    try:
        return upgrade(engine)
    except CollectorError:
        raise
    except Exception:
        # another process created the schema at the same moment: fine if it is this code's
        with connect(engine) as connection:
            revision = current_revision(connection)
        if revision is not None and revision == known_revisions()[1]:
            return revision
        raise


def require_file(engine: Engine) -> None:
    """Refuse to read an SQLite file that does not exist (opening it would create it, empty)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return
    if database.startswith("file:") or Path(database).exists():
        return
    raise DatabaseUnreachable(
        f"no database at {database}: `x-engagement collect` creates it (check --db or "
        "$X_ENGAGEMENT_DB)"
    )


def upgrade(url: str | URL | Engine, revision: str = "head") -> str:
    """Create or migrate the schema to `revision` (default: the newest); returns the revision.

    A database at a newer schema version than this code is refused with `SchemaTooNew`.
    """
    engine = url if isinstance(url, Engine) else open_engine(url)
    try:
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            _sqlite_wal(engine)
        with transaction(engine) as connection:
            return _upgrade(connection, revision)
    finally:
        if not isinstance(url, Engine):
            engine.dispose()


def _sqlite_wal(engine: Engine) -> None:
    """WAL lets readers (export, gaps) run while a collector writes; the mode is kept in the file.

    It cannot change inside a transaction, so it is set on the driver's connection directly.
    """
    with translated_errors(engine.url), engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            raw.execute("PRAGMA journal_mode = WAL")


def _upgrade(connection: Connection, revision: str) -> str:
    from alembic import command

    current = current_revision(connection)
    known, head = known_revisions()
    where = safe_url(connection.engine.url)
    if current is not None and current not in known:
        raise SchemaTooNew(
            f"the database {where} is at schema version {current}, newer than this x-engagement "
            f"(which knows up to {head}): upgrade x-engagement"
        )
    command.upgrade(_alembic_config(connection), revision)
    reached = current_revision(connection) or "none"
    log.info("database %s is at schema version %s", where, reached)
    return reached
