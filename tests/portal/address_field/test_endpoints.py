"""The JSON endpoints the scripts call, and what the app does with the tile setting."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from starlette.applications import Starlette

from adapters.address_register.base import Wgs84Point
from adapters.errors import Unavailable
from portal.address_field.config import tile_origin
from portal.app import create_app
from portal.settings import Settings

pytestmark = pytest.mark.anyio


async def test_search(client: httpx.AsyncClient) -> None:
    response = await client.get("/address/search", params={"q": "gertrudes 10"})
    assert response.status_code == 200
    first = response.json()["addresses"][0]
    assert first["text"] == "Ģertrūdes iela 10, Rīga, LV-1010"
    assert set(first) == {"code", "text", "lat", "lon"}
    assert "private" in response.headers["cache-control"]


async def test_search_waits_for_two_characters(client: httpx.AsyncClient) -> None:
    assert (await client.get("/address/search", params={"q": "b"})).json() == {"addresses": []}


async def test_nearest(client: httpx.AsyncClient) -> None:
    response = await client.get("/address/nearest", params={"lat": "56.6511", "lon": "23.7214"})
    assert "Jelgava" in response.json()["address"]["text"]
    far = await client.get("/address/nearest", params={"lat": "57.3", "lon": "23.9"})
    assert far.json() == {"address": None}
    abroad = await client.get("/address/nearest", params={"lat": "nan", "lon": "24"})
    assert abroad.json() == {"address": None}
    bad = await client.get("/address/nearest", params={"lat": "north"})
    assert bad.status_code == 400


class DownRegister:
    async def search(self, text: str, *, limit: int = 10) -> list[object]:
        raise Unavailable("address_register", "down")

    async def get(self, code: str) -> object:
        raise Unavailable("address_register", "down")

    async def nearest(self, point: Wgs84Point, *, within_metres: float = 0) -> object:
        raise Unavailable("address_register", "down")


async def test_register_down(app: Starlette, client: httpx.AsyncClient) -> None:
    app.state.adapters = dataclasses.replace(app.state.adapters, address_register=DownRegister())
    search = await client.get("/address/search", params={"q": "brivibas"})
    assert search.status_code == 503 and search.json()["unavailable"] is True
    nearest = await client.get("/address/nearest", params={"lat": "56.95", "lon": "24.1"})
    assert nearest.status_code == 503


def test_tile_origin() -> None:
    assert tile_origin("") == ""
    assert tile_origin("https://tiles.example.lv/{z}/{x}/{y}.png") == "https://tiles.example.lv"
    assert tile_origin("https://{s}.tiles.example.lv/{z}/{x}/{y}.png") == \
        "https://*.tiles.example.lv"
    with pytest.raises(ValueError, match="map_tile_url"):
        tile_origin("javascript:alert(1)")
    with pytest.raises(ValueError, match="placeholder"):
        tile_origin("https://{z}.example.lv/{x}/{y}.png")


async def test_a_tile_server_is_allowed_by_the_csp(settings: Settings) -> None:
    tiled = dataclasses.replace(settings, map_tile_url="https://{s}.tiles.example.lv/{z}/{x}/{y}.png")
    app = create_app(tiled)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        csp = (await http.get("/healthz")).headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tiles.example.lv" in csp


async def test_without_tiles_the_csp_is_unchanged(client: httpx.AsyncClient) -> None:
    csp = (await client.get("/healthz")).headers["content-security-policy"]
    assert "img-src 'self' data:;" in csp
