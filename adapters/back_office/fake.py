"""An in-memory back office: records deliveries, deduplicates them, fails on request.

It keeps what a test needs to assert — the envelope, each file's size and
SHA-256, how often each key arrived — not the files' bytes, and it checks the
files against the envelope as a real back office must.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from adapters.back_office.base import DeliveryReceipt, OutgoingFile
from adapters.errors import Rejected
from adapters.fakes import FailsNextCalls


@dataclass(frozen=True, slots=True)
class ReceivedFile:
    file_name: str
    size: int
    sha256: str


@dataclass(slots=True)
class ReceivedSubmission:
    back_office_id: str
    idempotency_key: str
    envelope: Mapping[str, Any]
    files: list[ReceivedFile]
    receive_count: int = 1


@dataclass
class FakeBackOffice(FailsNextCalls):
    system: str
    received: dict[str, ReceivedSubmission] = field(default_factory=dict)
    attempts: int = 0

    async def deliver(
        self,
        envelope: Mapping[str, Any],
        files: Sequence[OutgoingFile],
        idempotency_key: str,
    ) -> DeliveryReceipt:
        self.attempts += 1
        self._check()
        received = [await _consume(outgoing) for outgoing in files]
        _check_against_envelope(self.system, envelope, received)
        earlier = self.received.get(idempotency_key)
        if earlier is not None:
            earlier.receive_count += 1
            return DeliveryReceipt(earlier.back_office_id, already_received=True)
        back_office_id = f"{self.system.upper()}-{len(self.received) + 1:06d}"
        self.received[idempotency_key] = ReceivedSubmission(
            back_office_id, idempotency_key, dict(envelope), received
        )
        return DeliveryReceipt(back_office_id)


async def _consume(outgoing: OutgoingFile) -> ReceivedFile:
    digest = hashlib.sha256()
    size = 0
    async for chunk in outgoing.chunks:
        digest.update(chunk)
        size += len(chunk)
    return ReceivedFile(outgoing.file_name, size, digest.hexdigest())


def _check_against_envelope(
    system: str, envelope: Mapping[str, Any], received: list[ReceivedFile]
) -> None:
    described = envelope.get("attachments", [])
    if len(described) != len(received):
        raise Rejected(system, "attachment count differs from the envelope")
    for index, (entry, got) in enumerate(zip(described, received, strict=True)):
        if entry.get("size") != got.size or entry.get("sha256") != got.sha256:
            raise Rejected(system, f"attachment.{index}: size or SHA-256 differs from the envelope")
