"""An answer is stored and announced once per Idempotency-Key, also when sent again at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from eservices.attachments import LocalDirectoryStorage
from eservices.submissions.models import Answer, Submission
from portal.database import utcnow
from portal.inbound_api import service
from portal.notifications.models import AnswerNotification
from portal.settings import Settings
from tests.portal.inbound_api.conftest import SubmissionFactory, keyed

pytestmark = pytest.mark.anyio

Auth = Callable[..., dict[str, str]]
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
KEY = "5f0c6a2e-8d7b-4c1e-9a3f-2b6d4e8c1a70"
TEXT = "Pārbaudē konstatēti pārkāpumi; lēmums pielikumā."


def _parts(text: str = TEXT, file: bytes | None = PDF,
           name: str = "lemums.pdf") -> dict[str, Any]:
    parts: dict[str, Any] = {"metadata": (None, json.dumps({"text": text}), "application/json")}
    if file is not None:
        parts["file"] = (name, file, "application/octet-stream")
    return parts


async def _send(client: httpx.AsyncClient, auth: Auth, submission: Submission, *,
                key: str = KEY, issuer: str = "vdi", **parts: Any) -> httpx.Response:
    return await client.post(f"/api/v1/submissions/{submission.reference}/answers",
                             headers=keyed(auth, issuer, key), files=_parts(**parts))


async def _count(app: Starlette, model: type[Answer] | type[AnswerNotification]) -> int:
    async with app.state.sessionmaker() as db:
        return int(await db.scalar(select(func.count()).select_from(model)) or 0)


def _stored_files(settings: Settings) -> list[Path]:
    root = settings.storage_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def test_an_answer_sent_again_is_stored_and_announced_once(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    settings: Settings,
) -> None:
    submission = await make_submission(channel="email", email="dace@example.lv")
    first = await _send(client, auth, submission)
    assert first.status_code == 201, first.text
    # The back office timed out and sends the same answer again, with its key.
    again = await _send(client, auth, submission)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    # The key may also come as a quoted structured-field string.
    quoted = await _send(client, auth, submission, key=f'"{KEY}"')
    assert (quoted.status_code, quoted.json()) == (200, first.json())

    assert await _count(app, Answer) == 1
    assert await _count(app, AnswerNotification) == 1
    async with app.state.sessionmaker() as db:
        answer = await db.get_one(Answer, first.json()["answer_id"])
    assert (answer.source, answer.idempotency_key) == ("vdi", KEY)
    # Only the first copy of the file is kept.
    [kept] = _stored_files(settings)
    assert kept == LocalDirectoryStorage(settings.storage_dir).path_for(answer.file_key)


async def test_a_text_answer_sent_again_is_kept_once(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    submission = await make_submission(channel="e_address")
    first = await _send(client, auth, submission, file=None)
    again = await _send(client, auth, submission, file=None)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["answer_id"] == first.json()["answer_id"]
    assert again.json()["file"] is None
    assert (await _count(app, Answer), await _count(app, AnswerNotification)) == (1, 1)


@pytest.mark.parametrize("change", ["text", "file", "file name", "no file", "submission"])
async def test_a_used_key_with_another_answer_is_a_conflict(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    settings: Settings, change: str,
) -> None:
    submission = await make_submission(channel="email", email="dace@example.lv")
    other = await make_submission()
    first = await _send(client, auth, submission)
    assert first.status_code == 201, first.text
    changed: dict[str, Any] = {
        "text": {"text": TEXT + " Papildināts."},
        "file": {"file": PDF + b"\n% another page\n"},
        "file name": {"name": "cits.pdf"},
        "no file": {"file": None},
        "submission": {},
    }[change]
    response = await _send(client, auth, other if change == "submission" else submission,
                           **changed)
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/api/v1/problems/idempotency-key-reused"
    assert (await _count(app, Answer), await _count(app, AnswerNotification)) == (1, 1)
    assert len(_stored_files(settings)) == 1


async def test_keys_are_each_back_offices_own(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    ours, theirs = await make_submission("vdi"), await make_submission("spolis")
    assert (await _send(client, auth, ours, issuer="vdi")).status_code == 201
    assert (await _send(client, auth, theirs, issuer="spolis")).status_code == 201
    assert await _count(app, Answer) == 2


async def test_a_refused_answer_leaves_its_key_free(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    submission = await make_submission()
    refused = await _send(client, auth, submission, text="", file=None)
    assert refused.status_code == 422
    corrected = await _send(client, auth, submission, text="Atbilde.", file=None)
    assert corrected.status_code == 201, corrected.text
    assert await _count(app, Answer) == 1


@pytest.mark.parametrize("header", [None, "", '""', "a" * 101, "atslēga", "two words"])
async def test_an_answer_needs_a_valid_key(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    settings: Settings, header: str | None,
) -> None:
    submission = await make_submission()
    headers = auth()
    if header is not None:
        headers["idempotency-key"] = header
    response = await client.post(f"/api/v1/submissions/{submission.reference}/answers",
                                 headers={k: v.encode() for k, v in headers.items()},
                                 files=_parts())
    assert response.status_code == 400, response.text
    assert response.json()["type"] == "/api/v1/problems/idempotency-key"
    assert "Idempotency-Key" in response.json()["detail"]
    assert await _count(app, Answer) == 0
    assert _stored_files(settings) == []


async def test_two_copies_sent_at_once_make_one_answer(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    settings: Settings,
) -> None:
    submission = await make_submission(channel="email", email="dace@example.lv")
    responses: list[httpx.Response] = []

    async def send() -> None:
        responses.append(await _send(client, auth, submission))

    async with anyio.create_task_group() as group:
        group.start_soon(send)
        group.start_soon(send)
    assert sorted(r.status_code for r in responses) == [200, 201], [r.text for r in responses]
    assert responses[0].json() == responses[1].json()
    assert (await _count(app, Answer), await _count(app, AnswerNotification)) == (1, 1)
    assert len(_stored_files(settings)) == 1


async def test_the_unique_index_decides_a_race_and_the_loser_returns_the_winner(
    app: Starlette, make_submission: SubmissionFactory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both copies look for the key before either is committed; the index lets one in."""
    submission = await make_submission(channel="email", email="dace@example.lv")
    now = utcnow()
    looked = anyio.Event()
    lookup = service._answer_with_key
    found_by_loser: list[Answer | None] = []

    async def lookup_then_tell(*args: Any) -> Answer | None:
        found = await lookup(*args)
        found_by_loser.append(found)
        looked.set()
        return found

    async with app.state.sessionmaker() as winner_db, app.state.sessionmaker() as loser_db:
        # Each request has found the submission in its own session, as the view does.
        winner = await service.record_answer(
            winner_db, await winner_db.get_one(Submission, submission.id), TEXT, None, now,
            source="vdi", key=KEY)
        assert winner.created
        results: list[service.RecordedAnswer] = []

        async def loser() -> None:
            found = await loser_db.get_one(Submission, submission.id)
            results.append(await service.record_answer(loser_db, found, TEXT, None, now,
                                                       source="vdi", key=KEY))
            assert found.reference == submission.reference  # still readable after it lost
            await loser_db.commit()

        monkeypatch.setattr(service, "_answer_with_key", lookup_then_tell)
        async with anyio.create_task_group() as group:
            group.start_soon(loser)
            await looked.wait()  # the loser found nothing: the winner is not committed yet
            await winner_db.commit()
        [lost] = results
    # It looked, found nothing, was refused by the index, and looked again.
    assert [a if a is None else a.id for a in found_by_loser] == [None, winner.answer.id]
    assert not lost.created and lost.answer.id == winner.answer.id
    assert (await _count(app, Answer), await _count(app, AnswerNotification)) == (1, 1)

