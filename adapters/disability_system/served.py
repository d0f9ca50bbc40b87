"""VDEĀVK's gateway as the fake back office serves it (see `http.py` for the wire).

    POST /vdeavk/persons/disability

It answers from a `FakeDisabilitySystem` (the demo people by default), so the
portal's `HttpDisabilitySystem` sees over real HTTP what the fake gives
in-process. `POST /control/fail {"system": "disability_system", "mode": "error"}`
on the fake back office makes it answer 503.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.disability_system.base import SYSTEM, DisabilityStatus
from adapters.disability_system.fake import FakeDisabilitySystem
from adapters.errors import AdapterError

PREFIX = "/vdeavk"
_PERSONAL_CODE = re.compile(r"[0-9]{6}-?[0-9]{5}")


def _problem(status: int, title: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status},
                        status_code=status, media_type="application/problem+json")


def _told_to_fail(request: Request) -> bool:
    backoffice = getattr(request.app.state, "backoffice", None)
    return backoffice is not None and backoffice.mode(SYSTEM)[0] == "error"


def status_as_json(status: DisabilityStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"group": status.group.value, "valid_from": status.valid_from.isoformat(),
            "valid_until": status.valid_until.isoformat() if status.valid_until else None,
            "decision_number": status.decision_number}


def disability_routes(system: FakeDisabilitySystem | None = None) -> list[Route]:
    source = system if system is not None else FakeDisabilitySystem()

    async def disability(request: Request) -> Response:
        if _told_to_fail(request):
            return _problem(503, "VDEĀVK unavailable (told to fail)")
        try:
            body = await request.json()
            code, on = str(body["personal_code"]), date.fromisoformat(str(body["on"]))
        except (ValueError, TypeError, KeyError):
            return _problem(400, "Expected {\"personal_code\", \"on\"}")
        if not _PERSONAL_CODE.fullmatch(code):
            return _problem(400, "A personal code is DDMMYY-NNNNN")
        try:
            found = await source.disability_status(code, on=on)
        except AdapterError as error:
            return _problem(503, error.message)
        return JSONResponse({"disability": status_as_json(found)})

    return [Route(f"{PREFIX}/persons/disability", disability, methods=["POST"])]
