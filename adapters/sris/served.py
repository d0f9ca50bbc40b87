"""SRIS' queue endpoint as the fake back office serves it (see `http.py` for the wire).

    POST /siva/sris/queue-places/search   {"personal_code": "..."}

It answers from a `FakeSris` (the demo people's applications by default), so the
portal's `HttpSris` sees over real HTTP what `FakeSris` gives in-process. When
the fake back office was told to fail for SIVA (`POST /control/fail` with
"system": "siva"), this fails too; so does a `FakeSris` told to fail.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.errors import Rejected, Unavailable
from adapters.sris.fake import FakeSris
from adapters.sris.http import place_json

PREFIX = "/siva/sris"
_PERSONAL_CODE = re.compile(r"\d{6}-\d{5}")


def _problem(status: int, title: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status},
                        status_code=status, media_type="application/problem+json")


def sris_routes(sris: FakeSris | None = None) -> list[Route]:
    source = sris if sris is not None else FakeSris()

    async def search(request: Request) -> Response:
        backoffice = getattr(request.app.state, "backoffice", None)
        if backoffice is not None and backoffice.mode("siva")[0] == "error":
            return _problem(503, "SRIS unavailable (told to fail)")
        try:
            body = await request.json()
            personal_code = body["personal_code"]
        except (ValueError, TypeError, KeyError):
            return _problem(400, 'Expected {"personal_code": "DDMMYY-NNNNN"}')
        if not isinstance(personal_code, str) or not _PERSONAL_CODE.fullmatch(personal_code):
            return _problem(400, "A personal code is DDMMYY-NNNNN")
        try:
            found = await source.queue_places(personal_code)
        except Rejected as error:
            return _problem(422, error.message)
        except Unavailable as error:
            return _problem(503, error.message)
        return JSONResponse({"queue_places": [place_json(p) for p in found]})

    return [Route(f"{PREFIX}/queue-places/search", search, methods=["POST"])]
