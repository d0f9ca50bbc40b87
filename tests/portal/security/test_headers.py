from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from portal.app import create_app
from portal.settings import Settings

pytestmark = pytest.mark.anyio


async def test_strict_headers_on_every_page(client: httpx.AsyncClient) -> None:
    for path in ("/", "/no-such-page", "/static/css/portal.css", "/healthz"):
        headers = (await client.get(path)).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "strict-transport-security" not in headers  # the test settings are not `serve`


async def test_hsts_under_production_settings(settings: Settings) -> None:
    app: Starlette = create_app(settings.replace(hsts=True))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://testserver"
    ) as http:
        response = await http.get("/")
    assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_no_inline_script_or_style_in_pages(client: httpx.AsyncClient) -> None:
    for path in ("/", "/accessibility", "/privacy", "/accessibility/feedback"):
        text = (await client.get(path)).text
        assert "<script>" not in text and " style=" not in text and "<style" not in text
