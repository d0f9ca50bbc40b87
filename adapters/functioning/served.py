"""The functioning database's gateway as the fake back office serves it (see
`http.py` for the wire).

    POST /vaivari/persons/recommendation

It answers from a `FakeFunctioningDatabase` (the demo people by default).
`POST /control/fail {"system": "functioning", "mode": "error"}` on the fake back
office makes it answer 503.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.errors import AdapterError
from adapters.functioning.base import SYSTEM, Recommendation
from adapters.functioning.fake import FakeFunctioningDatabase

PREFIX = "/vaivari"
_PERSONAL_CODE = re.compile(r"[0-9]{6}-?[0-9]{5}")


def _problem(status: int, title: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status},
                        status_code=status, media_type="application/problem+json")


def _told_to_fail(request: Request) -> bool:
    backoffice = getattr(request.app.state, "backoffice", None)
    return backoffice is not None and backoffice.mode(SYSTEM)[0] == "error"


def recommendation_as_json(item: Recommendation | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"assessed_on": item.assessed_on.isoformat(), "specialist": item.specialist,
            "institution": item.institution, "recommended_groups": list(item.recommended_groups)}


def functioning_routes(database: FakeFunctioningDatabase | None = None) -> list[Route]:
    source = database if database is not None else FakeFunctioningDatabase()

    async def recommendation(request: Request) -> Response:
        if _told_to_fail(request):
            return _problem(503, "Functioning database unavailable (told to fail)")
        try:
            code = str((await request.json())["personal_code"])
        except (ValueError, TypeError, KeyError):
            return _problem(400, "Expected {\"personal_code\"}")
        if not _PERSONAL_CODE.fullmatch(code):
            return _problem(400, "A personal code is DDMMYY-NNNNN")
        try:
            found = await source.latest_recommendation(code)
        except AdapterError as error:
            return _problem(503, error.message)
        return JSONResponse({"recommendation": recommendation_as_json(found)})

    return [Route(f"{PREFIX}/persons/recommendation", recommendation, methods=["POST"])]
