"""The `portal worker` process: a delivery worker built from settings, stopped by signals.

Everything comes from `Settings` alone — database, storage, virus scanner and
back-office adapters (through `portal.backends`, the same choice the web
application makes) — so the worker runs without the web application.

SIGTERM or SIGINT asks the worker to stop: each lane finishes and records the
delivery it is making, then the process exits. A second signal ends it at once;
the rows it was delivering go to another worker when their claims lapse.
"""

from __future__ import annotations

import logging
import os
import signal
from collections import Counter

import anyio
import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.delivery.policy import DeliveryPolicy
from adapters.delivery.worker import DeliveryWorker, Outcome
from eservices.attachments import LocalDirectoryStorage
from portal.backends import Adapters, build_adapters
from portal.database import create_engine, create_sessionmaker, utcnow
from portal.housekeeping.command import keep_tidy
from portal.notifications.schedule import send_due_messages
from portal.settings import Settings
from queue_status.statistics.command import keep_statistics_fresh
from queue_status.sync import sync_forever

logger = logging.getLogger(__name__)


async def run_worker(
    settings: Settings,
    *,
    concurrency: int = 1,
    once: bool = False,
    stop: anyio.Event | None = None,
    handle_signals: bool = True,
) -> Counter[Outcome]:
    engine = create_engine(settings.database_url)
    stop = stop or anyio.Event()
    # One connection per lane to each back office, plus a few for the scanner's peers.
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency)
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0),
                                     limits=limits) as client:
            adapters = build_adapters(settings, client)
            storage = LocalDirectoryStorage(settings.storage_dir)
            worker = DeliveryWorker(
                create_sessionmaker(engine),
                adapters.back_offices,
                storage,
                adapters.virus_scanner,
                DeliveryPolicy.from_settings(settings),
            )
            logger.info("delivery worker %s started: %d lane(s)%s", worker.name, concurrency,
                        ", until nothing is due" if once else "")
            sessionmaker = create_sessionmaker(engine)
            async with anyio.create_task_group() as group:
                if handle_signals:
                    group.start_soon(_stop_on_signals, stop)
                if not once:
                    group.start_soon(_send_messages, sessionmaker, adapters, settings)
                    group.start_soon(sync_forever, sessionmaker, adapters.technical_aids,
                                     settings.technical_aid_sync_interval_seconds)
                    group.start_soon(keep_statistics_fresh, sessionmaker, settings)
                    group.start_soon(keep_tidy, sessionmaker, storage, settings)
                outcomes = await worker.run(concurrency=concurrency, once=once, stop=stop)
                if once:
                    await send_due_messages(sessionmaker, adapters, utcnow(),
                                            portal_url=settings.base_url)
                group.cancel_scope.cancel()
            logger.info("delivery worker %s stopped: %s", worker.name,
                        ", ".join(f"{k.value} {v}" for k, v in sorted(outcomes.items())) or
                        "nothing delivered")
            return outcomes
    finally:
        await engine.dispose()


async def _send_messages(sessionmaker: async_sessionmaker[AsyncSession], adapters: Adapters,
                         settings: Settings) -> None:
    """Answers, seat notices and reminders, every `notification_interval_seconds`."""
    while True:
        await send_due_messages(sessionmaker, adapters, utcnow(), portal_url=settings.base_url)
        await anyio.sleep(settings.notification_interval_seconds)


async def _stop_on_signals(stop: anyio.Event) -> None:
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
        async for signum in signals:
            if stop.is_set():
                logger.warning("second %s: stopping without finishing", signal.Signals(signum).name)
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
                return
            logger.info("%s: finishing the deliveries under way, then stopping",
                        signal.Signals(signum).name)
            stop.set()
