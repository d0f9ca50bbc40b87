"""One JSON call to a registry or back-office gateway, with its answer translated.

Every `http.py` adapter goes through `call_json`, so the mapping to the error
tree in `adapters.errors` is written once:

    connection errors, timeouts            Unavailable
    404                                    NotFound (or Rejected, for gateways where
                                           404 means a wrong address, not "no record")
    other 4xx, except 408 and 429          Rejected
    408, 429, 5xx, other non-2xx           Unavailable: worth retrying later
    a 2xx body the parser refuses          Unavailable: in practice an error page of a
    (ValueError, KeyError, TypeError)      proxy or a half-finished deployment

`what` names the call in error messages; it must hold no personal data, because
adapter errors end up in logs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from adapters.errors import NotFound, Rejected, Unavailable

T = TypeVar("T")
_RETRY_LATER = (httpx.codes.REQUEST_TIMEOUT, httpx.codes.TOO_MANY_REQUESTS)


async def call_json(
    client: httpx.AsyncClient,
    system: str,
    method: str,
    url: str,
    parse: Callable[[object], T],
    *,
    what: str,
    json: Mapping[str, Any] | None = None,
    params: Mapping[str, str] | None = None,
    request_timeout: httpx.Timeout | None = None,
    not_found_means_no_record: bool = True,
) -> T:
    extra: dict[str, Any] = {} if request_timeout is None else {"timeout": request_timeout}
    try:
        response = await client.request(method, url, json=json, params=params, **extra)
    except httpx.TimeoutException as exc:
        raise Unavailable(system, f"timed out: {what}") from exc
    except httpx.RequestError as exc:
        raise Unavailable(system, f"{type(exc).__name__}: {what}") from exc

    status = response.status_code
    if status == httpx.codes.NOT_FOUND and not_found_means_no_record:
        raise NotFound(system, f"not found: {what}")
    # 408 and 429 are client errors that say "later", not "never".
    if 400 <= status < 500 and status not in _RETRY_LATER:
        raise Rejected(system, f"HTTP {status}: {what}")
    if not response.is_success:
        raise Unavailable(system, f"HTTP {status}: {what}")
    try:
        return parse(response.json())
    except (ValueError, KeyError, TypeError) as exc:
        raise Unavailable(system, f"unexpected answer: {what}") from exc


def json_object(data: object) -> dict[str, object]:
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    return data


def json_list(data: object) -> list[object]:
    if not isinstance(data, list):
        raise TypeError("not a JSON list")
    return data
