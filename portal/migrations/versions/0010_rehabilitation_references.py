"""Social rehabilitation queue e-references and verification attempts.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rehabilitation_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("personal_code", sa.String(length=12), nullable=False),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("issued_by_personal_code", sa.String(length=12), nullable=False),
        sa.Column("application_id", sa.String(length=40), nullable=False),
        sa.Column("service_code", sa.String(length=40), nullable=False),
        sa.Column("service_name_lv", sa.String(length=300), nullable=False),
        sa.Column("service_name_en", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("queue_size", sa.Integer(), nullable=False),
        sa.Column("queued_on", sa.Date(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rehabilitation_references")),
        sa.UniqueConstraint("code_sha256",
                            name=op.f("uq_rehabilitation_references_code_sha256")),
    )
    op.create_index("ix_rehabilitation_references_person", "rehabilitation_references",
                    ["personal_code", "issued_at"], unique=False)
    op.create_table(
        "reference_verification_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_verification_failures")),
    )
    op.create_index("ix_reference_verification_failures_client",
                    "reference_verification_failures", ["client_key", "failed_at"],
                    unique=False)
    op.create_index(op.f("ix_reference_verification_failures_failed_at"),
                    "reference_verification_failures", ["failed_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_reference_verification_failures_failed_at"),
                  table_name="reference_verification_failures")
    op.drop_index("ix_reference_verification_failures_client",
                  table_name="reference_verification_failures")
    op.drop_table("reference_verification_failures")
    op.drop_index("ix_rehabilitation_references_person", table_name="rehabilitation_references")
    op.drop_table("rehabilitation_references")
