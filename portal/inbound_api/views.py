"""The endpoints of the inbound API, mounted at /api/v1 (see `openapi.py`).

Each endpoint authenticates from the headers and finds the submission before it
reads the body, so an unauthenticated or misdirected 100 MB upload is refused
without being received. Every refusal is an `ApiProblem`; nothing a client
sends can make these endpoints answer 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from adapters.spolis.technical_aids import SYSTEM as TECHNICAL_AIDS_SYSTEM
from eservices.attachments import (
    AttachmentStorage,
    MalformedUpload,
    RejectedAttachment,
    ScanStatus,
    StoredAttachment,
    UploadLimits,
    UploadTooLarge,
    receive_upload,
)
from eservices.submissions.models import Submission
from portal.backends import Adapters
from portal.database import db, utcnow
from portal.inbound_api import service
from portal.inbound_api.auth import Authenticator
from portal.inbound_api.openapi import openapi_document
from portal.inbound_api.payloads import (
    IDEMPOTENCY_KEY_HEADER,
    MAX_JSON_BYTES,
    decode_json,
    parse_answer_metadata,
    parse_idempotency_key,
    parse_queue_positions,
    parse_status_update,
    parse_technical_aid_changes,
)
from portal.inbound_api.problems import ApiProblem
from portal.settings import Settings
from queue_status.requests import record_change

logger = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]


def _answering_problems(endpoint: Endpoint) -> Endpoint:
    async def wrapped(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ApiProblem as problem:
            return problem.response()

    return wrapped


def _is_json(request: Request) -> bool:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and
                                            media.endswith("+json"))


async def _json_body(request: Request) -> Any:
    if not _is_json(request):
        raise ApiProblem("unsupported-media-type", "send the body as application/json")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_JSON_BYTES:
        raise ApiProblem("too-large", f"JSON bodies are limited to {MAX_JSON_BYTES} bytes")
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_JSON_BYTES:
                raise ApiProblem("too-large", f"JSON bodies are limited to {MAX_JSON_BYTES} bytes")
    except ClientDisconnect:
        raise ApiProblem("malformed", "the body ended early") from None
    return decode_json(bytes(body))


class InboundApi:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.authenticator = Authenticator(settings)
        self.limits = UploadLimits(
            max_file_size=settings.inbound_api_max_file_bytes,
            max_total_size=settings.inbound_api_max_file_bytes,
            max_fields_size=256 * 1024,
            max_files=1,
            max_parts=10,
        )

    def routes(self) -> list[Route | Mount]:
        return [Mount("/api/v1", routes=[
            Route("/openapi.json", openapi_document, methods=["GET"], name="inbound_api_openapi"),
            Route("/submissions/{reference}/status", _answering_problems(self.status),
                  methods=["POST"], name="inbound_api_status"),
            Route("/submissions/{reference}/answers", _answering_problems(self.answer),
                  methods=["POST"], name="inbound_api_answers"),
            Route("/queue-positions", _answering_problems(self.queue_positions),
                  methods=["POST"], name="inbound_api_queue_positions"),
            Route("/technical-aid-requests", _answering_problems(self.technical_aid_requests),
                  methods=["POST"], name="inbound_api_technical_aid_requests"),
        ])]

    async def _submission(self, request: Request, back_office: str) -> Submission:
        submission = await service.find_submission(
            db(request), request.path_params["reference"], back_office)
        if submission is None:
            raise ApiProblem("not-found", "no submission with this reference is routed to you")
        return submission

    async def status(self, request: Request) -> Response:
        back_office = await self.authenticator.authenticate(request)
        submission = await self._submission(request, back_office)
        update = parse_status_update(await _json_body(request), utcnow())
        await service.apply_status(db(request), submission, update, back_office)
        return JSONResponse({
            "reference": submission.reference,
            "status": submission.status,
            "status_changed_at": submission.status_changed_at.isoformat(),
        })

    async def answer(self, request: Request) -> Response:
        back_office = await self.authenticator.authenticate(request)
        submission = await self._submission(request, back_office)
        key = parse_idempotency_key(request.headers.get(IDEMPOTENCY_KEY_HEADER))
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "multipart/form-data":
            raise ApiProblem("unsupported-media-type", "send the answer as multipart/form-data")
        adapters: Adapters = request.app.state.adapters
        # The app's one storage backend, where "My submissions" will read the file from.
        storage: AttachmentStorage = request.app.state.storage
        try:
            upload = await receive_upload(request, storage, limits=self.limits,
                                          scanner=adapters.virus_scanner)
        except MalformedUpload as error:
            detail = f"not a readable multipart/form-data body: {error}"
            raise ApiProblem("malformed", detail) from None
        except UploadTooLarge as error:
            raise ApiProblem("too-large", str(error)) from None
        stored = upload.stored
        try:
            file = self._the_file(upload.files)
            unknown = sorted(set(upload.fields.keys()) - {"metadata"})
            if unknown:
                raise ApiProblem("invalid", "only the parts metadata and file are accepted",
                                 errors=[{"pointer": "#" + name[:50], "detail": "unknown part"}
                                         for name in unknown[:10]])
            values = upload.fields.getlist("metadata")
            if len(values) != 1 or not isinstance(values[0], str):
                raise ApiProblem("invalid", "exactly one metadata part is required",
                                 errors=[{"pointer": "#metadata", "detail": "is required"}])
            metadata = parse_answer_metadata(values[0], utcnow())
            if not metadata.text and file is None:
                raise ApiProblem("invalid", "an answer needs a text or a file",
                                 errors=[{"pointer": "/text", "detail": "must not be empty"}])
            recorded = await service.record_answer(db(request), submission, metadata.text,
                                                   file, utcnow(), source=back_office, key=key)
        except service.KeyReused:
            for item in stored:
                await storage.delete(item.key)
            raise ApiProblem("idempotency-key-reused", "this Idempotency-Key was used for a "
                             "different answer; send a new answer with a new key") from None
        except BaseException:
            for item in stored:
                await storage.delete(item.key)
            raise
        answer = recorded.answer
        if not recorded.created:
            # The file of the first copy is the answer's; this copy of it is not needed.
            for item in stored:
                await storage.delete(item.key)
            logger.info("inbound API: answer %s sent again by %s; kept once", answer.id,
                        back_office)
        else:
            logger.info("inbound API: answer %s received from %s", answer.id, back_office)
        return JSONResponse(status_code=201 if recorded.created else 200, content={
            "reference": submission.reference,
            "answer_id": answer.id,
            "received_at": answer.received_at.isoformat(),
            # A resend's file has the bytes and name of the first (the digest says so).
            "file": None if file is None else {
                "name": answer.file_name, "content_type": answer.file_type,
                "size": answer.file_size, "sha256": file.sha256,
            },
            "notification_channel": submission.answer_channel,
        })

    @staticmethod
    def _the_file(files: tuple[StoredAttachment | RejectedAttachment, ...]
                  ) -> StoredAttachment | None:
        for item in files:
            if item.field_name != "file":
                raise ApiProblem("invalid", "files are accepted only in the part named file",
                                 errors=[{"pointer": "#file", "detail": "unexpected file part"}])
            if isinstance(item, RejectedAttachment):
                raise ApiProblem("file-refused", f"the file was refused: {item.reason.value}",
                                 reason=item.reason.value)
            if item.scan is not ScanStatus.CLEAN:
                # A back office's file reaches a person's computer: never unscanned.
                raise ApiProblem("scanner-unavailable", "send the answer again later")
            return item
        return None

    async def queue_positions(self, request: Request) -> Response:
        back_office = await self.authenticator.authenticate(request)
        now = utcnow()
        reports = parse_queue_positions(await _json_body(request), now)
        session = db(request)
        ids, missing = await service.unknown_references(session, reports, back_office)
        if missing:
            raise ApiProblem("not-found", "some references are not routed to you",
                             references=missing[:100])
        stored, unchanged = await service.record_queue_positions(
            session, reports, ids, back_office, now)
        return JSONResponse({"stored": stored, "unchanged": unchanged})

    async def technical_aid_requests(self, request: Request) -> Response:
        """SPOLIS' changes of technical-aid requests, for "my queue" and the statistics."""
        back_office = await self.authenticator.authenticate(request)
        if back_office != TECHNICAL_AIDS_SYSTEM:
            raise ApiProblem("forbidden", "only SPOLIS reports technical-aid requests")
        now = utcnow()
        changes = parse_technical_aid_changes(await _json_body(request), now)
        session = db(request)
        stored = 0
        for change in changes:
            stored += await record_change(session, change, now)
        return JSONResponse({"stored": stored, "unchanged": len(changes) - stored})


def inbound_api_routes(settings: Settings) -> list[Route | Mount]:
    return InboundApi(settings).routes()
