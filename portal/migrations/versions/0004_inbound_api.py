"""Inbound API: used token ids (replay protection), queue positions, answer notifications.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbound_api_token_ids",
        sa.Column("issuer", sa.String(length=50), nullable=False),
        sa.Column("jti", sa.String(length=200), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("issuer", "jti", name=op.f("pk_inbound_api_token_ids")),
    )
    with op.batch_alter_table("inbound_api_token_ids", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inbound_api_token_ids_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "queue_positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("queue_size", sa.Integer(), nullable=False),
        sa.Column("reported_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_queue_positions_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_positions")),
        sa.UniqueConstraint(
            "submission_id", "reported_at", name=op.f("uq_queue_positions_submission_id")
        ),
    )
    with op.batch_alter_table("queue_positions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_queue_positions_submission_id"), ["submission_id"], unique=False
        )

    op.create_table(
        "answer_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name=op.f("fk_answer_notifications_answer_id_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_notifications")),
        sa.UniqueConstraint("answer_id", name=op.f("uq_answer_notifications_answer_id")),
    )
    with op.batch_alter_table("answer_notifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answer_notifications_due", ["state", "next_attempt_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("answer_notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_notifications_due")
    op.drop_table("answer_notifications")

    with op.batch_alter_table("queue_positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_queue_positions_submission_id"))
    op.drop_table("queue_positions")

    with op.batch_alter_table("inbound_api_token_ids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbound_api_token_ids_expires_at"))
    op.drop_table("inbound_api_token_ids")
