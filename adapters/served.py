"""What the fake systems' HTTP endpoints share (the `served.py` modules, SPOLIS'
`aids_served.py`, the service platform's `receiver.py` and the fake back office).

    problem(status, title)     an RFC 9457 problem answer (a detail only when given)
    told_to_fail(request, s)   the fake back office was told to fail system `s`
                               (`POST /control/fail`); False outside the back office
    PERSONAL_CODE              what a served fake takes for a personal code:
                               11 ASCII digits, the hyphen after the sixth optional
    person_route(...)          a registry's question about one person:
    dated_person_route(...)    POST {"personal_code": ...[, "on": "YYYY-MM-DD"]}
    fail_switch(...)           POST /control/fail {"mode": "ok"|"error"} of a fake
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.errors import AdapterError
from adapters.fakes import Breakable

PERSONAL_CODE = re.compile(r"[0-9]{6}-?[0-9]{5}")

T = TypeVar("T")
Json = dict[str, Any]


def problem(status: int, title: str, detail: str = "") -> JSONResponse:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def told_to_fail(request: Request, system: str) -> bool:
    backoffice = getattr(request.app.state, "backoffice", None)
    return backoffice is not None and backoffice.mode(system)[0] == "error"


def person_route(path: str, system: str, name: str,
                 answer: Callable[[str], Awaitable[Json]]) -> Route:
    """`POST path {"personal_code": ...}`, answered with `answer(personal_code)`."""
    return _person_route(path, system, name, "Expected {\"personal_code\"}",
                         lambda body: None, lambda code, _: answer(code))


def dated_person_route(path: str, system: str, name: str,
                       answer: Callable[[str, date], Awaitable[Json]]) -> Route:
    """`POST path {"personal_code": ..., "on": "YYYY-MM-DD"}`, answered with
    `answer(personal_code, on)`."""
    return _person_route(path, system, name, "Expected {\"personal_code\", \"on\"}",
                         lambda body: date.fromisoformat(str(body["on"])), answer)


def _person_route(path: str, system: str, name: str, expected: str, read: Callable[[Any], T],
                  answer: Callable[[str, T], Awaitable[Json]]) -> Route:
    # 503 when the fake back office was told to fail `system` (`name` says which in
    # the problem's title) or `answer` raised; 400 for a malformed question.
    async def ask(request: Request) -> Response:
        if told_to_fail(request, system):
            return problem(503, f"{name} unavailable (told to fail)")
        try:
            body = await request.json()
            code, asked = str(body["personal_code"]), read(body)
        except (ValueError, TypeError, KeyError):
            return problem(400, expected)
        if not PERSONAL_CODE.fullmatch(code):
            return problem(400, "A personal code is DDMMYY-NNNNN")
        try:
            found = await answer(code, asked)
        except AdapterError as error:
            return problem(503, error.message)
        return JSONResponse(found)

    return Route(path, ask, methods=["POST"])


def fail_switch(fake: Breakable) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint `POST {"mode": "ok"|"error"}` of a fake: "error" makes every call
    fail as if its system were down, "ok" heals it."""
    async def fail(request: Request) -> Response:
        try:
            mode = (await request.json()).get("mode")
        except (ValueError, AttributeError):
            mode = None
        if mode not in ("ok", "error"):
            return problem(400, "Expected {\"mode\": \"ok\" or \"error\"}")
        if mode == "ok":
            fake.heal()
        else:
            fake.fail_with()
        return JSONResponse({"mode": mode})

    return fail
