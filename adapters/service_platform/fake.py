"""An in-memory service platform: keeps every revision it accepted, fails on request.

It applies the platform's rules (see `base.py`) so that tests of publishing
catch a portal that sends a stale or conflicting revision, and the HTTP fake
(`receiver.py`) serves this same object over real HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from adapters.errors import Rejected
from adapters.fakes import FailsNextCalls
from adapters.service_platform.base import SYSTEM, PublishReceipt, UsageReport


@dataclass
class FakeServicePlatform(FailsNextCalls):
    # Every accepted revision, oldest first, per (service, day).
    held: dict[tuple[str, date], list[UsageReport]] = field(default_factory=dict)
    attempts: int = 0

    def latest(self, service: str, day: date) -> UsageReport | None:
        revisions = self.held.get((service, day))
        return revisions[-1] if revisions else None

    @property
    def accepted(self) -> list[UsageReport]:
        """Every revision accepted, in no particular order across days."""
        return [report for revisions in self.held.values() for report in revisions]

    async def publish(self, report: UsageReport) -> PublishReceipt:
        self.attempts += 1
        self._check()
        key = (report.service, report.day)
        platform_id = f"{report.service}/{report.day.isoformat()}"
        latest = self.latest(*key)
        if latest is not None and report.revision < latest.revision:
            raise Rejected(SYSTEM, f"revision {report.revision} is older than the one held")
        if latest is not None and report.revision == latest.revision:
            if dict(report.figures) != dict(latest.figures):
                raise Rejected(SYSTEM, f"revision {report.revision} is held with other figures")
            return PublishReceipt(platform_id, already_held=True)
        self.held.setdefault(key, []).append(report)
        return PublishReceipt(platform_id, replaced=latest is not None)
