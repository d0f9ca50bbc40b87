"""One JSON call to a registry or back-office gateway, with its answer translated.

Every `http.py` adapter goes through `call_json` (or, where the answer is not one
JSON body to parse, through `call` and `refusal`), so the mapping to the error
tree in `adapters.errors` is written once:

    connection errors, timeouts            Unavailable
    404                                    NotFound (or Rejected, for gateways where
                                           404 means a wrong address, not "no record")
    other 4xx, except 408 and 429          Rejected
    408, 429, 5xx, other non-2xx           Unavailable: worth retrying later
    a 2xx body the parser refuses          Unavailable: in practice an error page of a
    (ValueError, KeyError, TypeError)      proxy or a half-finished deployment

`what` names the call in error messages; it must hold no personal data, because
adapter errors end up in logs. The parsers below read the fields of an answer
(`text`, `day`, `moment`, `whole_number`, `optional`, `list_of`, ...); what they
refuse becomes that last Unavailable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar

import httpx

from adapters.errors import AdapterError, NotFound, Rejected, Unavailable

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
    response = await call(client, system, method, url, what=what, json=json, params=params,
                          **extra)
    if not response.is_success:
        raise refusal(system, response, what, not_found_means_no_record=not_found_means_no_record)
    try:
        return parse(response.json())
    except (ValueError, KeyError, TypeError) as exc:
        raise Unavailable(system, f"unexpected answer: {what}") from exc


async def call(client: httpx.AsyncClient, system: str, method: str, url: str, *, what: str,
               **request: Any) -> httpx.Response:
    """`client.request(method, url, **request)`; a connection error or a timeout is
    `Unavailable`. For the adapters whose answers `call_json` cannot read."""
    try:
        return await client.request(method, url, **request)
    except httpx.TimeoutException as exc:
        raise Unavailable(system, f"timed out: {what}") from exc
    except httpx.RequestError as exc:
        raise Unavailable(system, f"{type(exc).__name__}: {what}") from exc


def refusal(system: str, response: httpx.Response, what: str, *,
            not_found_means_no_record: bool = True, reason: str = "") -> AdapterError:
    """The error a non-2xx `response` means (see the table above); `reason`, when
    given, is what the answer said was wrong (no personal data)."""
    status = response.status_code
    if status == httpx.codes.NOT_FOUND and not_found_means_no_record:
        return NotFound(system, f"not found: {what}")
    # 408 and 429 are client errors that say "later", not "never".
    if 400 <= status < 500 and status not in _RETRY_LATER:
        return Rejected(system, f"HTTP {status}{f' ({reason})' if reason else ''}: {what}")
    return Unavailable(system, f"HTTP {status}: {what}")


def problem_title(response: httpx.Response) -> str:
    """The title of an RFC 9457 problem answer ("SHA-256 mismatch": which check
    failed), shortened for a log line; "" without one. Never the detail, which may
    quote what was sent."""
    try:
        data = response.json()
    except ValueError:
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    return title[:120] if isinstance(title, str) else ""


def json_object(data: object) -> dict[str, object]:
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    return data


def json_list(data: object) -> list[object]:
    if not isinstance(data, list):
        raise TypeError("not a JSON list")
    return data


# -- reading an answer: each raises TypeError or ValueError for a value of the wrong
# shape, which `call_json` turns into Unavailable. `fields` is a JSON object.

def list_of(key: str, parse: Callable[[object], T]) -> Callable[[object], list[T]]:
    """The parser of `{key: [item, ...]}`: `[parse(item), ...]`."""
    def parse_all(data: object) -> list[T]:
        return [parse(item) for item in json_list(json_object(data)[key])]

    return parse_all


def optional(fields: Mapping[str, object], key: str,
             parse: Callable[[Mapping[str, object], str], T]) -> T | None:
    """None for a null `key` (which must be there), else `parse(fields, key)`."""
    return None if fields[key] is None else parse(fields, key)


def text(fields: Mapping[str, object], key: str, *, empty: bool = True) -> str:
    value = fields[key]
    if not isinstance(value, str) or not (empty or value):
        raise TypeError(f"{key} is not text")
    return value


def texts(fields: Mapping[str, object], key: str) -> tuple[str, ...]:
    values = json_list(fields[key])
    if not all(isinstance(value, str) for value in values):
        raise TypeError(f"{key} are not all text")
    return tuple(str(value) for value in values)


def whole_number(fields: Mapping[str, object], key: str, *, least: int = 0) -> int:
    value = fields[key]
    # bool is an int in Python, but `true` is no number.
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise TypeError(f"{key} is not a whole number from {least}")
    return value


def day(fields: Mapping[str, object], key: str) -> date:
    """An ISO date, "2026-11-23"."""
    return date.fromisoformat(text(fields, key))


def moment(fields: Mapping[str, object], key: str) -> datetime:
    """An ISO 8601 time with its zone ("Z" for UTC), in UTC."""
    found = datetime.fromisoformat(text(fields, key).replace("Z", "+00:00"))
    if found.tzinfo is None:
        raise ValueError(f"{key} is a time without its zone")
    return found.astimezone(UTC)


class JsonGateway:
    """An HTTP adapter of one JSON gateway at `base_url`: its calls go through
    `call_json`, with the subclass' `system`, timeout and 404 rule."""

    system: ClassVar[str]
    default_timeout: ClassVar[httpx.Timeout | None] = None
    """None: the client's own."""
    not_found_means_no_record: ClassVar[bool] = True

    def __init__(self, client: httpx.AsyncClient, base_url: str,
                 timeout: httpx.Timeout | None = None) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout or self.default_timeout

    async def _ask(self, method: str, path: str, parse: Callable[[object], T], *,
                   json: Mapping[str, Any] | None = None,
                   params: Mapping[str, str] | None = None, what: str = "") -> T:
        # `what` (by default the method and `path`) is in error messages: it must
        # hold no personal data.
        return await call_json(self._client, self.system, method, self._base_url + path, parse,
                               what=what or f"{method} {path}", json=json, params=params,
                               request_timeout=self._timeout,
                               not_found_means_no_record=self.not_found_means_no_record)


class PageGateway(JsonGateway):
    """A gateway asked while a person waits for a page: better a clear "unavailable"
    soon than a spinner, so a short timeout; and every answer that means "none" is
    a 200, so a 404 is a wrong address (Rejected)."""

    default_timeout = httpx.Timeout(8.0, connect=3.0)
    not_found_means_no_record = False
