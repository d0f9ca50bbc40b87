"""What the delivery pages show, read from the outbox, its attempts and the notifications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from eservices.registry import BackOffice
from eservices.submissions.models import DeliveryAttempt, OutboxEntry, OutboxState, Submission
from portal.notifications.models import AnswerNotification

PAGE_SIZE = 100
# A back office whose oldest waiting delivery is older than this is reported delayed.
DELAYED_AFTER = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class BackOfficeHealth:
    destination: str
    last_delivered_at: datetime | None
    pending: int
    dead: int
    oldest_pending_at: datetime | None

    def oldest_pending_age(self, now: datetime) -> timedelta | None:
        return None if self.oldest_pending_at is None else now - self.oldest_pending_at

    def condition(self, now: datetime) -> str:
        """ok, delayed or attention (dead letters wait for an operator)."""
        if self.dead:
            return "attention"
        age = self.oldest_pending_age(now)
        return "delayed" if age is not None and age > DELAYED_AFTER else "ok"


async def health(db: AsyncSession) -> list[BackOfficeHealth]:
    pending = OutboxEntry.state == OutboxState.PENDING
    rows = await db.execute(
        select(
            OutboxEntry.destination,
            func.max(OutboxEntry.delivered_at),
            func.count().filter(pending),
            func.count().filter(OutboxEntry.state == OutboxState.DEAD),
            # A retried dead letter waits since its retry, not since it was first queued.
            func.min(func.coalesce(OutboxEntry.retried_at, OutboxEntry.created_at))
            .filter(pending),
        ).group_by(OutboxEntry.destination)
    )
    found = {row[0]: row for row in rows}
    # Every known back office is listed, also one that has had nothing to deliver yet.
    names = [b.value for b in BackOffice] + sorted(set(found) - {b.value for b in BackOffice})
    result = []
    for name in names:
        row = found.get(name)
        result.append(BackOfficeHealth(
            destination=name,
            last_delivered_at=row[1] if row else None,
            pending=int(row[2]) if row else 0,
            dead=int(row[3]) if row else 0,
            oldest_pending_at=row[4] if row else None,
        ))
    return result


async def counts_by_state(db: AsyncSession) -> dict[str, int]:
    rows = await db.execute(select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state))
    counts = {state.value: 0 for state in OutboxState}
    counts.update({state: int(count) for state, count in rows})
    return counts


def _order(state: str) -> tuple[ColumnElement[Any], ...]:
    if state == OutboxState.PENDING:
        return (OutboxEntry.next_attempt_at.asc(), OutboxEntry.id.asc())
    if state == OutboxState.DELIVERED:
        return (OutboxEntry.delivered_at.desc(), OutboxEntry.id.desc())
    return (OutboxEntry.id.desc(),)


async def entries(db: AsyncSession, state: str) -> list[tuple[OutboxEntry, str]]:
    """Rows in `state` with their submission's reference: pending ones in the order the
    worker takes them, the others newest first."""
    rows = await db.execute(
        select(OutboxEntry, Submission.reference)
        .join(Submission, Submission.id == OutboxEntry.submission_id)
        .where(OutboxEntry.state == state)
        .order_by(*_order(state))
        .limit(PAGE_SIZE)
    )
    return [(entry, reference) for entry, reference in rows]


async def entry(db: AsyncSession, outbox_id: int) -> tuple[OutboxEntry, str] | None:
    row = (await db.execute(
        select(OutboxEntry, Submission.reference)
        .join(Submission, Submission.id == OutboxEntry.submission_id)
        .where(OutboxEntry.id == outbox_id)
    )).first()
    return None if row is None else (row[0], row[1])


async def attempts(db: AsyncSession, outbox_id: int) -> list[DeliveryAttempt]:
    return list(await db.scalars(
        select(DeliveryAttempt).where(DeliveryAttempt.outbox_id == outbox_id)
        .order_by(DeliveryAttempt.started_at.desc(), DeliveryAttempt.id.desc())
    ))


async def notification_counts(db: AsyncSession) -> dict[str, dict[str, int]]:
    """channel -> state -> count of answer notifications."""
    rows = await db.execute(
        select(AnswerNotification.channel, AnswerNotification.state, func.count())
        .group_by(AnswerNotification.channel, AnswerNotification.state)
    )
    counts: dict[str, dict[str, int]] = {
        channel: {"pending": 0, "failed": 0, "sent": 0} for channel in ("email", "e_address")}
    for channel, state, count in rows:
        counts.setdefault(channel, {"pending": 0, "failed": 0, "sent": 0})[state] = int(count)
    return counts
