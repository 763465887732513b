"""The poll's own state: per-chunk progress (the work table) and the shared rate budget.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "collect_work",
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("chunk_key", sa.String(64), nullable=False),
        sa.Column("post_ids", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("last_cycle", moment, nullable=True),
        sa.Column("last_fetched_at", moment, nullable=True),
        sa.Column("polls", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("variant", "chunk_key", name="collect_work_pkey"),
    )
    op.create_table(
        "collect_rate_budget",
        sa.Column("budget_key", sa.String(64), nullable=False),
        sa.Column("limit", sa.Integer(), nullable=True),
        sa.Column("remaining", sa.Integer(), nullable=True),
        sa.Column("reset_at", moment, nullable=True),
        sa.Column("observed_at", moment, nullable=True),
        sa.PrimaryKeyConstraint("budget_key", name="collect_rate_budget_pkey"),
    )


def downgrade() -> None:
    op.drop_table("collect_rate_budget")
    op.drop_table("collect_work")
