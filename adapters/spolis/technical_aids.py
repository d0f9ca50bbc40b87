"""What the portal asks of SPOLIS' technical-aid module: the catalogue and the queues.

SPOLIS keeps the catalogue of technical aids (groups, aids and the provider that
issues each) and one queue per aid group and provider. The portal mirrors both
(`queue_status/models.py`): it refreshes the catalogue, follows SPOLIS' change
feed, and asks for one family's requests when somebody opens "my queue".
Applications reach SPOLIS as submissions through the outbox
(`adapters/back_office`), not through this interface.

Times are timezone-aware and in UTC. Every method raises only the errors of
`adapters.errors`: `Unavailable` when SPOLIS does not answer (or answers
something unreadable), `Rejected` when it refuses the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

SYSTEM = "spolis"


@dataclass(frozen=True, slots=True)
class CatalogueGroup:
    code: str
    name_lv: str
    name_en: str
    sort_order: int


@dataclass(frozen=True, slots=True)
class CatalogueAid:
    code: str
    group_code: str
    provider: str
    """A `queue_status.models.Provider` value."""
    name_lv: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    groups: tuple[CatalogueGroup, ...]
    aids: tuple[CatalogueAid, ...]


@dataclass(frozen=True, slots=True)
class AidRequestChange:
    """One request as SPOLIS holds it after a change (its whole current state)."""

    request_id: str
    personal_code: str
    """Whose aid it is: the person, or the child or ward a parent applied for."""
    reference: str | None
    """The portal submission's reference; None for a request made on paper."""
    aid_code: str
    group_code: str
    provider: str
    """A `queue_status.models.Provider` value."""
    status: str
    """A `queue_status.models.RequestStatus` value."""
    position: int | None
    """1 is next; set while the request is in the queue."""
    queue_size: int | None
    applied_at: datetime
    queued_at: datetime | None
    issued_at: datetime | None
    changed_at: datetime
    """When SPOLIS changed the request; a later change has a later time."""


@dataclass(frozen=True, slots=True)
class QueueFigures:
    """SPOLIS' own counts for one queue, to cross-check the portal's statistics."""

    group_code: str
    provider: str
    waiting: int
    served_by_month: tuple[tuple[str, int], ...]
    """("YYYY-MM", requests issued that month), oldest month first."""


def cursor_at(moment: datetime) -> str:
    """A change-feed cursor that starts at the first change at or after `moment`.

    SPOLIS' own cursors are `<changed_at>/<request_id>` (the changes after that
    key, in (changed_at, request_id) order); one with nothing after the slash is
    a time alone, how the portal resumes from what it already holds.
    """
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "/"


class TechnicalAidQueues(Protocol):
    async def catalogue(self) -> Catalogue:
        """Every group and every aid SPOLIS offers now."""
        ...

    async def requests_of(self, personal_codes: Sequence[str]) -> list[AidRequestChange]:
        """The current state of every request of these people."""
        ...

    async def changes_since(self, cursor: str | None,
                            limit: int) -> tuple[list[AidRequestChange], str]:
        """At most `limit` changes after `cursor` (None: from the beginning), oldest
        first, and the cursor to ask with next time (the same one when nothing is new)."""
        ...

    async def queue_figures(self) -> list[QueueFigures]:
        """Waiting and served counts of every queue that has or had requests."""
        ...
