"""Mandates granted by companies, and the audit log of representation.

Revision ID: 0002
Revises: 0004
Create Date: 2026-11-23

The number 0002 was set aside for this migration before 0003 and 0004 landed on
top of 0001; it follows 0004 so the history stays one line with a single head.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0002"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mandates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_registration_number", sa.String(11), nullable=False),
        sa.Column("company_name", sa.String(200), nullable=False),
        sa.Column("holder_personal_code", sa.String(12), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("granted_by_personal_code", sa.String(12), nullable=False),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_by_personal_code", sa.String(12), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandates")),
    )
    op.create_index(op.f("ix_mandates_company_registration_number"), "mandates",
                    ["company_registration_number"])
    op.create_index(op.f("ix_mandates_holder_personal_code"), "mandates",
                    ["holder_personal_code"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("actor_personal_code", sa.String(12), nullable=False),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        sa.Column("subject_identifier", sa.String(12), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_occurred_at"), "audit_events", ["occurred_at"])
    op.create_index(op.f("ix_audit_events_actor_personal_code"), "audit_events",
                    ["actor_personal_code"])
    op.create_index(op.f("ix_audit_events_action"), "audit_events", ["action"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_events_action"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_actor_personal_code"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_occurred_at"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index(op.f("ix_mandates_holder_personal_code"), table_name="mandates")
    op.drop_index(op.f("ix_mandates_company_registration_number"), table_name="mandates")
    op.drop_table("mandates")
