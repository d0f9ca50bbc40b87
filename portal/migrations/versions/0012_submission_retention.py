"""Retention of delivered submissions: when their details were removed, and the
files still to delete from storage.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purged_at", UTCDateTime(), nullable=True))
        batch_op.create_index(
            "ix_submissions_retention", ["purged_at", "status_changed_at"], unique=False
        )

    op.create_table(
        "storage_deletions",
        sa.Column("storage_key", sa.String(length=100), nullable=False),
        sa.Column("queued_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("storage_key", name=op.f("pk_storage_deletions")),
    )


def downgrade() -> None:
    op.drop_table("storage_deletions")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index("ix_submissions_retention")
        batch_op.drop_column("purged_at")
