"""What the portal asks of the official e-address system: whether a recipient has an
active e-address, and to deliver one message.

The e-address is the state's secure mailbox for residents and companies, so
unlike e-mail a message may carry the answer's text. Recipients are identified
by personal code or registration number, which is why these never appear in
error messages (those end up in logs).

Errors are those of `adapters.errors`: `NotFound` when the recipient has no
active e-address, `Rejected` for any other refusal, `Unavailable` to retry later.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

SYSTEM = "e_address"


class RecipientKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


@dataclass(frozen=True, slots=True)
class EAddressMessage:
    recipient_kind: RecipientKind
    recipient_code: str
    """Personal code `DDMMYY-NNNNN` or an 11-digit registration number."""
    subject: str
    body: str
    reference: str
    """The submission's reference number, so the recipient can file the message."""
    idempotency_key: str
    """The same key twice delivers one message: a retry after a lost answer is safe."""
    language: str = "lv"


class EAddress(Protocol):
    async def has_e_address(self, kind: RecipientKind, code: str) -> bool:
        """Whether the recipient has an active e-address now (services offer it as an
        answer channel only then); `Unavailable` when the system does not answer."""
        ...

    async def send(self, message: EAddressMessage) -> str:
        """Deliver the message; return the e-address system's message id."""
        ...
