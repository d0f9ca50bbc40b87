"""SPOLIS' technical-aid queues in memory, loaded with the demo queues unless told otherwise.

Besides the interface of `technical_aids.py`, tests and the fake back office
place applications (`place`), record any change (`add`) and make every call fail.

The change feed's cursors are those of `technical_aids.cursor_at`.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from adapters.errors import Rejected
from adapters.fakes import Breakable
from adapters.spolis import demo_aids
from adapters.spolis.technical_aids import (
    SYSTEM,
    AidRequestChange,
    Catalogue,
    QueueFigures,
    cursor_at,
)

RIGA = ZoneInfo("Europe/Riga")
MAX_LIMIT = 1000


def cursor_of(change: AidRequestChange) -> str:
    return cursor_at(change.changed_at) + change.request_id


def parse_cursor(cursor: str) -> tuple[datetime, str]:
    """The key a cursor names; `Rejected` for anything else."""
    moment, slash, request_id = cursor.partition("/")
    try:
        parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if not slash or parsed is None or parsed.tzinfo is None:
        raise Rejected(SYSTEM, "malformed cursor")
    return parsed.astimezone(UTC), request_id


def _key(change: AidRequestChange) -> tuple[datetime, str]:
    return (change.changed_at, change.request_id)


class FakeTechnicalAidQueues(Breakable):
    system = SYSTEM

    def __init__(self, now: datetime | None = None, *, demo: bool = True) -> None:
        self._catalogue = demo_aids.catalogue() if demo else Catalogue((), ())
        self._feed: list[AidRequestChange] = []
        self._current: dict[str, AidRequestChange] = {}
        self._serial = 0
        if demo:
            for change in demo_aids.requests(now or datetime.now(UTC)):
                self.add(change)

    # -- what tests and the fake back office do ---------------------------------

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue

    def add(self, change: AidRequestChange) -> None:
        """SPOLIS changed a request (or received it, for a new id)."""
        bisect.insort(self._feed, change, key=_key)
        current = self._current.get(change.request_id)
        if current is None or current.changed_at <= change.changed_at:
            self._current[change.request_id] = change

    def place(self, reference: str | None, personal_code: str, aid_codes: Sequence[str],
              now: datetime | None = None) -> list[AidRequestChange]:
        """Register an application: one request per known aid, each at the end of its
        queue. Unknown aid codes are skipped (SPOLIS' staff would ask). Returns the
        requests' new states."""
        at = (now or datetime.now(UTC)).astimezone(UTC)
        aids = {aid.code: aid for aid in self._catalogue.aids}
        placed: list[AidRequestChange] = []
        for code in dict.fromkeys(aid_codes):
            aid = aids.get(code)
            if aid is None:
                continue
            waiting = sum(1 for c in self._current.values() if c.status == "in_queue"
                          and (c.group_code, c.provider) == (aid.group_code, aid.provider))
            self._serial += 1
            received = AidRequestChange(
                request_id=f"TPL-{at.year}-9{self._serial:05d}", personal_code=personal_code,
                reference=reference, aid_code=aid.code, group_code=aid.group_code,
                provider=aid.provider, status="received", position=None, queue_size=None,
                applied_at=at, queued_at=None, issued_at=None,
                changed_at=at - timedelta(milliseconds=1))
            queued = replace(received, status="in_queue", position=waiting + 1,
                             queue_size=waiting + 1, queued_at=at, changed_at=at)
            self.add(received)
            self.add(queued)
            placed.append(queued)
        return placed

    def current(self) -> list[AidRequestChange]:
        """Every request's current state (whether or not SPOLIS answers)."""
        return list(self._current.values())

    # -- the interface ------------------------------------------------------------

    async def catalogue(self) -> Catalogue:
        self._check()
        return self._catalogue

    async def requests_of(self, personal_codes: Sequence[str]) -> list[AidRequestChange]:
        self._check()
        codes = set(personal_codes)
        found = [c for c in self._current.values() if c.personal_code in codes]
        return sorted(found, key=lambda c: (c.applied_at, c.request_id), reverse=True)

    async def changes_since(self, cursor: str | None,
                            limit: int) -> tuple[list[AidRequestChange], str]:
        self._check()
        if not 1 <= limit <= MAX_LIMIT:
            raise Rejected(SYSTEM, f"limit must be between 1 and {MAX_LIMIT}")
        start = 0
        if cursor:
            start = bisect.bisect_right(self._feed, parse_cursor(cursor), key=_key)
        page = self._feed[start:start + limit]
        if page:
            return page, cursor_of(page[-1])
        return [], cursor or cursor_at(datetime(2000, 1, 1, tzinfo=UTC))

    async def queue_figures(self) -> list[QueueFigures]:
        self._check()
        waiting: Counter[tuple[str, str]] = Counter()
        served: dict[tuple[str, str], Counter[str]] = {}
        for change in self._current.values():
            queue = (change.group_code, change.provider)
            served.setdefault(queue, Counter())
            if change.status == "in_queue":
                waiting[queue] += 1
            if change.status == "issued" and change.issued_at is not None:
                served[queue][change.issued_at.astimezone(RIGA).strftime("%Y-%m")] += 1
        return [QueueFigures(group, provider, waiting[(group, provider)],
                             tuple(sorted(served[(group, provider)].items())))
                for group, provider in sorted(served)]

