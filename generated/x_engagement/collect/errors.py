"""The collector's errors: one line each, safe to print (a database URL in them has no password).

They do not import SQLAlchemy, so a command line can catch them without the `collect` extra.
"""

from __future__ import annotations

from typing import Any


class CollectorError(Exception):
    """Base of every collector error; `str()` is one line that names what failed and where."""


class DatabaseUrlError(CollectorError):
    """The database URL cannot be parsed or names a database kind the collector does not speak."""


class DatabaseUnreachable(CollectorError):
    """The database cannot be opened or connected to (no server, wrong host, missing directory)."""


class DatabaseReadOnly(CollectorError):
    """The database refused a write (a read-only file, replica, transaction or role)."""


class DatabaseFull(CollectorError):
    """The database's disk (or quota) is full: nothing of the write in progress was kept."""


class DatabaseBusy(CollectorError):
    """Another writer held the database for longer than the wait allows (SQLite's busy timeout)."""


class SchemaError(CollectorError):
    """The database's schema version does not match this code."""


class SchemaTooNew(SchemaError):
    """The database was migrated by a newer x-engagement: this code refuses to touch it."""


class SchemaOutdated(SchemaError):
    """The database has no schema yet, or an older one: run `x-engagement db upgrade`."""


class IngestError(CollectorError):
    """Rows that cannot be stored as given (for example the same key twice in one ingest)."""


class UnstorableRows(IngestError):
    """Rows the database cannot hold: a value outside 64-bit integers, a name longer than its column,
    a NUL or an unencodable character. `rejected` holds each such row with the reason.

    `by_database` is False when the check before any statement found them (nothing was written,
    the transaction is clean: the other rows can still be stored in it) and True when the
    database or its driver refused a statement (the transaction must be rolled back; `rejected`
    then holds every row of the ingest, since which one was refused is not known).
    """

    def __init__(self, rejected: list[tuple[Any, str]], *, by_database: bool = False) -> None:
        self.rejected = rejected
        self.by_database = by_database
        first = rejected[0][1] if rejected else "no detail"
        if by_database:
            text = f"the database refused {len(rejected)} row(s): {first}"
        else:
            text = f"{len(rejected)} row(s) the database cannot hold; first: {first}"
        super().__init__(text)

    @property
    def reason(self) -> str:
        """What is wrong, in one line (the first rejected row's reason and how many there are)."""
        return str(self)
