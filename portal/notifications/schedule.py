"""Everything the portal tells people on their chosen channel, sent by `portal worker`.

Answers from back offices, seats freed in a training, appointment reminders:
each sender is idempotent and safe to run in several workers at once, so the
worker simply calls them all every `notification_interval_seconds`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eservices.foster_parent_training.notices import send_seat_notices
from eservices.specialist_appointment.reminders import send_due_reminders
from portal.notifications.sender import send_pending_notifications

logger = logging.getLogger(__name__)

Sender = Callable[..., Awaitable[int]]
SENDERS: tuple[tuple[str, Sender], ...] = (
    ("answer notifications", send_pending_notifications),
    ("training seat notices", send_seat_notices),
    ("appointment reminders", send_due_reminders),
)


async def send_due_messages(sessionmaker: async_sessionmaker[AsyncSession], adapters: Any,
                            now: datetime, *, portal_url: str) -> int:
    """Run every sender once; one failing sender does not stop the others."""
    total = 0
    for name, sender in SENDERS:
        try:
            sent = await sender(sessionmaker, adapters, now, portal_url=portal_url)
        except Exception:
            logger.exception("sending %s failed; trying again next round", name)
            continue
        if sent:
            logger.info("sent %d %s", sent, name)
        total += sent
    return total
