"""SOPA's gateway as the fake back office serves it (see `http.py` for the wire).

    POST /sopa/persons/income-status

It answers from a `FakeSocialAssistance` (the demo people by default).
`POST /control/fail {"system": "social_assistance", "mode": "error"}` on the fake
back office makes it answer 503.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.errors import AdapterError
from adapters.social_assistance.base import SYSTEM, IncomeStatus
from adapters.social_assistance.fake import FakeSocialAssistance

PREFIX = "/sopa"
_PERSONAL_CODE = re.compile(r"[0-9]{6}-?[0-9]{5}")


def _problem(status: int, title: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status},
                        status_code=status, media_type="application/problem+json")


def _told_to_fail(request: Request) -> bool:
    backoffice = getattr(request.app.state, "backoffice", None)
    return backoffice is not None and backoffice.mode(SYSTEM)[0] == "error"


def status_as_json(status: IncomeStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"kind": status.kind.value, "municipality": status.municipality,
            "valid_from": status.valid_from.isoformat(),
            "valid_until": status.valid_until.isoformat()}


def social_assistance_routes(system: FakeSocialAssistance | None = None) -> list[Route]:
    source = system if system is not None else FakeSocialAssistance()

    async def income_status(request: Request) -> Response:
        if _told_to_fail(request):
            return _problem(503, "SOPA unavailable (told to fail)")
        try:
            body = await request.json()
            code, on = str(body["personal_code"]), date.fromisoformat(str(body["on"]))
        except (ValueError, TypeError, KeyError):
            return _problem(400, "Expected {\"personal_code\", \"on\"}")
        if not _PERSONAL_CODE.fullmatch(code):
            return _problem(400, "A personal code is DDMMYY-NNNNN")
        try:
            found = await source.income_status(code, on=on)
        except AdapterError as error:
            return _problem(503, error.message)
        return JSONResponse({"status": status_as_json(found)})

    return [Route(f"{PREFIX}/persons/income-status", income_status, methods=["POST"])]
