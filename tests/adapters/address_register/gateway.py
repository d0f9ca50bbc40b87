"""A stand-in for the register's JSON gateway, serving a fake register over HTTP in the
shape `adapters.address_register.http` documents, so the real httpx code runs end to end."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.address_register.base import Wgs84Point
from adapters.address_register.fake import FakeAddressRegister
from adapters.address_register.http import address_json
from adapters.errors import NotFound


def gateway(register: FakeAddressRegister) -> Starlette:
    async def search(request: Request) -> JSONResponse:
        found = await register.search(request.query_params["q"],
                                      limit=int(request.query_params["limit"]))
        return JSONResponse({"addresses": [address_json(a) for a in found]})

    async def nearest(request: Request) -> JSONResponse:
        point = Wgs84Point(float(request.query_params["lat"]), float(request.query_params["lon"]))
        try:
            found = await register.nearest(point,
                                           within_metres=float(request.query_params["within"]))
        except NotFound:
            return JSONResponse({"detail": "none near"}, status_code=404)
        return JSONResponse(address_json(found))

    async def by_code(request: Request) -> JSONResponse:
        try:
            found = await register.get(request.path_params["code"])
        except NotFound:
            return JSONResponse({"detail": "no such address"}, status_code=404)
        return JSONResponse(address_json(found))

    return Starlette(routes=[
        Route("/var/addresses", search),
        Route("/var/addresses/nearest", nearest),
        Route("/var/addresses/{code}", by_code),
    ])
