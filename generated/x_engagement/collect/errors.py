"""The collector's errors: one line each, safe to print (a database URL in them has no password).

They do not import SQLAlchemy, so a command line can catch them without the `collect` extra.
"""

from __future__ import annotations


class CollectorError(Exception):
    """Base of every collector error; `str()` is one line that names what failed and where."""


class DatabaseUrlError(CollectorError):
    """The database URL cannot be parsed or names a database kind the collector does not speak."""


class DatabaseUnreachable(CollectorError):
    """The database cannot be opened or connected to (no server, wrong host, missing directory)."""


class DatabaseReadOnly(CollectorError):
    """The database refused a write (a read-only file, replica, transaction or role)."""


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
