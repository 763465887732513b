"""Observations (latest value per bucket), revisions (each changed value), windows (digests).

Revision ID: 0001
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "observations",
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("post_id", sa.String(19), nullable=False),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("granularity", sa.String(8), nullable=False),
        sa.Column("bucket_start", moment, nullable=False),
        sa.Column("source_metric", sa.String(64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("first_seen", moment, nullable=False),
        sa.Column("last_seen", moment, nullable=False),
        sa.PrimaryKeyConstraint(
            "variant", "post_id", "metric", "granularity", "bucket_start", name="observations_pkey"
        ),
        sqlite_with_rowid=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        # Room on each page for a new version of a row: a poll that only moves `last_seen` then
        # updates in place (a HOT update), without touching the primary key index.
        op.execute("ALTER TABLE observations SET (fillfactor = 60)")
    op.create_table(
        "revisions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("post_id", sa.String(19), nullable=False),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("granularity", sa.String(8), nullable=False),
        sa.Column("bucket_start", moment, nullable=False),
        sa.Column("old_value", sa.BigInteger(), nullable=False),
        sa.Column("new_value", sa.BigInteger(), nullable=False),
        sa.Column("old_fetched_at", moment, nullable=False),
        sa.Column("new_fetched_at", moment, nullable=False),
        sa.PrimaryKeyConstraint("id", name="revisions_pkey"),
    )
    op.create_index(
        "revisions_by_key",
        "revisions",
        ["variant", "post_id", "metric", "granularity", "bucket_start"],
    )
    op.create_table(
        "windows",
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("post_id", sa.String(19), nullable=False),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("granularity", sa.String(8), nullable=False),
        sa.Column("digest", sa.LargeBinary(16), nullable=False),
        sa.Column("fetched_at", moment, nullable=False),
        sa.PrimaryKeyConstraint("variant", "post_id", "metric", "granularity", name="windows_pkey"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("windows")
    op.drop_index("revisions_by_key", table_name="revisions")
    op.drop_table("revisions")
    op.drop_table("observations")
