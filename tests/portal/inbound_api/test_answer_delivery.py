"""Answers reach the person on the channel they chose: e-mail over a real SMTP server
on loopback, or the e-address; retried while the channel fails."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import anyio
import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.e_address.fake import FakeEAddress
from adapters.email.base import EmailSender
from adapters.email.smtp import SmtpEmailSender
from eservices.submissions.models import Answer, Submission
from portal.database import utcnow
from portal.notifications.models import AnswerNotification
from portal.notifications.sender import MAX_ATTEMPTS, send_pending_notifications
from tests.portal.inbound_api.conftest import SubmissionFactory, keyed
from tests.support.smtp_server import HOST, SmtpServer

pytestmark = pytest.mark.anyio

Auth = Callable[..., dict[str, str]]
PORTAL = "https://portals.example.lv"
PDF = b"%PDF-1.7\n%%EOF\n"
ANSWER_TEXT = "Pārbaudē konstatēti pārkāpumi; darba devējam dots rīkojums."


@dataclass
class Channels:
    email: EmailSender
    e_address: FakeEAddress


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path) as server:
        yield server


@pytest.fixture
def channels(smtp_server: SmtpServer) -> Channels:
    return Channels(email=SmtpEmailSender(HOST, smtp_server.port,
                                          "no-reply@portals.example.lv", security="none"),
                    e_address=FakeEAddress())


async def _answer(client: httpx.AsyncClient, auth: Auth, submission: Submission,
                  with_file: bool = True) -> int:
    files: dict[str, tuple[str | None, bytes | str, str]] = {
        "metadata": (None, json.dumps({"text": ANSWER_TEXT}), "application/json")}
    if with_file:
        files["file"] = ("lemums.pdf", PDF, "application/pdf")
    response = await client.post(f"/api/v1/submissions/{submission.reference}/answers",
                                 headers=keyed(auth), files=files)
    assert response.status_code == 201, response.text
    answer_id: int = response.json()["answer_id"]
    return answer_id


async def _state(app: Starlette, answer_id: int) -> tuple[AnswerNotification, Answer]:
    async with app.state.sessionmaker() as db:
        notification = await db.scalar(select(AnswerNotification).where(
            AnswerNotification.answer_id == answer_id))
        assert notification is not None
        return notification, await db.get_one(Answer, answer_id)


async def test_an_answer_is_announced_by_email_in_latvian_without_personal_data(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    channels: Channels, smtp_server: SmtpServer,
) -> None:
    submission = await make_submission(channel="email", email="dace.abele@example.lv")
    answer_id = await _answer(client, auth, submission)
    now = utcnow()
    sent = await send_pending_notifications(app.state.sessionmaker, channels, now,
                                            portal_url=PORTAL)
    assert sent == 1
    [message] = smtp_server.messages
    body = message.get_content()
    assert message["To"] == "dace.abele@example.lv"
    assert message["Subject"] == f"Atbilde uz jūsu iesniegumu {submission.reference}"
    assert message["Content-Language"] == "lv"
    assert f"{PORTAL}/submissions" in body
    assert "Lai izlasītu atbildi" in body and "datne" in body
    for private in ("329954-31870", "32995431870", "Dace", ANSWER_TEXT, "PDF-1.7"):
        assert private not in body and private not in message["Subject"]

    notification, answer = await _state(app, answer_id)
    assert (notification.state, notification.sent_at) == ("sent", now)
    assert (answer.notified_channel, answer.notified_at) == ("email", now)
    assert await send_pending_notifications(app.state.sessionmaker, channels, now) == 0
    assert len(smtp_server.messages) == 1


async def test_the_email_follows_the_language_of_the_submission(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    channels: Channels, smtp_server: SmtpServer,
) -> None:
    submission = await make_submission(channel="email", email="dace@example.lv", locale="en")
    await _answer(client, auth, submission, with_file=False)
    await send_pending_notifications(app.state.sessionmaker, channels, utcnow())
    [message] = smtp_server.messages
    assert message["Subject"] == f"Answer to your submission {submission.reference}"
    assert "Sign in to the portal to read the answer" in message.get_content()


async def test_a_failing_mail_server_is_retried_and_a_refusal_is_final(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    channels: Channels, smtp_server: SmtpServer,
) -> None:
    submission = await make_submission(channel="email", email="dace@example.lv")
    answer_id = await _answer(client, auth, submission)
    now = utcnow()
    smtp_server.refuse("451 4.3.0 try again later")
    assert await send_pending_notifications(app.state.sessionmaker, channels, now) == 0
    notification, answer = await _state(app, answer_id)
    assert (notification.state, notification.attempts) == ("pending", 1)
    assert notification.next_attempt_at > now and "451" in notification.last_error
    assert answer.notified_at is None
    # Not due yet: nothing is tried.
    assert await send_pending_notifications(app.state.sessionmaker, channels, now) == 0
    smtp_server.refuse(None)
    later = now + timedelta(hours=2)
    assert await send_pending_notifications(app.state.sessionmaker, channels, later) == 1
    assert len(smtp_server.messages) == 1

    second = await make_submission(channel="email", email="nobody@example.lv")
    refused_id = await _answer(client, auth, second)
    smtp_server.refuse("550 5.1.1 no such user")
    assert await send_pending_notifications(app.state.sessionmaker, channels, later) == 0
    notification, _ = await _state(app, refused_id)
    assert notification.state == "failed" and "550" in notification.last_error
    assert "nobody" not in notification.last_error


async def test_attempts_are_bounded(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    channels: Channels, smtp_server: SmtpServer,
) -> None:
    submission = await make_submission(channel="email", email="dace@example.lv")
    answer_id = await _answer(client, auth, submission)
    smtp_server.refuse("421 4.3.2 shutting down")
    moment = utcnow()
    for _ in range(MAX_ATTEMPTS):
        await send_pending_notifications(app.state.sessionmaker, channels, moment)
        moment += timedelta(days=1)
    notification, _ = await _state(app, answer_id)
    assert (notification.state, notification.attempts) == ("failed", MAX_ATTEMPTS)


async def test_an_answer_goes_to_the_e_address_with_its_text(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    channels: Channels,
) -> None:
    submission = await make_submission(channel="e_address")
    answer_id = await _answer(client, auth, submission)
    assert await send_pending_notifications(app.state.sessionmaker, channels, utcnow(),
                                            portal_url=PORTAL) == 1
    [message] = channels.e_address.sent.values()
    assert (message.recipient_kind, message.recipient_code) == ("person", "329954-31870")
    assert message.idempotency_key == f"answer-{answer_id}"
    assert message.reference == submission.reference
    assert ANSWER_TEXT in message.body and f"{PORTAL}/submissions" in message.body
    _, answer = await _state(app, answer_id)
    assert answer.notified_channel == "e_address"


async def test_e_mail_without_an_address_is_shown_as_failed_at_once(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    submission = await make_submission(channel="email", email="")
    answer_id = await _answer(client, auth, submission)
    notification, _ = await _state(app, answer_id)
    assert notification.state == "failed"


async def test_two_workers_at_once_send_each_notification_once(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
    channels: Channels, smtp_server: SmtpServer,
) -> None:
    for _ in range(4):
        submission = await make_submission(channel="email", email="dace@example.lv")
        await _answer(client, auth, submission, with_file=False)
    now = utcnow()
    results: list[int] = []

    async def worker() -> None:
        results.append(await send_pending_notifications(app.state.sessionmaker, channels, now))

    async with anyio.create_task_group() as group:
        group.start_soon(worker)
        group.start_soon(worker)
    assert sum(results) == 4
    assert len(smtp_server.messages) == 4
