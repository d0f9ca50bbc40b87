"""What the delivery worker needs from a back office: take one submission, say so.

`deliver` is given the envelope (see `eservices/submissions/envelope.py`), the
files in the order of the envelope's `attachments`, and an idempotency key. It
returns a receipt when the back office holds the submission — also when it
already held it from an earlier attempt under the same key, so a retried
delivery is never registered twice. Otherwise it raises one of
`adapters.errors`: `Unavailable` (try again later) or `Rejected` (the back
office refused this submission; retrying it unchanged will not help).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class OutgoingFile:
    """One attachment on its way out: its bytes arrive as a stream, never whole."""

    file_name: str
    content_type: str
    size: int
    chunks: AsyncIterable[bytes]


@dataclass(frozen=True, slots=True)
class DeliveryReceipt:
    back_office_id: str
    """The back office's own identifier of the submission (may be empty if it gives none)."""
    already_received: bool = False
    """True when the back office had it from an earlier attempt with the same key."""


class BackOfficeDelivery(Protocol):
    system: str

    async def deliver(
        self,
        envelope: Mapping[str, Any],
        files: Sequence[OutgoingFile],
        idempotency_key: str,
    ) -> DeliveryReceipt:
        """Hand the submission over; `Unavailable` or `Rejected` when that fails."""
        ...
