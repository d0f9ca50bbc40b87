"""The service platform over HTTP: one PUT per e-service and day.

The platform's usage-report interface (all bodies are UTF-8 JSON):

    PUT {base_url}/usage-reports/{service}/{day}
    Idempotency-Key: {service}/{day}/r{revision}
    Authorization: Bearer <token>              when the portal was given one

        {"service": "labour_complaint", "day": "2026-11-23", "revision": 1,
         "figures": {...}}

    201  {"id": "...", "replaced": false}      the day is new to the platform
    200  {"id": "...", "replaced": true}       a correction replaced an earlier revision
    200  {"id": "...", "already_held": true}   this revision was already there
    409  problem body                          the platform holds a later revision, or
                                               this revision with other figures
    other 4xx                                  refused (malformed report, unknown service)

PUT rather than POST because the address names the one thing being written:
sending the same request twice leaves the platform as sending it once.

Answers are translated into `adapters.errors`:

    2xx                                    a `PublishReceipt`
    408, 429                               Unavailable: "later", not "never"
    other 4xx                              Rejected
    5xx, other non-2xx                     Unavailable
    connection errors, timeouts            Unavailable
    a 2xx body that is not a JSON object   Unavailable: an error page of a proxy
"""

from __future__ import annotations

import httpx

from adapters.errors import Unavailable
from adapters.gateway import call, problem_title, refusal
from adapters.service_platform.base import SYSTEM, PublishReceipt, UsageReport

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class HttpServicePlatform:
    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        *,
        token: str = "",
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._timeout = timeout

    async def publish(self, report: UsageReport) -> PublishReceipt:
        path = f"/usage-reports/{report.service}/{report.day.isoformat()}"
        what = f"PUT {path} r{report.revision}"
        headers = {"Idempotency-Key": report.idempotency_key, "Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        body = {"service": report.service, "day": report.day.isoformat(),
                "revision": report.revision, "figures": dict(report.figures)}
        response = await call(self._client, SYSTEM, "PUT", self._base_url + path, what=what,
                              json=body, headers=headers, timeout=self._timeout)
        status = response.status_code
        if not response.is_success:
            # A 404 is a wrong address or service here, not "no such record".
            raise refusal(SYSTEM, response, what, not_found_means_no_record=False,
                          reason=problem_title(response))
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise Unavailable(SYSTEM, f"HTTP {status} without a receipt: {what}")
        identifier = data.get("id", "")
        return PublishReceipt(
            platform_id=identifier if isinstance(identifier, str) else str(identifier),
            replaced=data.get("replaced") is True,
            already_held=data.get("already_held") is True,
        )
