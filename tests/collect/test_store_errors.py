"""Bad input to the collector's storage: each a one-line `CollectorError`, no secret in any of it."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.collect.rows import HOUR, T0, hourly
from tests.support.loopback import free_port
from tests.support.postgres import PostgresServer
from x_engagement.collect import (
    CollectorError,
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnreachable,
    DatabaseUrlError,
    SchemaOutdated,
    SchemaTooNew,
    check_schema,
    connect,
    current_revision,
    ingest,
    known_revisions,
    observations,
    open_engine,
    safe_url,
    transaction,
    upgrade,
)

PASSWORD = "s3cret-Pa55word"


def assert_one_clean_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and text.strip() == text and text
    assert PASSWORD not in text and PASSWORD not in repr(error)
    assert error.__suppress_context__ or error.__cause__ is None
    return text


def test_upgrade_creates_the_schema_once_and_check_schema_accepts_it(database_url: str) -> None:
    _known, head = known_revisions()
    assert upgrade(database_url) == head
    assert upgrade(database_url) == head  # a second upgrade is a no-op
    engine = open_engine(database_url)
    with connect(engine) as connection:
        assert check_schema(connection) == head == current_revision(connection)
        inspector = sa.inspect(connection)
        assert set(inspector.get_table_names()) >= {"observation_rows", "revisions", "windows"}
        assert "observations" in inspector.get_view_names()
    engine.dispose()


def test_a_database_without_the_schema_is_outdated(database_url: str) -> None:
    engine = open_engine(database_url)
    with pytest.raises(SchemaOutdated) as caught, connect(engine) as connection:
        check_schema(connection)
    assert "x-engagement db upgrade" in assert_one_clean_line(caught.value)
    engine.dispose()


def test_a_database_at_a_newer_schema_version_is_refused(database_url: str) -> None:
    upgrade(database_url)
    engine = open_engine(database_url)
    with transaction(engine) as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNew) as caught:
        upgrade(database_url)
    text = assert_one_clean_line(caught.value)
    assert "9999" in text and "newer" in text
    with pytest.raises(SchemaTooNew), connect(engine) as connection:
        check_schema(connection)
    with connect(engine) as connection:  # and nothing was touched
        assert current_revision(connection) == "9999"
    engine.dispose()


def test_an_unreachable_postgresql_server_is_one_line_without_the_password() -> None:
    url = f"postgresql://collector:{PASSWORD}@127.0.0.1:{free_port()}/engagement"
    with pytest.raises(DatabaseUnreachable) as caught:
        upgrade(url)
    text = assert_one_clean_line(caught.value)
    assert "cannot connect" in text and "collector:***@127.0.0.1" in text


def test_a_sqlite_file_in_a_missing_directory_is_unreachable(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnreachable) as caught:
        upgrade(f"sqlite:///{tmp_path / 'missing' / 'collect.db'}")
    assert "unable to open" in assert_one_clean_line(caught.value)


def test_a_read_only_sqlite_database_refuses_the_write(tmp_path: Path) -> None:
    path = tmp_path / "collect.db"
    upgrade(f"sqlite:///{path}")
    engine = open_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(DatabaseReadOnly) as caught, transaction(engine) as connection:
        check_schema(connection)  # reading works
        ingest(connection, [hourly("20", "likes", T0, 1)], T0 + 30 * HOUR)
    assert "refused a write" in assert_one_clean_line(caught.value)
    engine.dispose()


def test_a_read_only_postgresql_database_refuses_the_write(postgres: PostgresServer) -> None:
    url = postgres.create_database("read_only")
    upgrade(url)
    postgres.execute("ALTER DATABASE read_only SET default_transaction_read_only = on")
    engine = open_engine(postgres.url("read_only", password=PASSWORD))
    with pytest.raises(DatabaseReadOnly) as caught, transaction(engine) as connection:
        check_schema(connection)
        ingest(connection, [hourly("20", "likes", T0, 1)], T0 + 30 * HOUR)
    assert "read-only" in assert_one_clean_line(caught.value)
    engine.dispose()


@pytest.mark.parametrize(
    "url",
    [f"mysql://root:{PASSWORD}@127.0.0.1/db", f"not a url://{PASSWORD}", "sqlite+aiosqlite:///x.db"],
)
def test_an_unusable_url_is_refused_before_connecting(url: str) -> None:
    with pytest.raises(DatabaseUrlError) as caught:
        open_engine(url)
    assert_one_clean_line(caught.value)


def test_the_password_appears_in_no_repr_log_or_error(
    postgres: PostgresServer, caplog: pytest.LogCaptureFixture
) -> None:
    postgres.create_database("secrets")
    url = postgres.url("secrets", password=PASSWORD)
    with caplog.at_level(logging.DEBUG):
        upgrade(url)
        engine = open_engine(url, echo=True)
        with transaction(engine) as connection:
            ingest(connection, [hourly("20", "likes", T0, 1)], T0 + 30 * HOUR)
            connection.execute(sa.select(observations)).all()
        shown = [repr(engine), str(engine.url), safe_url(url), safe_url(engine.url)]
        engine.dispose()
    assert caplog.records, "nothing was logged: the check would prove nothing"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert PASSWORD not in logged
    for text in shown:
        assert PASSWORD not in text and "***" in text, text


def test_every_collector_error_is_caught_as_one_type() -> None:
    for error in (DatabaseUrlError, DatabaseUnreachable, DatabaseReadOnly, DatabaseBusy, SchemaTooNew, SchemaOutdated):
        assert issubclass(error, CollectorError)


def test_a_sqlite_database_locked_past_the_busy_timeout_is_busy(sqlite_url: str, tmp_path: Path) -> None:
    upgrade(sqlite_url)
    holder = sqlite3.connect(tmp_path / "collect.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of its write
    engine = open_engine(sqlite_url, busy_timeout=0.2)
    with pytest.raises(DatabaseBusy) as caught, transaction(engine) as connection:
        ingest(connection, [hourly("20", "likes", T0, 1)], T0 + 30 * HOUR)
    assert "locked by another writer" in assert_one_clean_line(caught.value)
    holder.execute("ROLLBACK")
    holder.close()
    engine.dispose()
