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

from adapters.errors import Rejected, Unavailable
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
        try:
            response = await self._client.put(self._base_url + path, json=body, headers=headers,
                                               timeout=self._timeout)
        except httpx.TimeoutException as exc:
            raise Unavailable(SYSTEM, f"timed out: {what}") from exc
        except httpx.RequestError as exc:
            raise Unavailable(SYSTEM, f"{type(exc).__name__}: {what}") from exc

        status = response.status_code
        retry_later = status in (httpx.codes.REQUEST_TIMEOUT, httpx.codes.TOO_MANY_REQUESTS)
        if 400 <= status < 500 and not retry_later:
            raise Rejected(SYSTEM, f"HTTP {status}{_problem_title(response)}: {what}")
        if not response.is_success:
            raise Unavailable(SYSTEM, f"HTTP {status}: {what}")
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


def _problem_title(response: httpx.Response) -> str:
    # The title names the rule that failed; nothing in a usage report is personal,
    # but a short title keeps log lines readable.
    try:
        data = response.json()
    except ValueError:
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    return f" ({title[:120]})" if isinstance(title, str) and title else ""
