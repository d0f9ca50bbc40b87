"""Security headers on every response."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.response_headers import raw_headers

# No inline scripts or styles anywhere: every script is a file under /static.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def security_headers(*, hsts: bool, extra_img_src: str = "") -> dict[str, str]:
    csp = CONTENT_SECURITY_POLICY
    if extra_img_src:  # a map tile server, when one is configured
        csp = csp.replace("img-src 'self' data:", f"img-src 'self' data: {extra_img_src}")
    headers = {
        "content-security-policy": csp,
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "permissions-policy": "camera=(), microphone=(), geolocation=(self)",
        "cross-origin-opener-policy": "same-origin",
    }
    if hsts:
        headers["strict-transport-security"] = "max-age=63072000; includeSubDomains"
    return headers


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool, extra_img_src: str = "") -> None:
        self.app = app
        self.headers = [(name.encode(), value.encode()) for name, value in
                        security_headers(hsts=hsts, extra_img_src=extra_img_src).items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = raw_headers(message)
                present = {name for name, _ in headers}  # a page may set its own
                headers.extend(pair for pair in self.headers if pair[0] not in present)
            await send(message)

        await self.app(scope, receive, send_with_headers)
