"""Technical-aid requests for the statistics tests, and the figures worked out by hand.

`reference` recomputes every figure from the requests with plain Python loops and
the standard library's quantiles, independently of the SQL in `aggregation.py`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.database import transaction
from queue_status.models import Aid, AidGroup, TechnicalAidRequest

RIGA = ZoneInfo("Europe/Riga")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
MONTHS = [date(2025, 11, 1), date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 11)]


def riga(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=RIGA).astimezone(UTC)


@dataclass(frozen=True)
class Req:
    group: str
    provider: str
    status: str
    queued: datetime | None = None
    issued: datetime | None = None
    changed: datetime | None = None


GROUPS = [("WHEEL", "Riteņkrēsli", "Wheelchairs", 1, "vaivari"),
          ("HEAR", "Dzirdes aparāti", "Hearing aids", 2, "deaf_association"),
          ("CANE", "Baltie spieķi", "White canes", 3, "blind_society")]


def fixed_requests() -> list[Req]:
    w, v = "WHEEL", "vaivari"
    requests = [Req(w, v, "in_queue", queued=riga(2026, 6, d)) for d in range(1, 11)]
    requests += [Req(w, v, "offered", queued=riga(2026, 5, 2)),
                 Req(w, v, "offered", queued=riga(2026, 5, 3))]
    # October: eight served, one of them at the very first minute of October in Riga.
    requests.append(Req(w, v, "issued", queued=riga(2026, 3, 1),
                        issued=datetime(2026, 10, 1, 0, 0, tzinfo=RIGA).astimezone(UTC)))
    requests += [Req(w, v, "issued", queued=riga(2026, 2, d), issued=riga(2026, 10, d + 3))
                 for d in range(1, 8)]
    # September: three (hidden), March: six (hidden too, so that September is not given away).
    requests += [Req(w, v, "issued", queued=riga(2026, 1, d), issued=riga(2026, 9, 10))
                 for d in (5, 6, 7)]
    requests += [Req(w, v, "issued", queued=riga(2025, 12, d), issued=riga(2026, 3, 20 + d))
                 for d in range(1, 7)]
    # Served this month and thirteen months ago: in none of the twelve months.
    requests += [Req(w, v, "issued", queued=riga(2026, 4, 1), issued=riga(2026, 11, 2)),
                 Req(w, v, "issued", queued=riga(2025, 6, 1), issued=riga(2025, 10, 15))]
    # Rejected: one after waiting from January to August, one before it joined a queue.
    requests += [Req(w, v, "rejected", queued=riga(2026, 1, 15), changed=riga(2026, 8, 5)),
                 Req(w, v, "rejected", changed=riga(2026, 2, 1))]
    requests += [Req(w, v, "received"), Req(w, v, "under_review")]
    h, d = "HEAR", "deaf_association"
    requests += [Req(h, d, "in_queue", queued=riga(2026, 9, n)) for n in (1, 2, 3)]
    requests += [Req(h, d, "issued", queued=riga(2026, 2, n), issued=riga(2026, 7, n))
                 for n in (1, 2)]
    # A group not (yet) in the catalogue, with exactly five waiting: shown.
    requests += [Req("PROS", v, "in_queue", queued=riga(2026, 10, n)) for n in range(1, 6)]
    return requests


async def insert(sessionmaker: async_sessionmaker[AsyncSession], requests: list[Req],
                 *, catalogue: bool = True, prefix: str = "TPL") -> None:
    async with transaction(sessionmaker) as session:
        if catalogue:
            for code, lv, en, order, _provider in GROUPS:
                session.add(AidGroup(code=code, name_lv=lv, name_en=en, sort_order=order,
                                     refreshed_at=NOW))
            await session.flush()
            for code, _lv, _en, _order, provider in GROUPS:
                session.add(Aid(code=f"{code}-1", group_code=code, provider=provider,
                                name_lv=code, name_en=code, refreshed_at=NOW))
        for index, r in enumerate(requests):
            changed = r.changed or r.issued or r.queued or riga(2026, 1, 1)
            session.add(TechnicalAidRequest(
                id=f"{prefix}-{index:06d}", personal_code=f"010190-1{index:04d}",
                reference=None, aid_code=f"{r.group}-1", group_code=r.group,
                provider=r.provider, status=r.status, position=None, queue_size=None,
                applied_at=(r.queued or changed) - timedelta(days=10), queued_at=r.queued,
                issued_at=r.issued, changed_at=changed, received_at=changed))


@dataclass
class Expected:
    waiting: int = 0
    served: list[int] = field(default_factory=lambda: [0] * 12)
    waiting_at_end: list[int] = field(default_factory=lambda: [0] * 12)
    waits: list[float] = field(default_factory=list)

    @property
    def median(self) -> int | None:
        return _whole(statistics.median(self.waits)) if self.waits else None

    @property
    def p90(self) -> int | None:
        if not self.waits:
            return None
        if len(self.waits) == 1:
            return _whole(self.waits[0])
        return _whole(statistics.quantiles(self.waits, n=10, method="inclusive")[8])


def _whole(days: float) -> int:
    return int(days + 0.5)


def _month_of(moment: datetime) -> date:
    local = moment.astimezone(RIGA)
    return date(local.year, local.month, 1)


def _end_of(month: date) -> datetime:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return datetime(following.year, following.month, 1, tzinfo=RIGA).astimezone(UTC)


def reference(requests: list[Req]) -> dict[tuple[str, str], Expected]:
    expected: dict[tuple[str, str], Expected] = {}
    for r in requests:
        queue = expected.setdefault((r.group, r.provider), Expected())
        if r.status in ("in_queue", "offered"):
            queue.waiting += 1
        if r.issued is not None and _month_of(r.issued) in MONTHS:
            queue.served[MONTHS.index(_month_of(r.issued))] += 1
            if r.queued is not None:
                queue.waits.append(max(0.0, (r.issued - r.queued).total_seconds() / 86400))
        for index, month in enumerate(MONTHS):
            end = _end_of(month)
            left = (r.issued is not None and r.issued < end) or (
                r.status == "rejected" and r.changed is not None and r.changed < end)
            if r.queued is not None and r.queued < end and not left:
                queue.waiting_at_end[index] += 1
    return expected
