"""Answers from back offices are idempotent per key; a retried dead letter starts afresh.

`answers` gets the sending back office (filled in from the submission's destination
for the answers already kept), the back office's idempotency key and the digest of
what it sent; a unique index on (source, idempotency_key) stores each key once.
Answers from before have no key (NULL), which the index does not compare.

`outbox` gets `retried_at` and `attempts_before_retry`, recorded when an operator
retries a dead letter, so that it gets a full retry schedule again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.database import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE INDEX on both databases: no table is rebuilt.
    op.add_column("answers", sa.Column("source", sa.String(length=20), nullable=False,
                                       server_default=""))
    op.add_column("answers", sa.Column("idempotency_key", sa.String(length=100),
                                       nullable=True))
    op.add_column("answers", sa.Column("request_sha256", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE answers SET source = (SELECT submissions.destination FROM submissions"
        " WHERE submissions.id = answers.submission_id)"
    )
    op.create_index("ix_answers_idempotency", "answers", ["source", "idempotency_key"],
                    unique=True)

    op.add_column("outbox", sa.Column("retried_at", UTCDateTime(), nullable=True))
    op.add_column("outbox", sa.Column("attempts_before_retry", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), not a batch rebuild: with
    # foreign keys on, dropping the old copy of a table would delete its children
    # (attempts, notifications) by cascade.
    op.drop_column("outbox", "attempts_before_retry")
    op.drop_column("outbox", "retried_at")
    op.drop_index("ix_answers_idempotency", table_name="answers")
    op.drop_column("answers", "request_sha256")
    op.drop_column("answers", "idempotency_key")
    op.drop_column("answers", "source")
