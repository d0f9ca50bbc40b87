"""Public queue statistics and open-data publications.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_statistics_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
        sa.Column("first_month", sa.Date(), nullable=False),
        sa.Column("last_month", sa.Date(), nullable=False),
        sa.Column("data_received_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_statistics_snapshots")),
    )
    op.create_table(
        "queue_statistics",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("group_code", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("group_name_lv", sa.String(length=200), nullable=False),
        sa.Column("group_name_en", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("timed", sa.Integer(), nullable=False),
        sa.Column("median_wait_days", sa.Integer(), nullable=True),
        sa.Column("p90_wait_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["queue_statistics_snapshots.id"], ondelete="CASCADE",
            name=op.f("fk_queue_statistics_snapshot_id_queue_statistics_snapshots")),
        sa.PrimaryKeyConstraint("snapshot_id", "group_code", "provider",
                                name=op.f("pk_queue_statistics")),
    )
    op.create_table(
        "queue_statistics_months",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("group_code", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("waiting_at_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id", "group_code", "provider"],
            ["queue_statistics.snapshot_id", "queue_statistics.group_code",
             "queue_statistics.provider"],
            ondelete="CASCADE",
            name=op.f("fk_queue_statistics_months_snapshot_id_queue_statistics")),
        sa.PrimaryKeyConstraint("snapshot_id", "group_code", "provider", "month",
                                name=op.f("pk_queue_statistics_months")),
    )
    op.create_table(
        "open_data_publications",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("csv_body", sa.Text(), nullable=False),
        sa.Column("json_body", sa.Text(), nullable=False),
        sa.Column("csv_sha256", sa.String(length=64), nullable=False),
        sa.Column("json_sha256", sa.String(length=64), nullable=False),
        sa.Column("prepared_at", UTCDateTime(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("dataset_id", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("period", name=op.f("pk_open_data_publications")),
    )


def downgrade() -> None:
    op.drop_table("open_data_publications")
    op.drop_table("queue_statistics_months")
    op.drop_table("queue_statistics")
    op.drop_table("queue_statistics_snapshots")
