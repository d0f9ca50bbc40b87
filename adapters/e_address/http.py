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
from adapters.errors import NotFound, Unavailable
from adapters.gateway import call, call_json, json_object, refusal, text


class HttpEAddress:
    def __init__(self, client: httpx.AsyncClient, base_url: str) -> None:
        self._client = client
        self._url = base_url.rstrip("/") + "/messages"
        self._lookup_url = base_url.rstrip("/") + "/recipients/lookup"

    async def has_e_address(self, kind: RecipientKind, code: str) -> bool:
        payload = {"recipient": {"kind": kind.value, "code": code}}
        # A 404 is a wrong address here: "no e-address" is {"active": false}.
        return await call_json(self._client, SYSTEM, "POST", self._lookup_url, _active,
                               what="POST /recipients/lookup", json=payload,
                               not_found_means_no_record=False)

    async def send(self, message: EAddressMessage) -> str:
        payload = {
            "recipient": {"kind": message.recipient_kind.value, "code": message.recipient_code},
            "subject": message.subject,
            "body": message.body,
            "reference": message.reference,
            "language": message.language,
        }
        headers = {"idempotency-key": message.idempotency_key}
        what = "POST /messages"
        response = await call(self._client, SYSTEM, "POST", self._url, what=what,
                              json=payload, headers=headers)
        if response.status_code == httpx.codes.NOT_FOUND:
            raise NotFound(SYSTEM, "no active e-address for the recipient")
        if not response.is_success:
            raise refusal(SYSTEM, response, what)
        try:
            return text(json_object(response.json()), "message_id", empty=False)
        except (ValueError, KeyError, TypeError) as exc:
            raise Unavailable(SYSTEM, f"unexpected answer: {what}") from exc


def _active(data: object) -> bool:
    active = json_object(data)["active"]
    if not isinstance(active, bool):
        raise TypeError("active is not true or false")
    return active
