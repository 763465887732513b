"""The collector's storage: observations and revisions in SQLite or PostgreSQL (extra `collect`).

Install with `pip install 'x-engagement[collect]'` (SQLite) or `'x-engagement[collect,postgres]'`.
`import x_engagement` never imports this package.

Database URLs: `sqlite:///path/to/file.db` or `postgresql://user:password@host/db` (psycopg 3).
A password is shown nowhere: errors, logs and reprs render it as `***` (`safe_url`).

API (every name below is importable from `x_engagement.collect`):

- `upgrade(url) -> str`: create or migrate the schema to the newest revision (Alembic, shipped in
  `x_engagement/collect/migrations`); refuses a database at a newer version (`SchemaTooNew`).
- `open_engine(url) -> Engine`: an SQLAlchemy Engine (SQLite: busy timeout, real BEGIN).
- `transaction(engine)`: `with transaction(engine) as conn:` one transaction, committed at the
  end, errors translated to `CollectorError`s. `connect(engine)` is the same for reading.
- `prepare(engine) -> str`: the schema on first use: an empty database is given it, an older one
  raises `SchemaOutdated`, a newer one `SchemaTooNew`; `collect` and `backfill` call it.
- `require_file(engine)`: `DatabaseUnreachable` for an SQLite file that does not exist (a reader
  would otherwise create it, empty).
- `check_schema(conn) -> str`: raise `SchemaTooNew` / `SchemaOutdated` unless the database is at
  this code's head revision; a collector calls it once at start-up.
- `ingest(conn, rows, fetched_at) -> IngestStats`: store one poll's rows (`x_engagement.table.Row`)
  in the caller's transaction (never commits, so per-chunk progress can join the same commit).
  Idempotent; each changed value leaves a row in `revisions` with both fetch times.
- `gaps(conn, variant=None, post_ids=None) -> Iterator[Gap]`: hours never observed for a post.
- `failures(conn, variant=None, since=None) -> Iterator[Failure]`: rows a poll could not store
  (a value beyond 64-bit integers, a name longer than its column), as the server sent them.
- `backfill(url, variant=None, post_ids=None, ...) -> BackfillStats`: fill the gaps from the
  historical endpoints (where the credentials reach them), in the rate budget the poll shares.
- `export(conn, since=None, until=None, ids=None, variant=None) -> Iterator[Row]`: the stored
  buckets as rows, streamed; write them with `x_engagement.table.write_csv` and friends.
- `observations` (a view: read it), `revisions`, `metadata` (the tables the migrations create):
  SQLAlchemy Core objects.
- Errors: `CollectorError` > `DatabaseUrlError`, `DatabaseUnreachable`, `DatabaseReadOnly`,
  `DatabaseBusy`, `DatabaseFull`,
  `SchemaError` (> `SchemaTooNew`, `SchemaOutdated`), `IngestError` (> `UnstorableRows`); each
  one line, no secrets.

Later migrations (work, progress, rate budget) go in `migrations/versions/` with
`down_revision` = the current head (`known_revisions()` names it).
"""

from __future__ import annotations

try:
    import sqlalchemy  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "x_engagement.collect needs the 'collect' extra: pip install 'x-engagement[collect]'"
    ) from exc

from x_engagement.collect.database import (
    check_schema,
    connect,
    current_revision,
    known_revisions,
    open_engine,
    prepare,
    require_file,
    safe_url,
    transaction,
    upgrade,
)
from x_engagement.collect.errors import (
    CollectorError,
    DatabaseBusy,
    DatabaseFull,
    DatabaseReadOnly,
    DatabaseUnreachable,
    DatabaseUrlError,
    IngestError,
    SchemaError,
    SchemaOutdated,
    SchemaTooNew,
    UnstorableRows,
)
from x_engagement.collect.export import export
from x_engagement.collect.failures import Failure, failures
from x_engagement.collect.gaps import Gap, gaps
from x_engagement.collect.ingest import IngestStats, ingest
from x_engagement.collect.schema import metadata, observations, revisions

__all__ = [
    "CollectorError",
    "DatabaseBusy",
    "DatabaseFull",
    "DatabaseReadOnly",
    "DatabaseUnreachable",
    "DatabaseUrlError",
    "Failure",
    "Gap",
    "IngestError",
    "IngestStats",
    "SchemaError",
    "SchemaOutdated",
    "SchemaTooNew",
    "UnstorableRows",
    "check_schema",
    "connect",
    "current_revision",
    "export",
    "failures",
    "gaps",
    "ingest",
    "known_revisions",
    "metadata",
    "observations",
    "open_engine",
    "prepare",
    "require_file",
    "revisions",
    "safe_url",
    "transaction",
    "upgrade",
]

# The poll (poll11): the loop, its state tables and its errors.
from x_engagement.collect.backfill import BackfillRefused, BackfillStats, backfill  # noqa: E402
from x_engagement.collect.fetch import ApiUnreachable  # noqa: E402
from x_engagement.collect.ids import IdsFileError, parse_ids, read_ids  # noqa: E402
from x_engagement.collect.lock import CollectorRunning  # noqa: E402
from x_engagement.collect.poll import ApiRefused, PollStats, Stop, collect  # noqa: E402

__all__ += [
    "ApiRefused",
    "ApiUnreachable",
    "BackfillRefused",
    "BackfillStats",
    "CollectorRunning",
    "IdsFileError",
    "PollStats",
    "Stop",
    "backfill",
    "collect",
    "parse_ids",
    "read_ids",
]
