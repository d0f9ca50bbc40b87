"""Usage metrics: usage events, satisfaction answers, and what was published.

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "usage_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.String(length=32), nullable=False),
        sa.Column("service_slug", sa.String(length=50), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("step", sa.String(length=50), nullable=False),
        sa.Column("device_class", sa.String(length=10), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("seconds_to_complete", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_events")),
        sa.UniqueConstraint("journey_id", "kind", "step", name=op.f("uq_usage_events_journey_id")),
    )
    op.create_index("ix_usage_events_service_time", "usage_events",
                    ["service_slug", "occurred_at"], unique=False)

    op.create_table(
        "usage_satisfaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_slug", sa.String(length=50), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("device_class", sa.String(length=10), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_satisfaction")),
    )
    op.create_index("ix_usage_satisfaction_service_time", "usage_satisfaction",
                    ["service_slug", "answered_at"], unique=False)

    op.create_table(
        "usage_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_slug", sa.String(length=50), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("platform_id", sa.String(length=100), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_publications")),
        sa.UniqueConstraint("service_slug", "day", "revision",
                            name=op.f("uq_usage_publications_service_slug")),
    )


def downgrade() -> None:
    op.drop_table("usage_publications")
    op.drop_index("ix_usage_satisfaction_service_time", table_name="usage_satisfaction")
    op.drop_table("usage_satisfaction")
    op.drop_index("ix_usage_events_service_time", table_name="usage_events")
    op.drop_table("usage_events")
