"""Technical aids: SPOLIS' catalogue and queue requests mirrored, with their history.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aid_groups",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_lv", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_aid_groups")),
    )
    op.create_table(
        "aids",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("group_code", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("name_lv", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("refreshed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_code"], ["aid_groups.code"],
                                name=op.f("fk_aids_group_code_aid_groups")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_aids")),
    )
    op.create_index(op.f("ix_aids_group_code"), "aids", ["group_code"], unique=False)
    op.create_table(
        "technical_aid_requests",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("personal_code", sa.String(length=12), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column("aid_code", sa.String(length=40), nullable=False),
        sa.Column("group_code", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("queue_size", sa.Integer(), nullable=True),
        sa.Column("applied_at", UTCDateTime(), nullable=False),
        sa.Column("queued_at", UTCDateTime(), nullable=True),
        sa.Column("issued_at", UTCDateTime(), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technical_aid_requests")),
    )
    op.create_index("ix_technical_aid_requests_person", "technical_aid_requests",
                    ["personal_code", "applied_at"], unique=False)
    op.create_index("ix_technical_aid_requests_queue", "technical_aid_requests",
                    ["group_code", "provider", "status"], unique=False)
    op.create_index("ix_technical_aid_requests_served", "technical_aid_requests",
                    ["group_code", "provider", "issued_at"], unique=False)
    op.create_index(op.f("ix_technical_aid_requests_reference"), "technical_aid_requests",
                    ["reference"], unique=False)
    op.create_table(
        "technical_aid_request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("queue_size", sa.Integer(), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["technical_aid_requests.id"], ondelete="CASCADE",
            name=op.f("fk_technical_aid_request_events_request_id_technical_aid_requests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technical_aid_request_events")),
        sa.UniqueConstraint("request_id", "changed_at",
                            name=op.f("uq_technical_aid_request_events_request_id")),
    )
    op.create_index(op.f("ix_technical_aid_request_events_request_id"),
                    "technical_aid_request_events", ["request_id"], unique=False)


def downgrade() -> None:
    op.drop_table("technical_aid_request_events")
    op.drop_table("technical_aid_requests")
    op.drop_table("aids")
    op.drop_table("aid_groups")
