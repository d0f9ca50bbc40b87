"""The fake back office: one Starlette app playing VDI, SPOLIS and SIVA over real HTTP.

It implements the receiving side of `adapters/back_office/http.py` the way a
careful back office would: deduplicates by `Idempotency-Key`, checks every
file's size and SHA-256 against the envelope, and stores what it accepted.
For tests and the demo it also tells what it received and can be made to fail:

    POST /{system}/submissions              receive one (see adapters/back_office/http.py)
    GET  /{system}/submissions              what it holds: reference, id, receive
                                            count, peak concurrency, files' SHA-256
    GET  /{system}/submissions/{reference}  one of them, with its envelope
    GET  /vdi/companies/{registration_number}/acts   VDI's active orders of a company
                                            (see adapters/vdi/served.py)
    GET  /spolis/calendar/...               SPOLIS' training sessions and free slots
                                            (see adapters/spolis/served.py)
    GET  /spolis/aids/...                   SPOLIS' technical-aid catalogue and queues;
                                            a "technical_aid" submission is placed there
                                            (see adapters/spolis/aids_served.py)
    POST /siva/sris/queue-places/search     SIVA SRIS: a person's social rehabilitation
                                            queue places (see adapters/sris/served.py)
    POST /vdeavk/persons/disability, /vaivari/persons/recommendation,
         /sopa/persons/income-status    the registries the technical-aid application
                                            asks (see adapters/{disability_system,
                                            functioning,social_assistance}/served.py)
    POST /control/fail    {"system": "vdi", "mode": "ok"|"error"|"slow"|"reject",
                           "seconds": 2}    no "system": every system; the registries
                                            above are told by their names too
    POST /control/reset   forget everything received, heal every system
    POST /control/send-status, /control/send-answer, /control/send-queue-position
                          call the portal's inbound API (see `portal_client`)
    GET  /healthz

`receive_count` counts the requests that reached a stored submission (the first
and every duplicate); each submission is stored once whatever that count is.
`peak_concurrency` above 1 means two deliveries of one key were in flight at
the same moment — what the delivery workers' claiming must prevent.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import anyio
import httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.disability_system.base import SYSTEM as DISABILITY_SYSTEM
from adapters.disability_system.served import disability_routes
from adapters.fake_backoffice.portal_client import PortalCallbacks
from adapters.fake_backoffice.store import (
    KEY_PATTERN,
    SYSTEMS,
    Received,
    ReceivedStore,
    StoredFile,
    now_iso,
)
from adapters.functioning.base import SYSTEM as FUNCTIONING
from adapters.functioning.served import functioning_routes
from adapters.served import problem
from adapters.social_assistance.base import SYSTEM as SOCIAL_ASSISTANCE
from adapters.social_assistance.served import social_assistance_routes
from adapters.spolis.aids_fake import FakeTechnicalAidQueues
from adapters.spolis.aids_served import aids_mount, place_and_push
from adapters.spolis.served import calendar_mount
from adapters.sris.served import sris_routes
from adapters.vdi.served import vdi_acts_routes

MODES = ("ok", "error", "slow", "reject")
# Registries served here that take no submissions; `/control/fail` can fail them.
REGISTRIES = (DISABILITY_SYSTEM, FUNCTIONING, SOCIAL_ASSISTANCE)
_CHUNK = 256 * 1024
# Enough for the portal's per-file limit of 100 MB times a few files; a fake.
_MAX_FILES = 100


class FakeBackOfficeState:
    def __init__(self, data_dir: Path | None) -> None:
        self.store = ReceivedStore(data_dir)
        self.modes: dict[str, tuple[str, float]] = {}
        self.in_flight: Counter[tuple[str, str]] = Counter()
        self.locks: dict[tuple[str, str], anyio.Lock] = {}

    def mode(self, system: str) -> tuple[str, float]:
        return self.modes.get(system, ("ok", 0.0))


def create_fake_backoffice(
    data_dir: Path | None = None,
    *,
    portal_url: str | None = None,
    keys_dir: Path | None = None,
    portal_transport: httpx.AsyncBaseTransport | None = None,
) -> Starlette:
    """The app; with `portal_url` and `keys_dir` it can also call the portal back."""
    state = FakeBackOfficeState(data_dir)
    callbacks = PortalCallbacks(portal_url, keys_dir, portal_transport)
    # SPOLIS' technical-aid queues; a "technical_aid" submission is placed in them.
    aids = FakeTechnicalAidQueues()
    push_aids = callbacks.send_technical_aid_requests if portal_url else None

    async def receive(request: Request) -> Response:
        system = request.path_params["system"]
        if system not in SYSTEMS:
            return problem(404, "No such system")
        key = request.headers.get("idempotency-key", "")
        if not KEY_PATTERN.fullmatch(key):
            return problem(400, "Idempotency-Key missing or malformed")
        slot = (system, key)
        state.in_flight[slot] += 1
        peak = state.in_flight[slot]
        try:
            async with request.form(max_files=_MAX_FILES, max_part_size=4 * 1024 * 1024) as form:
                mode, seconds = state.mode(system)
                if mode == "error":
                    return problem(503, "Back office unavailable (told to fail)")
                if mode == "reject":
                    return problem(422, "Refused (told to refuse)")
                lock = state.locks.setdefault(slot, anyio.Lock())
                async with lock:
                    response = await _store(state, system, key, form, peak)
                if system == "spolis" and response.status_code == 201:
                    stored = state.store.get(system, key)
                    if stored is not None:
                        response.background = BackgroundTask(
                            place_and_push, aids, stored.envelope, push_aids)
            if mode == "slow":
                await anyio.sleep(seconds)
            return response
        finally:
            state.in_flight[slot] -= 1
            if not state.in_flight[slot]:
                del state.in_flight[slot]

    async def listing(request: Request) -> Response:
        system = request.path_params["system"]
        items = [r.summary() for r in state.store.all(system)]
        return JSONResponse({"system": system, "submissions": items})

    async def one(request: Request) -> Response:
        found = state.store.by_reference(request.path_params["system"],
                                         request.path_params["reference"])
        if found is None:
            return problem(404, "No such submission")
        return JSONResponse({**found.summary(), "envelope": found.envelope})

    async def control_fail(request: Request) -> Response:
        try:
            data = await request.json()
            mode = data.get("mode", "ok")
            seconds = float(data.get("seconds", 0))
            systems = [data["system"]] if data.get("system") else list(SYSTEMS)
        except (ValueError, TypeError, AttributeError):
            return problem(400, "Expected {\"system\", \"mode\", \"seconds\"}")
        if mode not in MODES or any(s not in SYSTEMS + REGISTRIES for s in systems):
            return problem(400, "Unknown system or mode")
        for system in systems:
            state.modes[system] = (mode, seconds)
        return JSONResponse({"systems": systems, "mode": mode, "seconds": seconds})

    async def control_reset(request: Request) -> Response:
        state.modes.clear()
        state.store.reset()
        return JSONResponse({"reset": True})

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    app = Starlette(routes=[
        Route("/healthz", healthz),
        Route("/control/fail", control_fail, methods=["POST"]),
        Route("/control/reset", control_reset, methods=["POST"]),
        *callbacks.routes(),
        *vdi_acts_routes(),
        calendar_mount(),
        aids_mount(aids, push=push_aids),
        *disability_routes(),
        *functioning_routes(),
        *social_assistance_routes(),
        *sris_routes(),
        Route("/{system}/submissions", receive, methods=["POST"]),
        Route("/{system}/submissions", listing, methods=["GET"]),
        Route("/{system}/submissions/{reference}", one, methods=["GET"]),
    ])
    app.state.backoffice = state
    return app


async def _store(
    state: FakeBackOfficeState, system: str, key: str, form: FormData, peak: int
) -> Response:
    earlier = state.store.get(system, key)
    if earlier is not None:
        earlier.receive_count += 1
        earlier.peak_concurrency = max(earlier.peak_concurrency, peak)
        await state.store.save(earlier)
        return JSONResponse({"id": earlier.back_office_id, "status": "already_received"},
                            status_code=409)
    raw = form.get("envelope")
    try:
        if not isinstance(raw, str):
            raise TypeError("the envelope is not a plain part")
        envelope = json.loads(raw)
        described = list(envelope["attachments"])
        reference = str(envelope["reference"])
    except (KeyError, TypeError, ValueError):
        return problem(400, "Envelope missing or malformed")
    files: list[StoredFile] = []
    for index, entry in enumerate(described):
        upload = form.get(f"attachment.{index}")
        if not isinstance(upload, UploadFile) or not isinstance(entry, dict):
            return problem(422, "Attachment missing", f"attachment.{index}")
        size, sha256 = await _keep(upload, state.store.file_path(system, key, index))
        if size != entry.get("size") or sha256 != entry.get("sha256"):
            return problem(422, "SHA-256 or size mismatch", f"attachment.{index}")
        files.append(StoredFile(str(entry.get("file_name", "")), str(entry.get("field_name", "")),
                                str(entry.get("content_type", "")), size, sha256))
    expected = {f"attachment.{index}" for index in range(len(described))}
    extra = [name for name in form if name.startswith("attachment.")
             and name not in expected]
    if extra:
        return problem(422, "Attachment not in the envelope", ", ".join(extra[:5]))
    received = Received(system=system, back_office_id=state.store.next_id(system),
                        idempotency_key=key, reference=reference, received_at=now_iso(),
                        envelope=envelope, files=files, peak_concurrency=peak)
    await state.store.add(received)
    return JSONResponse({"id": received.back_office_id, "status": "received"}, status_code=201)


async def _keep(upload: UploadFile, path: Path | None) -> tuple[int, str]:
    """Hash the part (and write it to `path`, when given); return its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    target = None
    if path is not None:
        await anyio.Path(path.parent).mkdir(parents=True, exist_ok=True)
        target = await anyio.open_file(path, "wb")
    try:
        while chunk := await upload.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if target is not None:
                await target.write(chunk)
    finally:
        if target is not None:
            await target.aclose()
    return size, digest.hexdigest()
