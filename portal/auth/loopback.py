"""In tests, the relying party reaches the built-in provider without a network.

ASGI tests have no server listening on `base_url`, so the shared HTTP client
sends requests for the portal's own origin straight to the app. The relying
party still makes real HTTP requests through httpx; only the transport differs.
The demo, served by uvicorn, uses the network like production does.
"""

from __future__ import annotations

import asyncio

import httpx
from starlette.types import ASGIApp

from portal.settings import Settings


class InProcessTransport(httpx.ASGITransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # A task of its own: the inner request sets context variables (language,
        # CSRF token) that must not leak into the request that is making the call.
        return await asyncio.create_task(super().handle_async_request(request))


def self_call_mounts(app: ASGIApp, settings: Settings) -> dict[str, httpx.AsyncBaseTransport]:
    if settings.environment != "test" or not settings.dev_login_enabled:
        return {}
    origin = httpx.URL(settings.base_url).copy_with(path="/", query=None, fragment=None)
    # An error in the provider's view becomes a 500 answer, as it would over a network.
    return {str(origin).rstrip("/"): InProcessTransport(app=app, raise_app_exceptions=False)}
