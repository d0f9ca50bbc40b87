"""Answers with an optional file: streamed to storage, typed by their bytes, queued to notify."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from eservices.attachments import LocalDirectoryStorage
from eservices.submissions.models import Answer, Submission
from portal.notifications.models import AnswerNotification
from portal.settings import Settings
from tests.portal.inbound_api.conftest import SubmissionFactory, keyed

pytestmark = pytest.mark.anyio

Auth = Callable[..., dict[str, str]]
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# A Windows program named like a PDF: the bytes say what it is.
DISGUISED = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _metadata(text: str) -> dict[str, str]:
    return {"metadata": json.dumps({"text": text})}


def _metadata_only(text: str) -> dict[str, tuple[None, str, str]]:
    # A part without a file name is a plain field: multipart without any file.
    return {"metadata": (None, json.dumps({"text": text}), "application/json")}


async def _answers(app: Starlette, submission: Submission) -> list[Answer]:
    async with app.state.sessionmaker() as db:
        return list(await db.scalars(select(Answer).where(Answer.submission_id == submission.id)))


def _stored_files(settings: Settings) -> list[Path]:
    root = settings.storage_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def test_an_answer_with_a_pdf_is_stored_and_listed(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    settings: Settings,
) -> None:
    submission = await make_submission("vdi")
    response = await client.post(
        f"/api/v1/submissions/{submission.reference}/answers", headers=keyed(auth),
        data=_metadata("Jūsu iesniegums izskatīts; lēmums pielikumā."),
        files={"file": ("../../lēmums 12.pdf", PDF, "application/octet-stream")})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["file"]["content_type"] == "application/pdf"
    assert body["file"]["size"] == len(PDF)
    assert body["file"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert "/" not in body["file"]["name"] and body["file"]["name"].endswith(".pdf")
    assert body["notification_channel"] == "portal"

    [answer] = await _answers(app, submission)
    assert answer.id == body["answer_id"]
    assert answer.text == "Jūsu iesniegums izskatīts; lēmums pielikumā."
    assert (answer.file_type, answer.file_size) == ("application/pdf", len(PDF))
    stored = LocalDirectoryStorage(settings.storage_dir).path_for(answer.file_key)
    assert stored.read_bytes() == PDF
    # "My submissions" reads answers through the submission.
    async with app.state.sessionmaker() as db:
        reloaded = await db.get_one(Submission, submission.id)
        assert [a.id for a in reloaded.answers_received] == [answer.id]
        # The person chose the portal only: nothing to send elsewhere.
        assert await db.scalar(select(func.count()).select_from(AnswerNotification)) == 0


async def test_a_text_answer_is_queued_for_the_chosen_channel(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    submission = await make_submission("vdi", channel="email", email="dace@example.lv")
    response = await client.post(f"/api/v1/submissions/{submission.reference}/answers",
                                 headers=keyed(auth),
                                 files=_metadata_only("Atbilde bez pielikuma."))
    assert response.status_code == 201, response.text
    assert response.json()["file"] is None
    async with app.state.sessionmaker() as db:
        notification = await db.scalar(select(AnswerNotification))
    assert notification is not None
    assert (notification.answer_id, notification.channel, notification.state) == (
        response.json()["answer_id"], "email", "pending")


async def test_a_disguised_file_is_refused_and_nothing_is_kept(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    settings: Settings,
) -> None:
    submission = await make_submission("vdi")
    response = await client.post(
        f"/api/v1/submissions/{submission.reference}/answers", headers=keyed(auth),
        data=_metadata("Skatīt pielikumu."),
        files={"file": ("lemums.pdf", DISGUISED, "application/pdf")})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/api/v1/problems/file-refused"
    assert response.json()["reason"] == "type_not_allowed"
    assert await _answers(app, submission) == []
    assert _stored_files(settings) == []


async def test_refusals_leave_no_file_behind(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    settings: Settings,
) -> None:
    submission = await make_submission("vdi")
    url = f"/api/v1/submissions/{submission.reference}/answers"
    pdf = {"file": ("a.pdf", PDF, "application/pdf")}
    cases: list[tuple[dict[str, str], int, str]] = [
        ({}, 422, "invalid"),  # no metadata
        ({"metadata": "{broken"}, 400, "malformed"),
        ({"metadata": json.dumps({"text": 5})}, 422, "invalid"),
        ({"metadata": json.dumps({"text": "x", "extra": True})}, 422, "invalid"),
    ]
    for data, status, kind in cases:
        response = await client.post(url, headers=keyed(auth), data=data, files=pdf)
        assert response.status_code == status, (data, response.text)
        assert response.json()["type"] == f"/api/v1/problems/{kind}"
    empty = await client.post(url, headers=keyed(auth), files=_metadata_only("  "))
    assert empty.status_code == 422
    wrong_part = await client.post(url, headers=keyed(auth), data=_metadata("x"),
                                   files={"attachment": ("a.pdf", PDF, "application/pdf")})
    assert wrong_part.status_code == 422
    as_json = await client.post(url, headers=keyed(auth), json={"text": "x"})
    assert as_json.status_code == 415
    broken = await client.post(url, headers={**keyed(auth), "content-type":
                                             "multipart/form-data; boundary=xyz"},
                               content=b"--xyz\r\nContent-Disposition: form-data; name=")
    assert broken.status_code == 400
    assert await _answers(app, submission) == []
    assert _stored_files(settings) == []


async def test_answers_to_someone_elses_submission_are_not_read(
    client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    settings: Settings,
) -> None:
    theirs = await make_submission("siva")
    response = await client.post(f"/api/v1/submissions/{theirs.reference}/answers",
                                 headers=keyed(auth), data=_metadata("x"),
                                 files={"file": ("a.pdf", PDF, "application/pdf")})
    assert response.status_code == 404
    assert _stored_files(settings) == []
