"""The portal's mirror of SPOLIS' technical-aid requests: writing changes, reading a family's.

A change reaches the portal three ways — SPOLIS pushes it through the inbound
API, the worker pulls SPOLIS' change feed, "my queue" asks SPOLIS for one
family's requests — possibly twice and out of order. `record_change` makes the
order irrelevant: the row keeps the latest state by SPOLIS' `changed_at`, and
the history keeps each change once.

The functions only flush; whoever opened the session commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.spolis.technical_aids import AidRequestChange
from queue_status.models import TechnicalAidRequest, TechnicalAidRequestEvent


async def record_change(session: AsyncSession, change: AidRequestChange,
                        received_at: datetime) -> bool:
    """Store one change; True if the stored request or its history changed.

    The request row takes the change's state unless it already holds a later
    one; the change joins the history unless a change of that request at the
    same moment is there already. The same state reported again is no change,
    but moves the row's `received_at` on: the portal knows it is still current.
    """
    changed = False
    row = await session.get(TechnicalAidRequest, change.request_id)
    if row is None:
        try:
            async with session.begin_nested():
                row = TechnicalAidRequest(id=change.request_id)
                _apply(row, change, received_at)
                session.add(row)
            changed = True
        except IntegrityError:  # a concurrent push or pull stored it first
            row = await session.get(TechnicalAidRequest, change.request_id,
                                    populate_existing=True)
    if row is not None and not changed:
        if row.changed_at < change.changed_at or (
                row.changed_at == change.changed_at and _state(row) != _state(change)):
            _apply(row, change, received_at)
            changed = True
        elif row.changed_at == change.changed_at and row.received_at < received_at:
            row.received_at = received_at  # confirmed: what "my queue" shows is this recent
    await session.flush()
    seen = await session.scalar(
        select(TechnicalAidRequestEvent.id).where(
            TechnicalAidRequestEvent.request_id == change.request_id,
            TechnicalAidRequestEvent.changed_at == change.changed_at))
    if seen is None:
        try:
            async with session.begin_nested():
                session.add(TechnicalAidRequestEvent(
                    request_id=change.request_id, status=change.status,
                    position=change.position, queue_size=change.queue_size,
                    changed_at=change.changed_at))
            changed = True
        except IntegrityError:
            pass  # the same change, recorded by a concurrent push or pull
    return changed


async def record_changes(session: AsyncSession, changes: Sequence[AidRequestChange],
                         received_at: datetime) -> int:
    """`record_change` for many changes (a page of SPOLIS' feed) in a few queries;
    returns how many changed something. Meant for one writer (the sync): should a
    concurrent push store the same change first, the flush fails and the caller
    rolls back and records the page again with `record_change`."""
    ids = sorted({change.request_id for change in changes})
    rows: dict[str, TechnicalAidRequest] = {}
    seen: set[tuple[str, datetime]] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows.update((row.id, row) for row in (await session.scalars(
            select(TechnicalAidRequest).where(TechnicalAidRequest.id.in_(chunk)))).all())
        seen.update((request_id, at) for request_id, at in (await session.execute(
            select(TechnicalAidRequestEvent.request_id, TechnicalAidRequestEvent.changed_at)
            .where(TechnicalAidRequestEvent.request_id.in_(chunk)))).all())
    counted = 0
    for change in changes:
        changed = False
        row = rows.get(change.request_id)
        if row is None:
            row = rows[change.request_id] = TechnicalAidRequest(id=change.request_id)
            _apply(row, change, received_at)
            session.add(row)
            changed = True
        elif row.changed_at < change.changed_at or (
                row.changed_at == change.changed_at and _state(row) != _state(change)):
            _apply(row, change, received_at)
            changed = True
        if (change.request_id, change.changed_at) not in seen:
            seen.add((change.request_id, change.changed_at))
            session.add(TechnicalAidRequestEvent(
                request_id=change.request_id, status=change.status, position=change.position,
                queue_size=change.queue_size, changed_at=change.changed_at))
            changed = True
        counted += changed
    await session.flush()
    return counted


async def latest_change(session: AsyncSession) -> datetime | None:
    """The latest `changed_at` the portal holds: where following SPOLIS' feed resumes."""
    latest: datetime | None = await session.scalar(
        select(func.max(TechnicalAidRequest.changed_at)))
    return latest


def _state(item: TechnicalAidRequest | AidRequestChange) -> tuple[object, ...]:
    return (item.personal_code, item.reference, item.aid_code, item.group_code,
            item.provider, item.status, item.position, item.queue_size, item.applied_at,
            item.queued_at, item.issued_at)


def _apply(row: TechnicalAidRequest, change: AidRequestChange, received_at: datetime) -> None:
    row.personal_code = change.personal_code
    row.reference = change.reference
    row.aid_code = change.aid_code
    row.group_code = change.group_code
    row.provider = change.provider
    row.status = change.status
    row.position = change.position
    row.queue_size = change.queue_size
    row.applied_at = change.applied_at
    row.queued_at = change.queued_at
    row.issued_at = change.issued_at
    row.changed_at = change.changed_at
    row.received_at = received_at


async def requests_of(session: AsyncSession,
                      personal_codes: Sequence[str]) -> list[TechnicalAidRequest]:
    """Every stored request of these people, newest application first.

    One query on the (personal_code, applied_at) index: its cost follows the
    number of these people's requests, not the size of the table.
    """
    codes = sorted(set(personal_codes))
    if not codes:
        return []
    found = await session.scalars(
        select(TechnicalAidRequest).where(TechnicalAidRequest.personal_code.in_(codes))
        .order_by(TechnicalAidRequest.applied_at.desc(), TechnicalAidRequest.id))
    return list(found.all())


async def history_of(session: AsyncSession,
                     request_ids: Sequence[str]) -> dict[str, list[TechnicalAidRequestEvent]]:
    """Each request's changes, oldest first; a request without any maps to []."""
    ids = sorted(set(request_ids))
    history: dict[str, list[TechnicalAidRequestEvent]] = {request_id: [] for request_id in ids}
    if not ids:
        return history
    found = await session.scalars(
        select(TechnicalAidRequestEvent).where(TechnicalAidRequestEvent.request_id.in_(ids))
        .order_by(TechnicalAidRequestEvent.request_id, TechnicalAidRequestEvent.changed_at,
                  TechnicalAidRequestEvent.id))
    for event in found.all():
        history[event.request_id].append(event)
    return history


async def last_update_of(session: AsyncSession, personal_codes: Sequence[str]) -> datetime | None:
    """When the portal last learnt anything about these people's requests."""
    rows = await requests_of(session, personal_codes)
    return max((row.received_at for row in rows), default=None)
