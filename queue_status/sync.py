"""Following SPOLIS: the catalogue and the change feed of its technical-aid queues.

`portal worker` runs `sync_technical_aids` every `technical_aid_sync_interval_seconds`
(first at start, so the demo's catalogue and queues fill within seconds), and
`portal sync-technical-aids` runs it once. Pushes through the inbound API and
the pulls of "my queue" write the same mirror in between; `record_change` makes
the order in which changes arrive irrelevant.

Where to resume is SPOLIS' own cursor, stored (`FeedCursor`) in the transaction
that stores the page it ends, so a round cut short goes on exactly from there.
A portal that has no cursor yet but holds changes (pushed or pulled before its
first round) starts `RESUME_OVERLAP` before the latest of them; re-reading
changes is harmless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import anyio
import httpx
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.errors import AdapterError
from adapters.spolis.technical_aids import AidRequestChange, TechnicalAidQueues, cursor_at
from portal.database import create_engine, create_sessionmaker, utcnow
from portal.settings import Settings
from queue_status.catalogue import refresh_catalogue
from queue_status.models import FeedCursor
from queue_status.requests import latest_change, record_change, record_changes

logger = logging.getLogger(__name__)

FEED = "spolis-technical-aids"
RESUME_OVERLAP = timedelta(hours=1)
PAGE = 500
# One round reads at most this many pages; the next round goes on from there.
MAX_PAGES = 400


@dataclass(frozen=True, slots=True)
class SyncResult:
    catalogue_refreshed: bool
    changes_read: int
    changes_stored: int
    error: str | None = None
    """What stopped the round early (SPOLIS not answering), for the log; None if nothing."""

    def summary(self) -> str:
        text = (f"catalogue {'refreshed' if self.catalogue_refreshed else 'not refreshed'}; "
                f"{self.changes_read} change(s) read, {self.changes_stored} new")
        return text + (f"; stopped: {self.error}" if self.error else "")


async def sync_technical_aids(sessionmaker: async_sessionmaker[AsyncSession],
                              adapter: TechnicalAidQueues, now: datetime) -> SyncResult:
    """Refresh the catalogue, then read the change feed until it is exhausted.

    Each page is committed on its own, so a round cut short keeps what it read.
    SPOLIS not answering ends the round (reported, not raised).
    """
    refreshed = False
    read = stored = 0
    try:
        catalogue = await adapter.catalogue()
        async with sessionmaker() as session:
            await refresh_catalogue(session, catalogue, now)
            await session.commit()
        refreshed = True
        cursor = await _resume_at(sessionmaker)
        for _ in range(MAX_PAGES):
            page, cursor = await adapter.changes_since(cursor, PAGE)
            if not page:
                break
            read += len(page)
            stored += await _store_page(sessionmaker, page, cursor, now)
    except AdapterError as error:
        logger.warning("technical-aid sync stopped: %s", error)
        return SyncResult(refreshed, read, stored, error=str(error))
    return SyncResult(refreshed, read, stored)


async def _resume_at(sessionmaker: async_sessionmaker[AsyncSession]) -> str | None:
    async with sessionmaker() as session:
        stored = await session.get(FeedCursor, FEED)
        if stored is not None:
            return stored.cursor
        latest = await latest_change(session)
    return None if latest is None else cursor_at(latest - RESUME_OVERLAP)


async def _store_page(sessionmaker: async_sessionmaker[AsyncSession],
                      page: list[AidRequestChange], cursor: str, now: datetime) -> int:
    try:
        async with sessionmaker() as session:
            stored = await record_changes(session, page, now)
            await _keep_cursor(session, cursor, now)
            await session.commit()
            return stored
    except IntegrityError:
        # A push stored one of these changes meanwhile: one by one, which tolerates it.
        async with sessionmaker() as session:
            stored = 0
            for change in page:
                stored += await record_change(session, change, now)
            await _keep_cursor(session, cursor, now)
            await session.commit()
            return stored


async def _keep_cursor(session: AsyncSession, cursor: str, now: datetime) -> None:
    # One worker runs the sync (`portal worker`, or the command by hand); a second one
    # at the same moment would at worst re-read a page.
    await session.merge(FeedCursor(feed=FEED, cursor=cursor, updated_at=now))


async def sync_forever(sessionmaker: async_sessionmaker[AsyncSession],
                       adapter: TechnicalAidQueues, interval_seconds: float) -> None:
    """`sync_technical_aids` now and then every `interval_seconds`, for `portal worker`."""
    while True:
        try:
            result = await sync_technical_aids(sessionmaker, adapter, utcnow())
            if result.changes_stored or result.error:
                logger.info("technical-aid sync: %s", result.summary())
        except Exception:
            logger.exception("technical-aid sync failed; trying again next round")
        await anyio.sleep(interval_seconds)


async def run_sync_command(settings: Settings) -> SyncResult:
    """`portal sync-technical-aids`: one round with adapters built from `settings`."""
    from portal.backends import build_adapters

    engine = create_engine(settings.database_url)
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=5.0)) as client:
            adapters = build_adapters(settings, client)
            return await sync_technical_aids(create_sessionmaker(engine),
                                             adapters.technical_aids, utcnow())
    finally:
        await engine.dispose()
