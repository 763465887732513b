"""Rows a poll could not store (a value beyond 64-bit integers, a name longer than its column).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "collect_failures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("chunk_key", sa.String(64), nullable=False),
        sa.Column("post_ids", sa.Text(), nullable=False),
        sa.Column("failed_at", moment, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="collect_failures_pkey"),
    )
    op.create_index("collect_failures_by_time", "collect_failures", ["failed_at"])


def downgrade() -> None:
    op.drop_index("collect_failures_by_time", "collect_failures")
    op.drop_table("collect_failures")
