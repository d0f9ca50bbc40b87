"""The shared life cycle, walked through with a small sample e-service."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from eservices.submissions.models import Attachment, Draft, OutboxEntry, Submission
from eservices.submissions.reference import normalise_reference
from portal.usage_metrics.models import UsageEventRecord
from tests.eservices.submissions.conftest import ILZE, JANIS, PDF, post_step, token_of
from tests.support.signin import sign_in

pytestmark = pytest.mark.anyio

async def count(app: Starlette, model: type) -> int:
    async with app.state.sessionmaker() as db:
        return int(await db.scalar(select(func.count()).select_from(model)) or 0)


async def walk_to_check(web: httpx.AsyncClient) -> None:
    about = await post_step(web, "about", {"topic": "Algas kavējums", "happened_on-day": "3",
                                           "happened_on-month": "11", "happened_on-year": "2026"})
    assert about.headers["location"] == "/e/sample/details"
    details = await post_step(web, "details", {"details": "Alga nav izmaksāta", "urgent": "no"})
    assert details.headers["location"] == "/e/sample/files"  # urgency is skipped
    files = await post_step(web, "files", {"channel": "email", "email": "ilze@example.lv"},
                            files=[("evidence", ("līgums.pdf", PDF, "application/pdf"))])
    assert files.headers["location"] == "/e/sample/check"


async def test_anonymous_visitors_are_sent_to_sign_in(web: httpx.AsyncClient) -> None:
    response = await web.get("/e/sample")
    assert response.status_code in (302, 303)
    assert "login" in response.headers["location"]


async def test_walk_through_submit_and_follow(
    web: httpx.AsyncClient, sample_app: Starlette
) -> None:
    await sign_in(sample_app, web, ILZE)
    start = await web.get("/e/sample")
    assert "Sākt" in start.text
    # A validation error first, then the fix.
    page = await web.get("/e/sample/about")
    assert "1. solis no 3" in page.text
    wrong = await web.post("/e/sample/about", data={"csrf_token": token_of(page), "topic": "",
                                                    "happened_on-day": "31",
                                                    "happened_on-month": "2",
                                                    "happened_on-year": "2026"})
    assert wrong.status_code == 400
    assert "<title>Kļūda: " in wrong.text and 'href="#topic"' in wrong.text
    assert 'value="31"' in wrong.text
    await walk_to_check(web)

    check = await web.get("/e/sample/check")
    assert check.status_code == 200
    assert "Algas kavējums" in check.text and "2026. gada 3. novembris" in check.text
    assert "līgums.pdf" in check.text
    assert 'href="/e/sample/details?change=1"' in check.text
    draft_id = re.search(r'name="draft_id" value="([^"]+)"', check.text).group(1)  # type: ignore[union-attr]
    sent = await web.post("/e/sample/check", data={"csrf_token": token_of(check),
                                                   "draft_id": draft_id})
    assert sent.status_code == 303
    confirmation = await web.get(sent.headers["location"])
    reference = re.search(r'class="reference">([^<]+)<', confirmation.text).group(1)  # type: ignore[union-attr]
    assert reference.startswith("SMP-") and normalise_reference(reference) == reference

    # One transaction: the submission, its attachment, its outbox row; no draft left.
    async with sample_app.state.sessionmaker() as db:
        submission = (await db.scalars(select(Submission))).one()
        attachment = (await db.scalars(select(Attachment))).one()
        outbox = (await db.scalars(select(OutboxEntry))).one()
    assert submission.reference == reference and submission.subject_id == ILZE["personal_code"]
    assert submission.answer_channel == "email" and submission.contact_email == "ilze@example.lv"
    assert attachment.submission_id == submission.id and attachment.draft_id is None
    assert attachment.content_type == "application/pdf"
    assert outbox.idempotency_key == reference and outbox.destination == "vdi"
    assert await count(sample_app, Draft) == 0

    # Usage is counted for the journey, with no personal data in the events.
    async with sample_app.state.sessionmaker() as db:
        events = list((await db.scalars(select(UsageEventRecord))).all())
    kinds = [(e.kind, e.step) for e in events]
    assert ("started", "about") in kinds and ("submitted", "") in kinds
    assert ("step", "check") in kinds
    assert len({e.journey_id for e in events}) == 1
    assert all(ILZE["personal_code"] not in e.journey_id for e in events)
    assert "/feedback/service/sample?journey=" in confirmation.text

    listing = await web.get("/submissions")
    assert reference in listing.text
    detail = await web.get(f"/submissions/{submission.id}")
    assert "Saņemts portālā" in detail.text
    receipt = await web.get(f"/submissions/{submission.id}/receipt", params={"download": "1"})
    assert receipt.headers["content-disposition"] == f'attachment; filename="{reference}.txt"'
    assert reference in receipt.text and "Algas kavējums" in receipt.text


async def test_double_submit_creates_one_submission(
    web: httpx.AsyncClient, sample_app: Starlette
) -> None:
    await sign_in(sample_app, web, ILZE)
    await walk_to_check(web)
    check = await web.get("/e/sample/check")
    form = {"csrf_token": token_of(check),
            "draft_id": re.search(r'name="draft_id" value="([^"]+)"', check.text).group(1)}  # type: ignore[union-attr]
    first = await web.post("/e/sample/check", data=form)
    second = await web.post("/e/sample/check", data=form)
    assert first.headers["location"] == second.headers["location"]
    assert await count(sample_app, Submission) == 1
    assert await count(sample_app, OutboxEntry) == 1


async def test_conditional_step_and_change_links(
    web: httpx.AsyncClient, sample_app: Starlette
) -> None:
    await sign_in(sample_app, web, ILZE)
    await walk_to_check(web)
    changed = await post_step(web, "details", {"details": "Steidzami", "urgent": "yes"},
                              query="?change=1")
    # The change made a further step necessary: it comes next, and the check page
    # will not show until it is answered.
    assert changed.headers["location"] == "/e/sample/urgency"
    assert (await web.get("/e/sample/check")).headers["location"] == "/e/sample/urgency"
    urgency = await post_step(web, "urgency", {"reason": "Draud atlaišana"})
    assert urgency.headers["location"] == "/e/sample/check"
    assert "Draud atlaišana" in (await web.get("/e/sample/check")).text


async def test_drafts_are_resumed_per_subject(
    web: httpx.AsyncClient, sample_app: Starlette
) -> None:
    await sign_in(sample_app, web, ILZE)
    await post_step(web, "about", {"topic": "Virsstundas", "happened_on-day": "1",
                                   "happened_on-month": "10", "happened_on-year": "2026"})
    web.cookies.clear()
    await sign_in(sample_app, web, ILZE)  # later, in a new session
    start = await web.get("/e/sample")
    assert "Turpināt" in start.text
    assert 'value="Virsstundas"' in (await web.get("/e/sample/about")).text
    assert "Nepabeigti" in (await web.get("/submissions")).text
    web.cookies.clear()
    await sign_in(sample_app, web, JANIS)  # somebody else sees nothing of it
    assert "Virsstundas" not in (await web.get("/e/sample/about")).text
    assert "Nepabeigti" not in (await web.get("/submissions")).text


async def test_disguised_file_is_refused_and_the_rest_kept(
    web: httpx.AsyncClient, sample_app: Starlette
) -> None:
    await sign_in(sample_app, web, ILZE)
    await walk_to_check(web)
    response = await post_step(
        web, "files", {"channel": "portal"},
        files=[("evidence", ("rēķins.pdf", b"MZ\x90\x00 this is a program", "application/pdf"))])
    assert response.status_code == 400
    assert "rēķins.pdf" in response.text and "jābūt PDF" in response.text
    assert "līgums.pdf" in response.text  # the earlier file is still there
    assert 'value="portal" checked' in response.text
    assert await count(sample_app, Attachment) == 1


async def test_another_subjects_submission_is_not_found(
    web: httpx.AsyncClient, sample_app: Starlette
) -> None:
    await sign_in(sample_app, web, ILZE)
    await walk_to_check(web)
    check = await web.get("/e/sample/check")
    sent = await web.post("/e/sample/check", data={
        "csrf_token": token_of(check),
        "draft_id": re.search(r'name="draft_id" value="([^"]+)"', check.text).group(1)})  # type: ignore[union-attr]
    submission_url = sent.headers["location"].removesuffix("/confirmation")
    web.cookies.clear()
    await sign_in(sample_app, web, JANIS)
    for suffix in ("", "/confirmation", "/receipt", "/receipt?download=1"):
        assert (await web.get(submission_url + suffix)).status_code == 404


async def test_removing_an_attachment(web: httpx.AsyncClient, sample_app: Starlette) -> None:
    await sign_in(sample_app, web, ILZE)
    await walk_to_check(web)
    page = await web.get("/e/sample/files")
    attachment_id = re.search(r'name="remove_attachment" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    removed = await web.post("/e/sample/files", data={
        "csrf_token": token_of(page), "channel": "portal", "remove_attachment": attachment_id},
        files=[("evidence", ("", b"", "application/octet-stream"))])
    assert removed.status_code == 303
    assert await count(sample_app, Attachment) == 0
