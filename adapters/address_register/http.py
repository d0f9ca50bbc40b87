"""The State Address Register over HTTP, through its JSON gateway.

The gateway interface (ours, documented here; all bodies are UTF-8 JSON):

    GET {base}/addresses?q=brivibas+10&limit=10
        200  {"addresses": [<address>, ...]}     best first; [] when nothing matches
    GET {base}/addresses/{code}
        200  <address>
    GET {base}/addresses/nearest?lat=56.95&lon=24.11&within=2000
        200  <address>                           the closest within `within` metres

    <address> = {
        "code": "105010123",                     nine digits
        "text": "Brīvības iela 101 - 12, Rīga, LV-1001",
        "postal_code": "LV-1001",
        "wgs84": {"lat": 56.9588, "lon": 24.1241},
        "lks92": {"x": 312345.67, "y": 507123.45}    x northing, y easting (EPSG:3059)
    }

Addresses are public register data, so they travel in query strings, unlike
personal codes. Answers are translated into `adapters.errors` as every adapter
does: 404 NotFound; other 4xx except 408 and 429 Rejected; 408, 429, 5xx,
connection errors, timeouts and bodies not of the shape above Unavailable.
"""

from __future__ import annotations

import re
from typing import Final

import httpx

from adapters.address_register.base import (
    DEFAULT_LIMIT,
    DEFAULT_NEAREST_METRES,
    SYSTEM,
    Lks92Point,
    RegisterAddress,
    Wgs84Point,
)
from adapters.errors import NotFound
from adapters.gateway import JsonGateway, json_object, list_of, text

_CODE: Final = re.compile(r"[0-9]{9}")


class HttpAddressRegister(JsonGateway):
    system = SYSTEM
    # Autocomplete waits on this: a register slower than a few seconds is no help.
    default_timeout = httpx.Timeout(5.0, connect=2.0)

    async def search(self, text: str, *, limit: int = DEFAULT_LIMIT) -> list[RegisterAddress]:
        if not text.strip():
            return []
        params = {"q": text, "limit": str(limit)}
        return await self._ask("GET", "/addresses", list_of("addresses", _address), params=params)

    async def get(self, code: str) -> RegisterAddress:
        code = code.strip()
        if not _CODE.fullmatch(code):  # nothing else can be a code; and it goes into the path
            raise NotFound(SYSTEM, "not an address code")
        return await self._ask("GET", f"/addresses/{code}", _address, params={})

    async def nearest(
        self, point: Wgs84Point, *, within_metres: float = DEFAULT_NEAREST_METRES
    ) -> RegisterAddress:
        params = {"lat": f"{point.lat:.7f}", "lon": f"{point.lon:.7f}",
                  "within": f"{within_metres:g}"}
        return await self._ask("GET", "/addresses/nearest", _address, params=params)


def address_json(address: RegisterAddress) -> dict[str, object]:
    """An address in the gateway's shape (the inverse of `_address`; used by stand-ins)."""
    return {
        "code": address.code,
        "text": address.text,
        "postal_code": address.postal_code,
        "wgs84": {"lat": address.wgs84.lat, "lon": address.wgs84.lon},
        "lks92": {"x": address.lks92.x, "y": address.lks92.y},
    }


def _address(data: object) -> RegisterAddress:
    fields = json_object(data)
    code = text(fields, "code")
    if not _CODE.fullmatch(code):
        raise ValueError("code is not nine digits")
    wgs84, lks92 = json_object(fields["wgs84"]), json_object(fields["lks92"])
    return RegisterAddress(
        code=code,
        text=text(fields, "text"),
        postal_code=text(fields, "postal_code"),
        wgs84=Wgs84Point(lat=_number(wgs84, "lat"), lon=_number(wgs84, "lon")),
        lks92=Lks92Point(x=_number(lks92, "x"), y=_number(lks92, "y")),
    )



def _number(fields: dict[str, object], key: str) -> float:
    value = fields[key]
    # bool is an int in Python, but `true` is no coordinate.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{key} is not a number")
    return float(value)
