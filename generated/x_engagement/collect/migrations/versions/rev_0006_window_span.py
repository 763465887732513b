"""`last_seen` per window: a later poll no longer rewrites every row it saw unchanged.

`windows` keeps the span (first and last bucket) of each series' newest contiguous window (every
bucket in it was seen at the window's fetch time) and the window itself (`body`), which the next
poll compares with instead of reading the rows back. The table `observations` becomes
`observation_rows` (whose `last_seen` is the last poll that wrote the row) and `observations` is
now a view with the same columns, its `last_seen` read through the span, so SQL written against
`observations` keeps its meaning. Windows stored before this revision have no span: their rows'
own `last_seen` stands until the series is polled again.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

# Frozen here (not imported from `schema`): a migration must create what it created on the day.
_SEEN = """CASE WHEN w.fetched_at > o.last_seen AND o.bucket_start >= w.first_bucket
            AND o.bucket_start <= w.last_bucket THEN w.fetched_at ELSE o.last_seen END"""
_JOIN = """observation_rows AS o LEFT JOIN windows AS w
ON w.variant = o.variant AND w.post_id = o.post_id AND w.metric = o.metric
AND w.granularity = o.granularity"""
VIEW = f"""CREATE VIEW observations AS
SELECT o.variant, o.post_id, o.metric, o.granularity, o.bucket_start, o.source_metric, o.value,
       o.first_seen, {_SEEN} AS last_seen
FROM {_JOIN}"""


def upgrade() -> None:
    moment = sa.DateTime(timezone=True)
    op.add_column("windows", sa.Column("first_bucket", moment, nullable=True))
    op.add_column("windows", sa.Column("last_bucket", moment, nullable=True))
    op.add_column("windows", sa.Column("body", sa.LargeBinary(), nullable=True))
    op.rename_table("observations", "observation_rows")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE observation_rows RENAME CONSTRAINT {_PKEY[0]} TO {_PKEY[1]}")
    op.execute(VIEW)


def downgrade() -> None:
    """Back to one table whose every row carries its own `last_seen` (written from the spans)."""
    op.execute("DROP VIEW observations")
    op.execute(
        f"UPDATE observation_rows AS o SET last_seen = w.fetched_at FROM windows AS w WHERE {_SPANNED}"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE observation_rows RENAME CONSTRAINT {_PKEY[1]} TO {_PKEY[0]}")
    op.rename_table("observation_rows", "observations")
    op.drop_column("windows", "body")
    op.drop_column("windows", "last_bucket")  # SQLite >= 3.35 drops a column in place
    op.drop_column("windows", "first_bucket")


_PKEY = ("observations_pkey", "observation_rows_pkey")
_SPANNED = """w.variant = o.variant AND w.post_id = o.post_id AND w.metric = o.metric
AND w.granularity = o.granularity AND w.fetched_at > o.last_seen
AND o.bucket_start >= w.first_bucket AND o.bucket_start <= w.last_bucket"""
