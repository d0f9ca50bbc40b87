"""At most ten failed checks of codes per client address in ten minutes.

The count lives in the database, so every web process behind the load balancer
enforces the same limit. A check first *reserves* a failure in a transaction of
its own, committed at once, and counts the failures in the window, its own
included: a burst of parallel guesses from one address sees every reservation
the others made, so together they get no more than the limit. A check that
finds a genuine reference gives its reservation back; a check over the limit
gives it back too, so waiting out the window is always enough.

Once the limit is reached every check from that address is refused until the
oldest counted failure leaves the window, a genuine code included: otherwise
the answer to a guess past the limit would still tell whether it was right.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.database import utcnow
from queue_status.rehabilitation_reference.models import ReferenceVerificationFailure

MAX_FAILURES = 10
WINDOW = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Reservation:
    id: int


@dataclass(frozen=True, slots=True)
class Refused:
    retry_at: datetime
    """When the next check from this address will be allowed."""


@dataclass
class VerificationRateLimit:
    sessionmaker: async_sessionmaker[AsyncSession]
    secret: str
    """Keys the hash of client addresses, so the table holds no address."""
    clock: Callable[[], datetime] = utcnow
    max_failures: int = MAX_FAILURES
    window: timedelta = WINDOW

    def client_key(self, address: str) -> str:
        return hmac.new(self.secret.encode(), b"reference-verification\0" + address.encode(),
                        hashlib.sha256).hexdigest()

    async def reserve(self, client_key: str) -> Reservation | Refused:
        """Count this check as a failure until it is `release`d, or refuse it."""
        now = self.clock()
        since = now - self.window
        async with self.sessionmaker() as session:
            async with session.begin():
                if (refused := await self._refusal(session, client_key, since, 0)) is not None:
                    return refused
                # Old rows of every address go as new ones come: the table stays small.
                await session.execute(delete(ReferenceVerificationFailure)
                                      .where(ReferenceVerificationFailure.failed_at < since))
                row = ReferenceVerificationFailure(client_key=client_key, failed_at=now)
                session.add(row)
            async with session.begin():
                refused = await self._refusal(session, client_key, since, 1)
                if refused is None:
                    return Reservation(row.id)
                await session.delete(row)
                return refused

    async def release(self, reservation: Reservation) -> None:
        """The check found a genuine reference: it is no failure."""
        async with self.sessionmaker() as session, session.begin():
            await session.execute(delete(ReferenceVerificationFailure)
                                  .where(ReferenceVerificationFailure.id == reservation.id))

    async def _refusal(self, session: AsyncSession, client_key: str, since: datetime,
                       own: int) -> Refused | None:
        """Refused when the failures in the window (less `own` reservations) reach the limit.

        The next check is allowed once enough of the oldest have left the window.
        """
        failed_at = (await session.scalars(
            select(ReferenceVerificationFailure.failed_at)
            .where(ReferenceVerificationFailure.client_key == client_key,
                   ReferenceVerificationFailure.failed_at > since)
            .order_by(ReferenceVerificationFailure.failed_at))).all()
        if len(failed_at) - own < self.max_failures:
            return None
        return Refused(failed_at[len(failed_at) - own - self.max_failures] + self.window)
