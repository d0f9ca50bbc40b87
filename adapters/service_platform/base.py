"""What the portal asks of the national service platform: take one day's usage figures.

The platform ("pakalpojumu sniegšanas un pārvaldības platforma", Latvija.lv) keeps,
for each e-service and each day, the latest revision of that day's figures. The
portal sends a day once (revision 1) and sends it again only when the figures
changed afterwards (revision 2, 3, ...): a correction replaces what the platform
held. Sending the same revision again is harmless: the platform answers that it
already has it.

`publish` raises only `adapters.errors`: `Unavailable` (try again later) or
`Rejected` (the platform refused this report; resending it unchanged will not help).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

SYSTEM = "service_platform"


@dataclass(frozen=True, slots=True)
class UsageReport:
    service: str
    """The e-service's code on the platform: the portal's slug, e.g. "labour_complaint"."""
    day: date
    """The calendar day in Latvia (Europe/Riga) the figures describe."""
    revision: int
    """1 the first time the day is sent; each correction counts up by one."""
    figures: Mapping[str, Any]
    """The day's figures as a JSON object (see `portal/usage_metrics/publishing.py`)."""

    @property
    def idempotency_key(self) -> str:
        return f"{self.service}/{self.day.isoformat()}/r{self.revision}"


@dataclass(frozen=True, slots=True)
class PublishReceipt:
    platform_id: str
    """The platform's identifier of the day's report (may be empty if it gives none)."""
    replaced: bool = False
    """True when this revision replaced an earlier one (a correction)."""
    already_held: bool = False
    """True when the platform already had exactly this revision."""


class ServicePlatform(Protocol):
    async def publish(self, report: UsageReport) -> PublishReceipt:
        """Hand one day's figures over; `Unavailable` or `Rejected` when that fails."""
        ...
