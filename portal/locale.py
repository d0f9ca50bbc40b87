"""Which language a request is served in: the switch's cookie, else Accept-Language."""

from __future__ import annotations

from babel import negotiate_locale
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from i18n.catalogs import DEFAULT_LOCALE, LOCALES, reset_locale, set_locale
from portal.response_headers import header_value, raw_headers, set_header
from portal.web_sessions import read_cookie

LOCALE_COOKIE = "portal-lang"
# The page differs by the language cookie and, on a first visit, by Accept-Language.
VARY = b"Cookie, Accept-Language"


def parse_accept_language(header: str) -> list[str]:
    """Language tags in order of preference (q-values honoured, malformed parts skipped)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*":
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if quality > 0:
            weighted.append((-quality, position, tag.replace("-", "_")))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(scope: Scope) -> str:
    chosen = read_cookie(scope, LOCALE_COOKIE)
    if chosen in LOCALES:
        return chosen
    for key, value in scope.get("headers", []):
        if key == b"accept-language":
            preferred = parse_accept_language(value.decode("latin-1"))
            return negotiate_locale(preferred, list(LOCALES), sep="_") or DEFAULT_LOCALE
    return DEFAULT_LOCALE


class LocaleMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        locale = negotiate(scope)
        scope["locale"] = locale

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = raw_headers(message)
                if header_value(headers, b"content-language") is None:
                    headers.append((b"content-language", locale.encode()))
                vary = header_value(headers, b"vary")
                set_header(headers, b"vary", vary + b", " + VARY if vary else VARY)
            await send(message)

        token = set_locale(locale)
        try:
            await self.app(scope, receive, send_with_language)
        finally:
            reset_locale(token)
