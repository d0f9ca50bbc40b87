"""SRIS' queue endpoint as the fake back office serves it (see `http.py` for the wire).

    POST /siva/sris/queue-places/search   {"personal_code": "..."}

It answers from a `FakeSris` (the demo people's applications by default), so the
portal's `HttpSris` sees over real HTTP what `FakeSris` gives in-process. When
the fake back office was told to fail for SIVA (`POST /control/fail` with
"system": "siva"), this fails too; so does a `FakeSris` told to fail.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.errors import Rejected, Unavailable
from adapters.served import PERSONAL_CODE, problem, told_to_fail
from adapters.sris.fake import FakeSris
from adapters.sris.http import place_json

PREFIX = "/siva/sris"


def sris_routes(sris: FakeSris | None = None) -> list[Route]:
    source = sris if sris is not None else FakeSris()

    async def search(request: Request) -> Response:
        if told_to_fail(request, "siva"):
            return problem(503, "SRIS unavailable (told to fail)")
        try:
            body = await request.json()
            personal_code = body["personal_code"]
        except (ValueError, TypeError, KeyError):
            return problem(400, 'Expected {"personal_code": "DDMMYY-NNNNN"}')
        if not isinstance(personal_code, str) or not PERSONAL_CODE.fullmatch(personal_code):
            return problem(400, "A personal code is DDMMYY-NNNNN")
        try:
            found = await source.queue_places(personal_code)
        except Rejected as error:
            return problem(422, error.message)
        except Unavailable as error:
            return problem(503, error.message)
        return JSONResponse({"queue_places": [place_json(p) for p in found]})

    return [Route(f"{PREFIX}/queue-places/search", search, methods=["POST"])]
