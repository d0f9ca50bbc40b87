"""A purged submission, as its person sees it: listed, explained, files gone (410)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette

from eservices.submissions.models import Answer, OutboxEntry, OutboxState, Submission
from portal.database import utcnow
from portal.housekeeping.command import tidy_once
from tests.eservices.submissions.conftest import PDF
from tests.eservices.submissions.test_downloads import submitted
from tests.portal.housekeeping.conftest import exists, stored_file

pytestmark = pytest.mark.anyio


async def _old_and_answered(web: httpx.AsyncClient, app: Starlette) -> tuple[Submission, int]:
    """The sample submission, delivered 400 days ago and answered 390 days ago."""
    made = await submitted(web, app)
    now = utcnow()
    answer_key = await stored_file(app.state.storage)
    async with app.state.sessionmaker() as db:
        await db.execute(update(Submission).where(Submission.id == made.id).values(
            status="answered", status_changed_at=now - timedelta(days=390)))
        await db.execute(update(OutboxEntry).where(OutboxEntry.submission_id == made.id).values(
            state=OutboxState.DELIVERED, delivered_at=now - timedelta(days=400)))
        answer = Answer(submission_id=made.id, text="Jūsu sūdzība ir izskatīta",
                        file_key=answer_key, file_name="lēmums.pdf",
                        file_type="application/pdf", file_size=len(PDF),
                        received_at=now - timedelta(days=390))
        db.add(answer)
        await db.commit()
        return made, answer.id


async def test_purged_submission_is_listed_explained_and_its_files_are_gone(
    web: httpx.AsyncClient, sample_app: Starlette
) -> None:
    made, answer_id = await _old_and_answered(web, sample_app)
    attachment_id = made.attachments[0].id
    keys = [made.attachments[0].storage_key]
    before = await web.get(f"/submissions/{made.id}")
    assert "Algas kavējums" in before.text and "lēmums.pdf" in before.text

    report = await tidy_once(sample_app.state.sessionmaker, sample_app.state.storage,
                             sample_app.state.settings, utcnow())
    assert (report.submissions, report.files_deleted) == (1, 2)
    assert await exists(sample_app.state.storage, keys) == [False]

    listing = await web.get("/submissions")
    assert made.reference in listing.text
    assert "Detalizētā informācija dzēsta pēc glabāšanas termiņa beigām" in listing.text

    page = await web.get(f"/submissions/{made.id}")
    assert page.status_code == 200
    text = page.text
    assert "Detalizētā informācija no portāla ir dzēsta" in text
    assert "Portāls tos glabā 365 dienas" in text
    assert "Oriģinālu glabā Valsts darba inspekcija." in text
    assert "Statusa vēsture" in text and made.reference in text
    for gone in ("Algas kavējums", "Alga nav izmaksāta", "līgums.pdf", "lēmums.pdf",
                 "Jūsu sūdzība ir izskatīta", "ilze@example.lv"):
        assert gone not in text
    assert "Šīs atbildes teksts pēc glabāšanas termiņa beigām ir dzēsts." in text

    for url in (f"/submissions/{made.id}/attachments/{attachment_id}",
                f"/submissions/{made.id}/answers/{answer_id}/file"):
        gone_page = await web.get(url)
        assert gone_page.status_code == 410, url
        assert gone_page.headers["content-type"].startswith("text/html")
        assert "Šīs datnes portālā vairs nav" in gone_page.text
        assert "Valsts darba inspekcija" in gone_page.text

    receipt = await web.get(f"/submissions/{made.id}/receipt")
    assert receipt.status_code == 200 and "Algas kavējums" not in receipt.text
    assert "Oriģinālu glabā Valsts darba inspekcija." in receipt.text
    download = await web.get(f"/submissions/{made.id}/receipt?download=1")
    assert "Algas kavējums" not in download.text
    assert "pēc iesniegumu glabāšanas termiņa beigām" in download.text


async def test_the_explanation_in_english(web: httpx.AsyncClient, sample_app: Starlette) -> None:
    made, answer_id = await _old_and_answered(web, sample_app)
    await tidy_once(sample_app.state.sessionmaker, sample_app.state.storage,
                    sample_app.state.settings, utcnow())
    web.headers["accept-language"] = "en"
    page = await web.get(f"/submissions/{made.id}")
    assert "The details were removed from the portal" in page.text
    assert "The portal keeps them for 365 days after the submission was delivered" in page.text
    assert "State Labour Inspectorate keeps the original." in page.text
    gone = await web.get(f"/submissions/{made.id}/answers/{answer_id}/file")
    assert gone.status_code == 410 and "This file is no longer in the portal" in gone.text


async def test_someone_else_still_finds_nothing(web: httpx.AsyncClient,
                                               sample_app: Starlette) -> None:
    from tests.eservices.submissions.conftest import JANIS
    from tests.support.signin import sign_in

    made, answer_id = await _old_and_answered(web, sample_app)
    await tidy_once(sample_app.state.sessionmaker, sample_app.state.storage,
                    sample_app.state.settings, utcnow())
    web.cookies.clear()
    await sign_in(sample_app, web, JANIS)
    assert (await web.get(f"/submissions/{made.id}")).status_code == 404
    assert (await web.get(f"/submissions/{made.id}/answers/{answer_id}/file")).status_code == 404


async def test_a_recent_submission_downloads_as_before(web: httpx.AsyncClient,
                                                      sample_app: Starlette) -> None:
    made = await submitted(web, sample_app)
    await tidy_once(sample_app.state.sessionmaker, sample_app.state.storage,
                    sample_app.state.settings, utcnow())
    async with sample_app.state.sessionmaker() as db:
        kept = await db.scalar(select(Submission).where(Submission.id == made.id))
    assert kept is not None and kept.purged_at is None
    response = await web.get(f"/submissions/{made.id}/attachments/{made.attachments[0].id}")
    assert response.status_code == 200 and response.content == PDF
