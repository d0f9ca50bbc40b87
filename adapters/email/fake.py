"""An e-mail sender that keeps messages in a list, and can be told to fail."""

from __future__ import annotations

from adapters.email.base import SYSTEM, EmailMessage
from adapters.errors import AdapterError, Unavailable


class FakeEmailSender:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        # The error the next sends raise, e.g. Rejected(...); None sends normally.
        self.failure: AdapterError | None = None

    def fail_with(self, error: AdapterError | None = None) -> None:
        self.failure = error if error is not None else Unavailable(SYSTEM, "told to fail")

    async def send(self, message: EmailMessage) -> None:
        if self.failure is not None:
            raise self.failure
        self.sent.append(message)
