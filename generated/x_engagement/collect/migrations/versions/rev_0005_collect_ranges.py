"""The progress of a range-asked source (post analytics): the end of the last committed range of
each post, so the next poll asks from there (less an overlap) instead of a rolling window.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "collect_ranges",
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("post_id", sa.String(19), nullable=False),
        sa.Column("polled_until", moment, nullable=False),
        sa.Column("fetched_at", moment, nullable=False),
        sa.PrimaryKeyConstraint("variant", "post_id", name="collect_ranges_pkey"),
    )


def downgrade() -> None:
    op.drop_table("collect_ranges")
