"""The SPOLIS calendar over real HTTP: the answering side of `http.py`, around a `FakeSpolis`.

The fake back office mounts these routes (under `/spolis/calendar`), so the demo
reads its calendar over HTTP as production does; the contract tests run the
HTTP adapter against them. Besides the interface of `http.py`:

    POST {base}/control/take  {"slot_id": "..."}       somebody booked it by phone
    POST {base}/control/fail  {"mode": "ok"|"error"}   answer 503 from now on, or heal
"""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from adapters.errors import NotFound, Unavailable
from adapters.served import fail_switch, problem
from adapters.spolis.base import Region, SpecialistType, TrainingType
from adapters.spolis.fake import FakeSpolis
from adapters.spolis.http import session_json, slot_json

PREFIX = "/spolis/calendar"


def calendar_mount(calendar: FakeSpolis | None = None) -> Mount:
    """The calendar's routes under `PREFIX`, answering from `calendar` (the demo's by default)."""
    spolis = calendar if calendar is not None else FakeSpolis()

    async def sessions(request: Request) -> Response:
        try:
            training_type = TrainingType(request.query_params.get("training_type", ""))
            region = Region(request.query_params.get("region", ""))
        except ValueError:
            return problem(400, "Unknown training type or region")
        try:
            found = await spolis.training_sessions(training_type, region)
        except Unavailable:
            return problem(503, "Calendar unavailable (told to fail)")
        return JSONResponse({"sessions": [session_json(s) for s in found]})

    async def one_session(request: Request) -> Response:
        try:
            found = await spolis.training_session(request.path_params["session_id"])
        except NotFound:
            return problem(404, "No such training session")
        except Unavailable:
            return problem(503, "Calendar unavailable (told to fail)")
        return JSONResponse(session_json(found))

    async def slots(request: Request) -> Response:
        query = request.query_params
        try:
            specialist_type = SpecialistType(query.get("specialist_type", ""))
            start = datetime.fromisoformat(query.get("from", "").replace("Z", "+00:00"))
            end = datetime.fromisoformat(query.get("to", "").replace("Z", "+00:00"))
            if start.tzinfo is None or end.tzinfo is None:
                raise ValueError("times without a zone")
        except ValueError:
            return problem(400, "Expected specialist_type, from and to")
        try:
            found = await spolis.free_slots(specialist_type, start=start, end=end)
        except Unavailable:
            return problem(503, "Calendar unavailable (told to fail)")
        return JSONResponse({"slots": [slot_json(s) for s in found]})

    async def one_slot(request: Request) -> Response:
        try:
            found = await spolis.slot(request.path_params["slot_id"])
        except NotFound:
            return problem(404, "No such slot")
        except Unavailable:
            return problem(503, "Calendar unavailable (told to fail)")
        return JSONResponse(slot_json(found))

    async def take(request: Request) -> Response:
        try:
            spolis.take(str((await request.json())["slot_id"]))
        except (ValueError, TypeError, KeyError):
            return problem(400, "Expected {\"slot_id\": ...}")
        except NotFound:
            return problem(404, "No such slot")
        return JSONResponse({"taken": True})

    return Mount(PREFIX, routes=[
        Route("/training-sessions", sessions),
        Route("/training-sessions/{session_id}", one_session),
        Route("/slots", slots),
        Route("/slots/{slot_id}", one_slot),
        Route("/control/take", take, methods=["POST"]),
        Route("/control/fail", fail_switch(spolis), methods=["POST"]),
    ])
