"""Protection against cross-site request forgery, for every state-changing request.

Signed double-submit token (OWASP): the browser gets a random nonce in an
HttpOnly cookie, and every form carries HMAC(secret, nonce) in a hidden
`csrf_token` field. Only a page served by this portal can know the HMAC, and the
nonce is replaced at each login so a planted cookie is useless. No server state is
needed, so anonymous visitors cost no database write.

The token is read without consuming the request for the view:
- `application/x-www-form-urlencoded` bodies are small; they are buffered (up to
  `MAX_URLENCODED_BYTES`) and replayed;
- `multipart/form-data` bodies may be hundreds of megabytes, so only the first
  part is read: our form macro always emits `csrf_token` as the first field, and
  the bytes peeked are replayed before the rest of the stream;
- other clients can send the `X-CSRF-Token` header.
Machine-to-machine endpoints that authenticate by signed tokens, not cookies,
are exempt by path prefix.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from contextvars import ContextVar
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.response_headers import raw_headers
from portal.settings import Settings
from portal.web_sessions import cookie_header, read_cookie

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FIELD_NAME = "csrf_token"
HEADER_NAME = b"x-csrf-token"
MAX_URLENCODED_BYTES = 2 * 1024 * 1024
MAX_MULTIPART_PEEK_BYTES = 64 * 1024
_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_FIRST_PART_RE = re.compile(
    rb"^--(?P<boundary>[^\r\n]{1,200})\r\n"
    rb'Content-Disposition: form-data; name="csrf_token"\r\n'
    rb"(?:[^\r\n]+\r\n)*\r\n(?P<value>[A-Za-z0-9_=-]{1,200})\r\n--",
    re.IGNORECASE,
)


# The token of the request being served, for the form macro (which has no request).
_current_token: ContextVar[str] = ContextVar("csrf_token", default="")


def current_token() -> str:
    return _current_token.get()


def csrf_cookie_name(settings: Settings) -> str:
    return "__Host-portal-csrf" if settings.secure_cookies else "portal-csrf"


def token_for(nonce: str, secret_key: str) -> str:
    digest = hmac.digest(secret_key.encode(), b"csrf:" + nonce.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


class CsrfRejected(Exception):
    """The request's token is missing or wrong; answered with the 403 page."""


class CsrfMiddleware:
    def __init__(self, app: ASGIApp, exempt_prefixes: Sequence[str] = ()) -> None:
        self.app = app
        self.exempt_prefixes = tuple(exempt_prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings: Settings = scope["app"].state.settings
        name = csrf_cookie_name(settings)
        nonce = read_cookie(scope, name)
        set_cookie = nonce is None or not _NONCE_RE.match(nonce)
        if set_cookie:
            nonce = new_nonce()
        assert nonce is not None
        expected = token_for(nonce, settings.secret_key)
        scope["csrf_token"] = expected
        _current_token.set(expected)
        scope["csrf_rotate"] = False

        if scope["method"] not in SAFE_METHODS and not scope["path"].startswith(
            self.exempt_prefixes
        ):
            try:
                receive = await self._check(scope, receive, expected)
            except CsrfRejected:
                from portal.pages.errors import send_error_page

                await send_error_page(scope, send, 403)
                return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and (set_cookie or scope["csrf_rotate"]):
                value = new_nonce() if scope["csrf_rotate"] else nonce
                raw_headers(message).append(
                    (b"set-cookie", cookie_header(name, value, settings).encode("latin-1")))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _check(self, scope: Scope, receive: Receive, expected: str) -> Receive:
        headers = dict(scope["headers"])
        header_token = headers.get(HEADER_NAME)
        if header_token is not None:
            _verify(header_token.decode("latin-1"), expected)
            return receive
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if content_type == b"application/x-www-form-urlencoded":
            body, more = await _read_up_to(receive, MAX_URLENCODED_BYTES)
            if more:
                raise CsrfRejected
            values = parse_qs(body.decode("latin-1")).get(FIELD_NAME, [])
            _verify(values[0] if values else "", expected)
            return _replay([body], receive, finished=True)
        if content_type == b"multipart/form-data":
            peeked: list[bytes] = []
            buffer = b""
            more = True
            while more and len(buffer) < MAX_MULTIPART_PEEK_BYTES and buffer.count(b"\r\n--") < 1:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise CsrfRejected
                chunk = message.get("body", b"")
                more = message.get("more_body", False)
                peeked.append(chunk)
                buffer += chunk
            match = _FIRST_PART_RE.match(buffer)
            _verify(match.group("value").decode() if match else "", expected)
            return _replay(peeked, receive, finished=not more)
        raise CsrfRejected


def _verify(given: str, expected: str) -> None:
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfRejected


async def _read_up_to(receive: Receive, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise CsrfRejected
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        more = message.get("more_body", False)
        if size > limit:
            return b"".join(chunks), True
    return b"".join(chunks), False


def _replay(chunks: list[bytes], receive: Receive, *, finished: bool) -> Receive:
    """A `receive` that first yields the bytes already read, then the rest of the stream."""
    pending = list(chunks)

    async def replay() -> Message:
        if pending:
            body = pending.pop(0)
            return {
                "type": "http.request",
                "body": body,
                "more_body": bool(pending) or not finished,
            }
        # After the body the server's own `receive` waits for the disconnect.
        return await receive()

    return replay
