"""The migrations and the metadata describe one schema: a database upgraded to head has exactly
the tables, columns, types, keys and indexes that `schema.metadata` declares (Alembic's own
comparison, on SQLite and on PostgreSQL), so code written against the metadata meets the tables
the migrations made."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import x_engagement.collect  # noqa: F401 - every module that declares a table adds it to metadata
from x_engagement.collect.database import upgrade
from x_engagement.collect.schema import UtcDateTime, metadata


def _differences(url: str) -> list[Any]:
    upgrade(url)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": _compare_type})
            return [difference for difference in compare_metadata(context, metadata) if not _alembic_own(difference)]
    finally:
        engine.dispose()


def _compare_type(context: Any, inspected: Any, declared: Any, inspected_type: Any, declared_type: Any) -> bool | None:
    """`UtcDateTime` is a timestamp column in the migrations (SQLite keeps ISO text in it, see
    schema.py): the reflected type must be a timestamp; every other type by Alembic's rules."""
    if isinstance(declared_type, UtcDateTime):
        if not isinstance(inspected_type, sa.DateTime):
            return True
        # PostgreSQL keeps the zone (`timestamptz`); SQLite has no such thing to reflect.
        return context.dialect.name == "postgresql" and not inspected_type.timezone
    return None


def _alembic_own(difference: Any) -> bool:
    """Alembic's version table is in the database but not in the collector's metadata."""
    return isinstance(difference, tuple) and difference[0] == "remove_table" and difference[1].name == "alembic_version"


def test_head_matches_the_metadata(database_url: str) -> None:
    assert _differences(database_url) == []


def test_metadata_declares_every_table_the_migrations_make(database_url: str) -> None:
    upgrade(database_url)
    engine = sa.create_engine(database_url)
    try:
        tables = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()
    assert tables == set(metadata.tables)
