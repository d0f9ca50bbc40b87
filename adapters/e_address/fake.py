"""An in-memory e-address: a mailbox per recipient, deduplicated by idempotency key."""

from __future__ import annotations

from collections.abc import Iterable

from adapters.e_address.base import SYSTEM, EAddressMessage, RecipientKind
from adapters.errors import NotFound
from adapters.fakes import Breakable


class FakeEAddress(Breakable):
    system = SYSTEM

    def __init__(self, registered: Iterable[str] | None = None) -> None:
        # None: everyone has an active e-address (the demo); otherwise only these codes.
        self._registered = None if registered is None else set(registered)
        self.sent: dict[str, EAddressMessage] = {}  # message id -> message
        self._ids: dict[str, str] = {}  # idempotency key -> message id

    async def has_e_address(self, kind: RecipientKind, code: str) -> bool:
        self._check()
        return self._registered is None or code in self._registered

    async def send(self, message: EAddressMessage) -> str:
        self._check()
        if self._registered is not None and message.recipient_code not in self._registered:
            raise NotFound(SYSTEM, "the recipient has no active e-address")
        if message.idempotency_key in self._ids:
            return self._ids[message.idempotency_key]
        message_id = f"EA-{len(self.sent) + 1:06d}"
        self._ids[message.idempotency_key] = message_id
        self.sent[message_id] = message
        return message_id
