"""JSON endpoints for the address field's scripts (the forms work without them).

    GET /address/search?q=brivibas+10      {"addresses": [<address>, ...]}
    GET /address/nearest?lat=..&lon=..     {"address": <address> | null}

    <address> = {"code", "text", "lat", "lon"}: what the scripts show and keep;
    the server looks the code up again when the form is posted, so nothing here
    is trusted later.

Register addresses are public data (VZD publishes them as open data), so the
endpoints need no sign-in. When the register is down they answer 503 and the
scripts say so; the text box still works.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.address_register.base import AddressRegister, RegisterAddress, Wgs84Point
from adapters.address_register.coordinates import in_latvia
from adapters.errors import AdapterError, NotFound

# Fewer characters than this match half the register; the scripts wait for more.
MIN_QUERY = 2
MAX_QUERY = 200
RESULTS = 8
# Answers change only when the register does; a short private cache spares the
# register the same question while a person edits the text back and forth.
CACHE = {"cache-control": "private, max-age=300"}


def address_field_routes() -> list[Route]:
    return [
        Route("/address/search", search, name="address_search"),
        Route("/address/nearest", nearest, name="address_nearest"),
    ]


def _register(request: Request) -> AddressRegister:
    register: AddressRegister = request.app.state.adapters.address_register
    return register


def _json(address: RegisterAddress) -> dict[str, object]:
    return {"code": address.code, "text": address.text,
            "lat": address.wgs84.lat, "lon": address.wgs84.lon}


async def search(request: Request) -> JSONResponse:
    text = request.query_params.get("q", "").strip()[:MAX_QUERY]
    if len(text) < MIN_QUERY:
        return JSONResponse({"addresses": []}, headers=CACHE)
    try:
        found = await _register(request).search(text, limit=RESULTS)
    except AdapterError:
        return JSONResponse({"addresses": [], "unavailable": True}, status_code=503)
    return JSONResponse({"addresses": [_json(a) for a in found]}, headers=CACHE)


async def nearest(request: Request) -> JSONResponse:
    try:
        point = Wgs84Point(lat=float(request.query_params["lat"]),
                           lon=float(request.query_params["lon"]))
    except (KeyError, ValueError):
        return JSONResponse({"error": "lat and lon must be numbers"}, status_code=400)
    if not in_latvia(point):  # also refuses NaN and infinities
        return JSONResponse({"address": None}, headers=CACHE)
    try:
        found = await _register(request).nearest(point)
    except NotFound:
        return JSONResponse({"address": None}, headers=CACHE)
    except AdapterError:
        return JSONResponse({"address": None, "unavailable": True}, status_code=503)
    return JSONResponse({"address": _json(found)}, headers=CACHE)
