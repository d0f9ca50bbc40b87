"""What the portal asks of an e-mail system: send one plain-text message.

Errors are those of `adapters.errors`: `Unavailable` when the server cannot be
reached or answers with a temporary (4xx) SMTP reply, worth retrying; `Rejected`
when it refuses the message or the recipient for good (5xx).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

SYSTEM = "email"


@dataclass(frozen=True, slots=True)
class EmailMessage:
    to: str
    subject: str
    body: str
    """Plain text. Notifications carry no personal data beyond what the person wrote to us."""
    language: str = "lv"
    """The body's language, sent as Content-Language so mail readers pick the right voice."""


class EmailSender(Protocol):
    async def send(self, message: EmailMessage) -> None: ...
