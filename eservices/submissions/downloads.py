"""Downloading the files of one's own submissions: what was attached, and answers.

Only the subject's own submissions are found (another subject's ids are 404).
A file the retention rule removed answers 410 Gone with a page that says why.
Files are streamed from storage with the type decided from their bytes at
upload, as attachments (never rendered inline) and with `nosniff`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from eservices.attachments import AttachmentStorage
from eservices.submissions.flows import service_for
from eservices.submissions.models import Answer, Attachment, Submission
from eservices.submissions.views import own_submission
from portal.database import db
from portal.templating import render


def _file_response(storage: AttachmentStorage, key: str, filename: str,
                   content_type: str) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        async for chunk in storage.open_reader(key):
            yield chunk

    quoted = quote(filename)
    return StreamingResponse(chunks(), media_type=content_type or "application/octet-stream",
                             headers={
                                 "content-disposition": f"attachment; filename*=UTF-8''{quoted}",
                                 "x-content-type-options": "nosniff",
                                 "cache-control": "private, no-store",
                             })


async def _checked(storage: AttachmentStorage, key: str) -> None:
    if not key or not await storage.exists(key):
        raise HTTPException(404)


def _removed(request: Request, submission: Submission) -> Response:
    """410: the retention rule removed the file (portal/housekeeping); say so plainly."""
    service = service_for(request.app.state.registry, submission.service_slug)
    return render(request, "submissions/file_removed.html",
                  {"submission": submission, "service": service}, status_code=410,
                  headers={"cache-control": "private, no-store"})


async def attachment_file(request: Request) -> Response:
    submission, _subject = await own_submission(request)
    if submission.purged_at is not None:  # its attachments went with its details
        return _removed(request, submission)
    attachment = await db(request).scalar(select(Attachment).where(
        Attachment.id == request.path_params["attachment_id"],
        Attachment.submission_id == submission.id))
    if attachment is None:
        raise HTTPException(404)
    storage: AttachmentStorage = request.app.state.storage
    await _checked(storage, attachment.storage_key)
    return _file_response(storage, attachment.storage_key, attachment.filename,
                          attachment.content_type)


async def answer_file(request: Request) -> Response:
    submission, _subject = await own_submission(request)
    answer = await db(request).scalar(select(Answer).where(
        Answer.id == request.path_params["answer_id"], Answer.submission_id == submission.id))
    if answer is None:
        raise HTTPException(404)
    if not answer.file_key and submission.purged_at is not None:
        return _removed(request, submission)
    storage: AttachmentStorage = request.app.state.storage
    await _checked(storage, answer.file_key)
    return _file_response(storage, answer.file_key, answer.file_name, answer.file_type)

