"""Checks, at the start of every request, whom the signed-in person acts for.

Runs inside `DatabaseSessionMiddleware` (it reads the mandates table with the
request's session) and after `WebSessionMiddleware` (it reads the choice from
the web session). Static files and health checks are left alone.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from portal.representation.rights import representation

SKIPPED_PREFIXES = ("/static/", "/healthz", "/readyz", "/api/", "/dev-idp/")


class RepresentationMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(SKIPPED_PREFIXES):
            await representation(Request(scope, receive))
        await self.app(scope, receive, send)
