"""Delivery to a back office over HTTP: one streamed multipart POST per attempt.

The back offices' submission interface (the same for VDI, SPOLIS and SIVA):

    POST {base_url}/{system}/submissions
    Idempotency-Key: <the submission's reference>
    Content-Type: multipart/form-data; boundary=...
    Content-Length: <exact>

        part "envelope"      application/json, the envelope
                             (eservices/submissions/envelope.schema.json)
        part "attachment.N"  the bytes of envelope["attachments"][N], with its
                             file name and content type

    201 (or any 2xx)  {"id": "<back office's id>", ...}  registered now
    409               {"id": "<back office's id>", ...}  a submission with this
                      key is already registered: the earlier attempt reached it
    other 4xx         refused, with an RFC 9457 problem body (for instance a file
                      whose SHA-256 differs from the envelope's)

Answers are translated into `adapters.errors`:

    2xx, 409                               a `DeliveryReceipt`
    408, 429                               Unavailable: "later", not "never"
    other 4xx                              Rejected
    5xx, other non-2xx                     Unavailable
    connection errors, timeouts            Unavailable
    a 2xx body that is not a JSON object   Unavailable: an error page of a proxy,
                                           not a receipt; the retry will get 409
    an attachment's stream with another    Rejected: the stored file no longer
    size than on record                    matches its record; resending the same
                                           bytes cannot succeed

Error messages name the system, the endpoint and the status, never the content
of the submission: they end up in logs and in the outbox's `last_error`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from adapters.back_office.base import DeliveryReceipt, OutgoingFile
from adapters.back_office.multipart import MultipartBody, StoredFileMismatch
from adapters.errors import Rejected, Unavailable
from adapters.gateway import call, problem_title, refusal

# Connecting should be quick; the back office may take its time to store large
# files before it answers, and one slow write on a mobile-grade uplink is fine.
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=120.0, write=60.0, pool=30.0)


class HttpBackOffice:
    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        system: str,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.system = system
        self._client = client
        self._url = f"{base_url.rstrip('/')}/{system}/submissions"
        self._timeout = timeout

    async def deliver(
        self,
        envelope: Mapping[str, Any],
        files: Sequence[OutgoingFile],
        idempotency_key: str,
    ) -> DeliveryReceipt:
        what = f"POST /{self.system}/submissions"
        envelope_json = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))
        body = MultipartBody(envelope_json.encode(), files)
        headers = {
            "Idempotency-Key": idempotency_key,
            "Content-Type": body.content_type,
            "Content-Length": str(body.content_length),
            "Accept": "application/json",
        }
        try:
            response = await call(self._client, self.system, "POST", self._url, what=what,
                                  content=body.stream(), headers=headers, timeout=self._timeout)
        except StoredFileMismatch as exc:
            raise Rejected(self.system, f"{exc}: {what}") from exc

        status = response.status_code
        if response.is_success or status == httpx.codes.CONFLICT:
            return DeliveryReceipt(
                back_office_id=self._receipt_id(response, what),
                already_received=status == httpx.codes.CONFLICT,
            )
        # The problem's title says which check failed ("SHA-256 mismatch"); its
        # detail may quote the submission, so it stays out of logs.
        raise refusal(self.system, response, what, not_found_means_no_record=False,
                      reason=problem_title(response))

    def _receipt_id(self, response: httpx.Response, what: str) -> str:
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            if response.status_code == httpx.codes.CONFLICT:
                return ""  # "already have it" is the answer that matters
            raise Unavailable(self.system, f"HTTP {response.status_code} without a receipt: {what}")
        identifier = data.get("id", "")
        return identifier if isinstance(identifier, str) else str(identifier)
