"""An e-mail sender that keeps messages in a list, and can be told to fail."""

from __future__ import annotations

from adapters.email.base import SYSTEM, EmailMessage
from adapters.fakes import Breakable


class FakeEmailSender(Breakable):
    system = SYSTEM

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self._check()
        self.sent.append(message)
