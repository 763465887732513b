"""The backfill's record: each historical range asked for a post that came back with data.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "collect_backfills",
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("post_id", sa.String(19), nullable=False),
        sa.Column("range_start", moment, nullable=False),
        sa.Column("range_end", moment, nullable=False),
        sa.Column("fetched_at", moment, nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "variant", "post_id", "range_start", "range_end", name="collect_backfills_pkey"
        ),
    )


def downgrade() -> None:
    op.drop_table("collect_backfills")
