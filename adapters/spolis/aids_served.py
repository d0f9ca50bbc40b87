"""SPOLIS' technical-aid queues over real HTTP: the answering side of `aids_http.py`,
around a `FakeTechnicalAidQueues`.

The fake back office mounts these routes (under `/spolis/aids`), so the demo
reads the queues over HTTP as production does; the contract tests run the HTTP
adapter against them. Besides the interface of `aids_http.py`:

    POST {base}/control/fail   {"mode": "ok"|"error"}   answer 503 from now on, or heal
    POST {base}/control/place  {"reference": "TPL-..." or null, "personal_code": "...",
                                "aid_codes": ["12-22-03", ...]}
                               register an application as SPOLIS' staff would
    POST {base}/control/push   {"personal_code": "..."} or {"request_ids": [...]}
                               send those requests' current state to the portal's
                               inbound API (POST /api/v1/technical-aid-requests)

`place` pushes what it placed as well, when a portal to push to is set. The
fake back office also places every "technical_aid" submission SPOLIS receives
(`place_submission`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from adapters.errors import Rejected, Unavailable
from adapters.served import fail_switch, problem
from adapters.spolis.aids_fake import MAX_LIMIT, FakeTechnicalAidQueues
from adapters.spolis.aids_http import (
    MAX_CODES,
    catalogue_json,
    change_json,
    figures_json,
)
from adapters.spolis.technical_aids import AidRequestChange

logger = logging.getLogger(__name__)

PREFIX = "/spolis/aids"
ESERVICE = "technical_aid"

Push = Callable[[list[dict[str, object]]], Awaitable[Response]]
"""Sends changes (as JSON) to the portal's inbound API; answers what the portal said."""


def _unavailable() -> JSONResponse:
    return problem(503, "Technical-aid queues unavailable (told to fail)")


def place_submission(queues: FakeTechnicalAidQueues,
                     envelope: Mapping[str, Any]) -> list[AidRequestChange]:
    """Place a technical-aid application SPOLIS received: one request per aid chosen
    (`form_data.aids.aid_codes`) for the person the aid is for (`subject.id`).
    Anything else, or an envelope without those, places nothing."""
    if envelope.get("eservice") != ESERVICE:
        return []
    try:
        codes = envelope["form_data"]["aids"]["aid_codes"]
        personal_code = envelope["subject"]["id"]
        reference = envelope["reference"]
    except (KeyError, TypeError):
        return []
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list) or not isinstance(personal_code, str) or not personal_code:
        return []
    return queues.place(str(reference), personal_code, [str(code) for code in codes])


async def place_and_push(queues: FakeTechnicalAidQueues, envelope: Mapping[str, Any],
                         push: Push | None) -> None:
    """`place_submission`, then tell the portal (run after answering the delivery, so
    the portal's worker is not kept waiting on its own inbound API)."""
    placed = place_submission(queues, envelope)
    if placed and push is not None:
        answer = await push([change_json(c) for c in placed])
        logger.info("pushed %d placed technical-aid requests: %s", len(placed),
                    bytes(answer.body)[:200])


def aids_mount(queues: FakeTechnicalAidQueues | None = None, *,
               push: Push | None = None) -> Mount:
    """The routes under `PREFIX`, answering from `queues` (the demo's by default)."""
    spolis = queues if queues is not None else FakeTechnicalAidQueues()

    async def catalogue(request: Request) -> Response:
        try:
            return JSONResponse(catalogue_json(await spolis.catalogue()))
        except Unavailable:
            return _unavailable()

    async def search(request: Request) -> Response:
        try:
            codes = (await request.json())["personal_codes"]
            if (not isinstance(codes, list) or not 1 <= len(codes) <= MAX_CODES
                    or not all(isinstance(code, str) for code in codes)):
                raise TypeError("personal_codes")
        except (ValueError, TypeError, KeyError):
            return problem(400, f"Expected {{\"personal_codes\": [1 to {MAX_CODES} codes]}}")
        try:
            found = await spolis.requests_of(codes)
        except Unavailable:
            return _unavailable()
        return JSONResponse({"requests": [change_json(c) for c in found]})

    async def changes(request: Request) -> Response:
        query = request.query_params
        limit_text = query.get("limit", "100")
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
            return problem(400, f"limit must be between 1 and {MAX_LIMIT}")
        try:
            found, cursor = await spolis.changes_since(query.get("cursor") or None,
                                                       int(limit_text))
        except Rejected:
            return problem(400, "Malformed cursor")
        except Unavailable:
            return _unavailable()
        return JSONResponse({"changes": [change_json(c) for c in found], "cursor": cursor})

    async def figures(request: Request) -> Response:
        try:
            found = await spolis.queue_figures()
        except Unavailable:
            return _unavailable()
        return JSONResponse({"queues": [figures_json(f) for f in found]})

    async def place(request: Request) -> Response:
        try:
            data = await request.json()
            reference = data.get("reference")
            personal_code = data["personal_code"]
            codes = data["aid_codes"]
            if (not isinstance(personal_code, str) or not personal_code
                    or not isinstance(codes, list)
                    or not (reference is None or isinstance(reference, str))):
                raise TypeError("fields")
        except (ValueError, TypeError, KeyError, AttributeError):
            return problem(400, "Expected {\"reference\", \"personal_code\", \"aid_codes\"}")
        placed = spolis.place(reference, personal_code, [str(code) for code in codes])
        body: dict[str, object] = {"requests": [change_json(c) for c in placed]}
        if push is not None and placed:
            body["pushed"] = await _pushed(push, placed)
        return JSONResponse(body, status_code=201 if placed else 200)

    async def send(request: Request) -> Response:
        if push is None:
            return problem(409, "No portal to push to: start with --portal-url and --keys-dir")
        try:
            data = await request.json()
            personal_code = data.get("personal_code")
            ids = data.get("request_ids")
            if personal_code is None and not isinstance(ids, list):
                raise TypeError("what to push")
        except (ValueError, TypeError, AttributeError):
            return problem(400, "Expected {\"personal_code\"} or {\"request_ids\": [...]}")
        try:
            if isinstance(personal_code, str):
                chosen = await spolis.requests_of([personal_code])
            else:
                wanted = {str(item) for item in ids}
                chosen = [c for c in spolis.current() if c.request_id in wanted]
        except Unavailable:
            return _unavailable()
        if not chosen:
            return problem(404, "No such requests")
        return await push([change_json(c) for c in chosen])

    return Mount(PREFIX, routes=[
        Route("/catalogue", catalogue),
        Route("/requests/search", search, methods=["POST"]),
        Route("/changes", changes),
        Route("/queue-figures", figures),
        Route("/control/fail", fail_switch(spolis), methods=["POST"]),
        Route("/control/place", place, methods=["POST"]),
        Route("/control/push", send, methods=["POST"]),
    ])


async def _pushed(push: Push, placed: list[AidRequestChange]) -> object:
    answer = await push([change_json(c) for c in placed])
    return json.loads(bytes(answer.body))
