"""Walking an e-service over the ASGI client, step by step, the way a browser posts.

Shared by the tests of the three VDI e-services (complaint, notice of remedied
violations, accident report): each step is fetched first (for its CSRF token
and to check it renders), then posted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from eservices.submissions.models import Attachment, OutboxEntry, Submission

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
Files = list[tuple[str, tuple[str, bytes, str]]]


def token_of(page: httpx.Response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text[:500]
    return match.group(1)


@dataclass
class Walk:
    client: httpx.AsyncClient
    service: str

    def url(self, step: str) -> str:
        return f"/e/{self.service}/{step}"

    async def show(self, step: str, query: str = "") -> httpx.Response:
        page = await self.client.get(self.url(step) + query)
        assert page.status_code == 200, (page.status_code, page.text[:800])
        return page

    async def post(self, step: str, data: dict[str, Any], files: Files | None = None,
                   query: str = "") -> httpx.Response:
        page = await self.show(step, query)
        return await self.client.post(self.url(step) + query,
                                      data={"csrf_token": token_of(page), **data}, files=files)

    async def answer(self, step: str, data: dict[str, Any], files: Files | None = None,
                     then: str | None = None) -> None:
        """Post a step that must be accepted; `then`: the step (or "check") that follows."""
        response = await self.post(step, data, files)
        assert response.status_code == 303, (step, response.status_code, response.text[:3000])
        if then is not None:
            assert response.headers["location"] == self.url(then), response.headers["location"]

    async def send(self) -> str:
        """Send from the check page; the reference number from the confirmation."""
        check = await self.show("check")
        draft_id = re.search(r'name="draft_id" value="([^"]+)"', check.text)
        assert draft_id
        sent = await self.client.post(self.url("check"), data={
            "csrf_token": token_of(check), "draft_id": draft_id.group(1)})
        assert sent.status_code == 303, sent.text[:500]
        confirmation = await self.client.get(sent.headers["location"])
        reference = re.search(r'class="reference">([^<]+)<', confirmation.text)
        assert reference
        return reference.group(1)


def date_parts(name: str, day: int, month: int, year: int) -> dict[str, str]:
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": str(year)}


@dataclass
class Stored:
    submission: Submission
    attachments: list[Attachment]
    outbox: OutboxEntry


async def stored(app: Starlette, reference: str) -> Stored:
    """The submission with this reference, its files and its outbox row."""
    async with app.state.sessionmaker() as db:
        submission = (await db.scalars(
            select(Submission).where(Submission.reference == reference))).one()
        attachments = list(await db.scalars(
            select(Attachment).where(Attachment.submission_id == submission.id)
            .order_by(Attachment.id)))
        outbox = (await db.scalars(
            select(OutboxEntry).where(OutboxEntry.submission_id == submission.id))).one()
    return Stored(submission, attachments, outbox)
