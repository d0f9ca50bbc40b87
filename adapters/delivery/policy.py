"""When to try a failed delivery again, and when to stop trying.

Retries back off exponentially with "full jitter" (a random wait between zero
and the exponential bound, capped): after an outage of a back office, the
portal's backlog then returns spread out instead of in synchronised waves.
A delivery that keeps failing for `dead_after` goes to the dead letters, where
an operator sees it and may retry it: that starts the schedule afresh (the
worker counts age and failures from the retry), so the back office again gets
the full `dead_after` of backed-off attempts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from portal.settings import Settings


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    retry_base: timedelta = timedelta(seconds=10)
    retry_cap: timedelta = timedelta(hours=1)
    dead_after: timedelta = timedelta(days=3)
    # How long a claimed row stays with its worker; renewed while it delivers.
    claim: timedelta = timedelta(minutes=5)
    # How long an idle worker waits before it looks for due rows again.
    poll_interval: timedelta = timedelta(seconds=1)
    # Rows each lane claims at once (and delivers one after the other).
    batch: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryPolicy:
        return cls(
            retry_base=timedelta(seconds=settings.delivery_retry_base_seconds),
            retry_cap=timedelta(seconds=settings.delivery_retry_cap_seconds),
            dead_after=timedelta(seconds=settings.delivery_dead_after_seconds),
            claim=timedelta(seconds=settings.delivery_claim_seconds),
            poll_interval=timedelta(milliseconds=settings.delivery_poll_milliseconds),
            batch=max(1, settings.delivery_batch_size),
        )

    def retry_delay(self, failed_attempts: int, rng: random.Random) -> timedelta:
        """The wait after the `failed_attempts`-th failure in a row (1 for the first)."""
        exponent = min(max(failed_attempts - 1, 0), 32)  # 2**32 × base is past any cap
        bound: timedelta = min(self.retry_cap, self.retry_base * (2**exponent))
        return bound * rng.random()

    def gives_up(self, since: datetime, now: datetime) -> bool:
        """Whether a delivery failing since `since` (queued, or retried) should stop."""
        return now - since >= self.dead_after
