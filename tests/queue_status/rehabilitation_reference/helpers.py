"""What the e-reference tests share: signing in, issuing, and reading the database."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.sris.fake import FakeSris
from queue_status.rehabilitation_reference.models import RehabilitationReference
from tests.portal.auth.browser import post_form, submit

QUEUE = "/rehabilitation-queue"
ISSUE = "/rehabilitation-queue/references"


def fake_sris(app: Starlette) -> FakeSris:
    sris = app.state.adapters.sris
    assert isinstance(sris, FakeSris)
    return sris


async def issue(client: httpx.AsyncClient, application_id: str) -> httpx.Response:
    """Press "Prepare an e-reference" for one queue place, as a browser would."""
    page = await client.get(QUEUE)
    assert page.status_code == 200, page.text[:500]
    form = post_form(page, ISSUE)
    return await submit(client, page, form, application_id=application_id)


async def issued_reference(client: httpx.AsyncClient, application_id: str) -> int:
    response = await issue(client, application_id)
    assert response.status_code == 303, response.text[:500]
    match = re.fullmatch(r"/rehabilitation-queue/references/(\d+)\?issued=1",
                         response.headers["location"])
    assert match is not None
    return int(match.group(1))


async def references(app: Starlette, **where: Any) -> list[RehabilitationReference]:
    async with app.state.sessionmaker() as db:
        return list(await db.scalars(select(RehabilitationReference).filter_by(**where)
                                     .order_by(RehabilitationReference.id)))
