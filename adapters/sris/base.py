"""What the portal asks of SIVA's social rehabilitation system (SRIS): a person's queues.

The Social Integration State Agency (SIVA) keeps in SRIS every application for a
state-funded social rehabilitation service: the services for persons with a
visual or hearing disability, social rehabilitation in an institution, and so
on. An application waits in the service's queue with a number ("kārtas numurs
rindā") and lists the documents SIVA needs before the service can start, each
received or still missing.

Personal codes are `DDMMYY-NNNNN` (see `portal.identifiers`). Methods raise only
the errors of `adapters.errors`: `Unavailable` when SRIS cannot answer now,
`Rejected` when it refuses the request. A person SRIS has no application of is
not an error: they simply have no queue places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

SYSTEM = "sris"


class DocumentStatus(StrEnum):
    RECEIVED = "received"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    code: str
    """SRIS' code of the kind of document, e.g. "family_doctor_statement"."""
    name_lv: str
    name_en: str
    status: DocumentStatus
    received_on: date | None = None
    """The day SIVA registered it; None while it is missing."""


@dataclass(frozen=True, slots=True)
class QueuePlace:
    """One application of a person, waiting in the queue for one service."""

    application_id: str
    """SRIS' identifier of the application, e.g. "SR-2026-00412"."""
    service_code: str
    service_name_lv: str
    service_name_en: str
    position: int
    """The number in the queue: 1 is served next."""
    queue_size: int
    """How many applications wait in that queue, this one included."""
    queued_on: date
    """The day the application was placed in the queue."""
    documents: tuple[RequiredDocument, ...]

    @property
    def missing_documents(self) -> tuple[RequiredDocument, ...]:
        return tuple(d for d in self.documents if d.status is DocumentStatus.MISSING)


class Sris(Protocol):
    async def queue_places(self, personal_code: str) -> list[QueuePlace]:
        """The person's applications in a queue, longest waiting first; [] when none."""
        ...
