"""/metrics: closed unless a setting opens it, and counting what the portal does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette

from eservices.submissions.models import DeliveryAttempt, OutboxEntry, Submission
from portal.database import transaction, utcnow
from portal.settings import Settings

pytestmark = pytest.mark.anyio

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    access = getattr(request, "param", "token")
    return settings.replace(metrics_access=access, metrics_token=TOKEN)


@pytest.fixture
async def remote(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A client that is not on this machine."""
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return samples(response.text)


@pytest.mark.parametrize("settings", ["off"], indirect=True)
async def test_off_by_default_is_the_ordinary_not_found_page(client: httpx.AsyncClient) -> None:
    assert Settings().metrics_access == "off"
    response = await client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("settings", ["loopback"], indirect=True)
async def test_loopback_serves_this_machine_only(
    client: httpx.AsyncClient, remote: httpx.AsyncClient
) -> None:
    assert (await client.get("/metrics")).status_code == 200
    assert (await remote.get("/metrics")).status_code == 404


async def test_a_token_is_required(client: httpx.AsyncClient, remote: httpx.AsyncClient) -> None:
    for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": f"Basic {TOKEN}"}):
        response = await client.get("/metrics", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert (await remote.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
            ).status_code == 200


async def test_requests_are_counted_by_route_template(client: httpx.AsyncClient) -> None:
    await client.get("/")
    await client.get("/accessibility")
    await client.get("/accessibility")
    await client.get("/operator/usage/labour_complaint")  # 404 for someone not an operator
    await client.get("/operator/usage/technical_aid")
    await client.get("/no/such/page/123")
    await client.get("/static/css/portal.css")
    seen = await scrape(client)

    def count(route: str, status: str) -> float:
        return seen.get(("portal_http_requests_total",
                         (("method", "GET"), ("route", route), ("status", status))), 0)

    assert count("/", "200") == 1
    assert count("/accessibility", "200") == 2
    assert count("/operator/usage/{service_slug}", "404") == 2
    assert count("<unmatched>", "404") == 1
    assert count("/static/{path}", "200") == 1
    assert not any("labour_complaint" in str(labels) or "123" in str(labels)
                   for _name, labels in seen)
    assert seen[("portal_http_request_duration_seconds_count",
                 (("method", "GET"), ("route", "/accessibility")))] == 2


async def test_failed_sign_ins_are_counted(client: httpx.AsyncClient) -> None:
    # The provider's answer without the state the portal keeps: an expired sign-in.
    response = await client.get("/login/callback", params={"code": "x", "state": "y"})
    assert response.status_code >= 400
    seen = await scrape(client)
    failures = {labels: value for (name, labels), value in seen.items()
                if name == "portal_login_failures_total"}
    assert failures == {(("status", str(response.status_code)),): 1}


async def test_outbox_and_deliveries_come_from_the_database(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    now = utcnow()
    async with transaction(app.state.sessionmaker) as db:
        rows = [("vdi", "pending"), ("vdi", "pending"), ("spolis", "dead"), ("siva", "delivered")]
        for number, (destination, state) in enumerate(rows):
            submission = Submission(
                id=f"s-{number}", reference=f"VDS-0000-000{number}", draft_id=f"d-{number}",
                service_slug="labour_complaint", destination=destination, subject_kind="self",
                subject_id="010101-10006", subject_name="Jānis Bērziņš",
                actor_personal_code="010101-10006", actor_name="Jānis Bērziņš",
                representation="self", answers={}, locale="lv", submitted_at=now,
                status_changed_at=now)
            db.add(submission)
            await db.flush()
            entry = OutboxEntry(submission_id=submission.id, destination=destination,
                                idempotency_key=submission.reference, state=state, attempts=1,
                                created_at=now, next_attempt_at=now + timedelta(minutes=1))
            db.add(entry)
            await db.flush()
            outcome = {"pending": "retry", "dead": "dead", "delivered": "delivered"}[state]
            db.add(DeliveryAttempt(outbox_id=entry.id, worker="w", started_at=now,
                                   duration_ms=5, outcome=outcome))
    seen = await scrape(client)
    assert seen[("portal_outbox_depth", (("destination", "vdi"),))] == 2
    assert seen[("portal_outbox_depth", (("destination", "siva"),))] == 0
    assert seen[("portal_outbox_dead_letters", (("destination", "spolis"),))] == 1
    assert seen[("portal_delivery_attempts_total",
                 (("destination", "vdi"), ("outcome", "retry")))] == 2
    assert seen[("portal_delivery_failures_total", (("destination", "vdi"),))] == 2
    assert seen[("portal_delivery_failures_total", (("destination", "spolis"),))] == 1
    assert seen[("portal_delivery_failures_total", (("destination", "siva"),))] == 0
