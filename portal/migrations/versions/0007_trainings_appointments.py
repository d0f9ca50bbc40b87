"""Trainings and appointments: sessions mirrored from SPOLIS with their seats, training
sign-ups, appointments booked with specialists.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("training_type", sa.String(length=40), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("last_queue_number", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    op.create_index("ix_training_sessions_choice", "training_sessions",
                    ["training_type", "region", "first_day"], unique=False)

    op.create_table(
        "training_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=60), nullable=False),
        sa.Column("subject_id", sa.String(length=20), nullable=False),
        sa.Column("active_subject", sa.String(length=20), nullable=True),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("co_applicant_code", sa.String(length=12), nullable=False),
        sa.Column("co_applicant_name", sa.String(length=200), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("placement", sa.String(length=20), nullable=False),
        sa.Column("queue_number", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("cancellation_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("seat_since", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("notice_state", sa.String(length=20), nullable=False),
        sa.Column("notice_due_at", UTCDateTime(), nullable=True),
        sa.Column("notice_attempts", sa.Integer(), nullable=False),
        sa.Column("notice_sent_at", UTCDateTime(), nullable=True),
        sa.Column("notice_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["cancellation_id"], ["submissions.id"],
                                name=op.f("fk_training_bookings_cancellation_id_submissions")),
        sa.ForeignKeyConstraint(["session_id"], ["training_sessions.id"],
                                name=op.f("fk_training_bookings_session_id_training_sessions")),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"],
                                name=op.f("fk_training_bookings_submission_id_submissions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_bookings")),
        sa.UniqueConstraint("session_id", "active_subject", name="uq_training_bookings_live"),
        sa.UniqueConstraint("session_id", "queue_number", name="uq_training_bookings_queue"),
    )
    op.create_index("ix_training_bookings_notice", "training_bookings",
                    ["notice_state", "notice_due_at"], unique=False)
    op.create_index("ix_training_bookings_subject", "training_bookings",
                    ["subject_id", "created_at"], unique=False)

    op.create_table(
        "appointment_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("slot_id", sa.String(length=80), nullable=False),
        sa.Column("active_slot_id", sa.String(length=80), nullable=True),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.String(length=20), nullable=False),
        sa.Column("subject_name", sa.String(length=200), nullable=False),
        sa.Column("actor_personal_code", sa.String(length=12), nullable=False),
        sa.Column("specialist_type", sa.String(length=40), nullable=False),
        sa.Column("specialist", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("change_until_hours_before", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("ended_by_id", sa.String(length=36), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("reminder_state", sa.String(length=20), nullable=False),
        sa.Column("remind_at", UTCDateTime(), nullable=False),
        sa.Column("reminder_attempts", sa.Integer(), nullable=False),
        sa.Column("reminder_sent_at", UTCDateTime(), nullable=True),
        sa.Column("reminder_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["ended_by_id"], ["submissions.id"],
                                name=op.f("fk_appointment_bookings_ended_by_id_submissions")),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["appointment_bookings.id"],
            name=op.f("fk_appointment_bookings_replaces_id_appointment_bookings")),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"],
                                name=op.f("fk_appointment_bookings_submission_id_submissions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_bookings")),
        sa.UniqueConstraint("active_slot_id",
                            name=op.f("uq_appointment_bookings_active_slot_id")),
    )
    op.create_index("ix_appointment_bookings_reminder", "appointment_bookings",
                    ["reminder_state", "remind_at"], unique=False)
    op.create_index("ix_appointment_bookings_subject", "appointment_bookings",
                    ["subject_kind", "subject_id", "starts_at"], unique=False)
    op.create_index(op.f("ix_appointment_bookings_uid"), "appointment_bookings", ["uid"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_appointment_bookings_uid"), table_name="appointment_bookings")
    op.drop_index("ix_appointment_bookings_subject", table_name="appointment_bookings")
    op.drop_index("ix_appointment_bookings_reminder", table_name="appointment_bookings")
    op.drop_table("appointment_bookings")
    op.drop_index("ix_training_bookings_subject", table_name="training_bookings")
    op.drop_index("ix_training_bookings_notice", table_name="training_bookings")
    op.drop_table("training_bookings")
    op.drop_index("ix_training_sessions_choice", table_name="training_sessions")
    op.drop_table("training_sessions")
