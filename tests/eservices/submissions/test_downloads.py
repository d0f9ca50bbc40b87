"""Files of a submission and of its answers: for its subject only."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from eservices.attachments.storage import new_key
from eservices.submissions.models import Answer, Attachment, Submission
from portal.database import utcnow
from tests.eservices.submissions.conftest import ILZE, JANIS, PDF, token_of
from tests.eservices.submissions.test_lifecycle import walk_to_check
from tests.support.signin import sign_in

pytestmark = pytest.mark.anyio


async def submitted(web: httpx.AsyncClient, app: Starlette) -> Submission:
    await sign_in(app, web, ILZE)
    await walk_to_check(web)
    check = await web.get("/e/sample/check")
    draft_id = re.search(r'name="draft_id" value="([^"]+)"', check.text)
    assert draft_id
    await web.post("/e/sample/check", data={"csrf_token": token_of(check),
                                            "draft_id": draft_id.group(1)})
    async with app.state.sessionmaker() as db:
        return (await db.scalars(select(Submission))).one()


async def test_own_files_download_and_others_are_not_found(
    web: httpx.AsyncClient, sample_app: Starlette
) -> None:
    submission = await submitted(web, sample_app)
    storage = sample_app.state.storage
    answer_key = new_key()
    writer = await storage.open_writer(answer_key)
    await writer.write(PDF)
    await writer.commit()
    async with sample_app.state.sessionmaker() as db:
        attachment = (await db.scalars(select(Attachment))).one()
        answer = Answer(submission_id=submission.id, text="Atbilde", file_key=answer_key,
                        file_name="atbilde.pdf", file_type="application/pdf",
                        file_size=len(PDF), received_at=utcnow())
        db.add(answer)
        await db.commit()
        answer_id = answer.id

    detail = await web.get(f"/submissions/{submission.id}")
    attachment_url = f"/submissions/{submission.id}/attachments/{attachment.id}"
    answer_url = f"/submissions/{submission.id}/answers/{answer_id}/file"
    assert attachment_url in detail.text and answer_url in detail.text
    own = await web.get(attachment_url)
    assert own.status_code == 200 and own.content == PDF
    assert own.headers["content-type"] == "application/pdf"
    assert own.headers["content-disposition"].startswith("attachment;")
    assert own.headers["x-content-type-options"] == "nosniff"
    assert (await web.get(answer_url)).content == PDF
    assert (await web.get(f"/submissions/{submission.id}/attachments/999999")).status_code == 404

    web.cookies.clear()
    await sign_in(sample_app, web, JANIS)
    assert (await web.get(attachment_url)).status_code == 404
    assert (await web.get(answer_url)).status_code == 404
