"""The fake service platform over real HTTP: the receiving side of `http.py`.

A small Starlette app around one `FakeServicePlatform`, for the HTTP adapter's
contract tests and for the demo (the fake back office can mount it):

    PUT  /usage-reports/{service}/{day}   receive a day (see adapters/service_platform/http.py)
    GET  /usage-reports                   what it holds: every accepted revision
    POST /control/fail  {"mode": "ok"|"error"|"reject"}   make it fail, or heal it
"""

from __future__ import annotations

import re
from datetime import date

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.errors import Rejected, Unavailable
from adapters.served import problem
from adapters.service_platform.base import SYSTEM, UsageReport
from adapters.service_platform.fake import FakeServicePlatform

_SERVICE = re.compile(r"[a-z0-9_]{1,50}")


def _parse(request_service: str, request_day: str, body: object) -> UsageReport | None:
    if not isinstance(body, dict) or not _SERVICE.fullmatch(request_service):
        return None
    try:
        day = date.fromisoformat(request_day)
    except ValueError:
        return None
    revision, figures = body.get("revision"), body.get("figures")
    if (body.get("service") != request_service or body.get("day") != request_day
            or not isinstance(revision, int) or revision < 1 or not isinstance(figures, dict)):
        return None
    return UsageReport(service=request_service, day=day, revision=revision, figures=figures)


def create_fake_service_platform(platform: FakeServicePlatform | None = None) -> Starlette:
    platform = platform if platform is not None else FakeServicePlatform()

    async def receive(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = None
        report = _parse(request.path_params["service"], request.path_params["day"], body)
        if report is None:
            return problem(400, "Malformed usage report")
        try:
            receipt = await platform.publish(report)
        except Unavailable:
            return problem(503, "The platform is down (told to fail)")
        except Rejected as exc:
            return problem(409, exc.message)
        status = 200 if receipt.replaced or receipt.already_held else 201
        return JSONResponse({"id": receipt.platform_id, "replaced": receipt.replaced,
                             "already_held": receipt.already_held}, status_code=status)

    async def listing(request: Request) -> Response:
        return JSONResponse({"reports": [
            {"service": r.service, "day": r.day.isoformat(), "revision": r.revision,
             "figures": dict(r.figures)}
            for r in sorted(platform.accepted, key=lambda r: (r.service, r.day, r.revision))
        ]})

    async def control_fail(request: Request) -> Response:
        mode = (await request.json()).get("mode")
        if mode == "ok":
            platform.fail(None)
        elif mode == "error":
            platform.fail(Unavailable(SYSTEM, "told to fail"))
        elif mode == "reject":
            platform.fail(Rejected(SYSTEM, "told to reject"))
        else:
            return problem(400, "mode must be ok, error or reject")
        return JSONResponse({"mode": mode})

    app = Starlette(routes=[
        Route("/usage-reports/{service}/{day}", receive, methods=["PUT"]),
        Route("/usage-reports", listing, methods=["GET"]),
        Route("/control/fail", control_fail, methods=["POST"]),
    ])
    app.state.platform = platform
    return app
