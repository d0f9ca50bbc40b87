"""Editing a response's headers in its `http.response.start` message, for middleware.

Starlette's `MutableHeaders` copies and re-scans the whole list for each
operation, and every page passes through several middleware that each add a
header or two; these helpers work on the message's list of `(name, value)` byte
pairs directly. Names are lower-case, as ASGI requires of responses.
"""

from __future__ import annotations

from starlette.types import Message

RawHeaders = list[tuple[bytes, bytes]]


def raw_headers(message: Message) -> RawHeaders:
    """The message's headers as a list that may be changed in place."""
    headers = message.get("headers")
    if type(headers) is not list:
        headers = message["headers"] = [(bytes(k), bytes(v)) for k, v in headers or ()]
    return headers


def header_value(headers: RawHeaders, name: bytes) -> bytes | None:
    for key, value in headers:
        if key == name:
            return value
    return None


def set_header(headers: RawHeaders, name: bytes, value: bytes) -> None:
    """Replace every `name` header with one of `value`."""
    headers[:] = [pair for pair in headers if pair[0] != name]
    headers.append((name, value))
