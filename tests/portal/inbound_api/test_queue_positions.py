"""Queue positions: stored per report, all or nothing, repeats ignored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from portal.inbound_api.models import QueuePositionReport
from tests.portal.inbound_api.conftest import SubmissionFactory

pytestmark = pytest.mark.anyio

Auth = Callable[..., dict[str, str]]


async def _reports(app: Starlette) -> list[QueuePositionReport]:
    async with app.state.sessionmaker() as db:
        return list(await db.scalars(
            select(QueuePositionReport).order_by(QueuePositionReport.reported_at)))


async def test_positions_are_stored_and_a_resent_report_changes_nothing(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    first = await make_submission("spolis", service_slug="technical_aid")
    second = await make_submission("spolis", service_slug="technical_aid")
    batch = [
        {"reference": first.reference, "position": 12, "queue_size": 340,
         "reported_at": "2026-11-01T06:00:00+02:00"},
        {"reference": second.reference.lower(), "position": 3, "queue_size": 340,
         "reported_at": "2026-11-01T06:00:00+02:00"},
        {"reference": first.reference, "position": 9, "queue_size": 338,
         "reported_at": "2026-11-08T06:00:00+02:00"},
    ]
    response = await client.post("/api/v1/queue-positions", headers=auth("spolis"), json=batch)
    assert response.status_code == 200, response.text
    assert response.json() == {"stored": 3, "unchanged": 0}
    again = await client.post("/api/v1/queue-positions", headers=auth("spolis"), json=batch)
    assert again.json() == {"stored": 0, "unchanged": 3}

    reports = await _reports(app)
    assert {(r.submission_id, r.position, r.queue_size) for r in reports} == {
        (first.id, 12, 340), (second.id, 3, 340), (first.id, 9, 338)}
    assert reports[-1].reported_at == datetime(2026, 11, 8, 4, 0, tzinfo=UTC)
    assert {r.source for r in reports} == {"spolis"}


async def test_a_batch_with_a_reference_not_routed_to_the_caller_stores_nothing(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    own = await make_submission("spolis")
    foreign = await make_submission("vdi")
    batch = [{"reference": ref, "position": 1, "queue_size": 5,
              "reported_at": "2026-11-01T06:00:00Z"}
             for ref in (own.reference, foreign.reference, "TPL-AAAA-AAAA")]
    response = await client.post("/api/v1/queue-positions", headers=auth("spolis"), json=batch)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["references"] == sorted([foreign.reference, "TPL-AAAA-AAAA"])
    assert await _reports(app) == []


@pytest.mark.parametrize("body", [
    [], {}, [{"reference": "X"}],
    [{"reference": "TPL-AAAA-AAAA", "position": 5, "queue_size": 4,
      "reported_at": "2026-11-01T06:00:00Z"}],
    [{"reference": "TPL-AAAA-AAAA", "position": 0, "queue_size": 4,
      "reported_at": "2026-11-01T06:00:00Z"}],
    [{"reference": "TPL-AAAA-AAAA", "position": True, "queue_size": 4,
      "reported_at": "2026-11-01T06:00:00Z"}],
])
async def test_invalid_reports_get_a_problem(
    client: httpx.AsyncClient, auth: Auth, body: object,
) -> None:
    response = await client.post("/api/v1/queue-positions", headers=auth("spolis"), json=body)
    assert response.status_code == 422, response.text
    assert response.json()["type"] == "/api/v1/problems/invalid"
