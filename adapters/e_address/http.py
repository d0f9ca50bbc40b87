"""The e-address over HTTP, through the e-address gateway's JSON interface.

The gateway interface (ours, documented here; bodies are UTF-8 JSON):

    POST {base}/messages
        Idempotency-Key: <key>          the same key again returns the first message
        {"recipient": {"kind": "person" | "company", "code": "<code>"},
         "subject": "...", "body": "...", "reference": "VDI-...", "language": "lv"}
        201 or 200  {"message_id": "<id>"}

    POST {base}/recipients/lookup
        {"recipient": {"kind": "person" | "company", "code": "<code>"}}
        200  {"active": true | false}

The recipient's code travels in the body, never in the URL, so that it stays
out of every access log on the way.

Answers are translated into `adapters.errors`:

    404                              NotFound: no active e-address for the recipient
    other 4xx, except 408 and 429    Rejected
    408, 429, 5xx, other non-2xx     Unavailable: worth retrying later
    connection errors, timeouts      Unavailable
    a 2xx body without a message id  Unavailable: a proxy's page or a half-finished
    (or, for a lookup, without a     deployment, not a refusal of this message
    boolean "active")
"""

from __future__ import annotations

import httpx

from adapters.e_address.base import SYSTEM, EAddressMessage, RecipientKind
from adapters.errors import NotFound, Rejected, Unavailable


class HttpEAddress:
    def __init__(self, client: httpx.AsyncClient, base_url: str) -> None:
        self._client = client
        self._url = base_url.rstrip("/") + "/messages"
        self._lookup_url = base_url.rstrip("/") + "/recipients/lookup"

    async def has_e_address(self, kind: RecipientKind, code: str) -> bool:
        what = "POST /recipients/lookup"
        payload = {"recipient": {"kind": kind.value, "code": code}}
        try:
            response = await self._client.post(self._lookup_url, json=payload)
        except httpx.TimeoutException as exc:
            raise Unavailable(SYSTEM, f"timed out: {what}") from exc
        except httpx.RequestError as exc:
            raise Unavailable(SYSTEM, f"{type(exc).__name__}: {what}") from exc
        status = response.status_code
        if 400 <= status < 500 and status not in (408, 429):
            raise Rejected(SYSTEM, f"HTTP {status}: {what}")
        if not response.is_success:
            raise Unavailable(SYSTEM, f"HTTP {status}: {what}")
        try:
            active = response.json()["active"]
        except (ValueError, KeyError, TypeError) as exc:
            raise Unavailable(SYSTEM, f"unexpected answer: {what}") from exc
        if not isinstance(active, bool):
            raise Unavailable(SYSTEM, f"unexpected answer: {what}")
        return active

    async def send(self, message: EAddressMessage) -> str:
        payload = {
            "recipient": {"kind": message.recipient_kind.value, "code": message.recipient_code},
            "subject": message.subject,
            "body": message.body,
            "reference": message.reference,
            "language": message.language,
        }
        headers = {"idempotency-key": message.idempotency_key}
        try:
            response = await self._client.post(self._url, json=payload, headers=headers)
        except httpx.TimeoutException as exc:
            raise Unavailable(SYSTEM, "timed out: POST /messages") from exc
        except httpx.RequestError as exc:
            raise Unavailable(SYSTEM, f"{type(exc).__name__}: POST /messages") from exc

        status = response.status_code
        if status == httpx.codes.NOT_FOUND:
            raise NotFound(SYSTEM, "no active e-address for the recipient")
        retry_later = status in (httpx.codes.REQUEST_TIMEOUT, httpx.codes.TOO_MANY_REQUESTS)
        if 400 <= status < 500 and not retry_later:
            raise Rejected(SYSTEM, f"HTTP {status}: POST /messages")
        if not response.is_success:
            raise Unavailable(SYSTEM, f"HTTP {status}: POST /messages")
        try:
            message_id = response.json()["message_id"]
        except (ValueError, KeyError, TypeError) as exc:
            raise Unavailable(SYSTEM, "unexpected answer: POST /messages") from exc
        if not isinstance(message_id, str) or not message_id:
            raise Unavailable(SYSTEM, "unexpected answer: POST /messages")
        return message_id
