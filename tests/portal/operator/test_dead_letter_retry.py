"""A dead letter retried by an operator gets the whole retry schedule again, not one try.

The worker runs with a clock that jumps to each due time, against a back office
that is down throughout, and retries wait half their bound: the attempts fall at
fixed moments. The schedule after the operator's retry must be the first one again,
moved to the moment of the retry, and end in the dead letters as the first did.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.back_office.fake import FakeBackOffice
from adapters.delivery.policy import DeliveryPolicy
from adapters.delivery.worker import DeliveryWorker, Outcome
from adapters.errors import Unavailable
from adapters.virus_scan.fake import FakeVirusScanner
from eservices.attachments import LocalDirectoryStorage
from eservices.submissions.models import DeliveryAttempt, OutboxEntry, OutboxState
from portal.audit.models import AuditEvent
from portal.database import utcnow
from portal.settings import Settings
from tests.adapters.delivery.queued import queue_submission
from tests.support.signin import person, sign_in

pytestmark = pytest.mark.anyio

OPERATOR = person("329954-31870", "Dace", "Ābele")
# Waits of 5, 10, 20, 40, 40, ... seconds; gives up once 3 minutes have passed.
POLICY = DeliveryPolicy(retry_base=timedelta(seconds=10), retry_cap=timedelta(seconds=80),
                        dead_after=timedelta(minutes=3))
ATTEMPTS_AFTER = [timedelta(seconds=s) for s in (0, 5, 15, 35, 75, 115, 155, 195)]


class HalfWay(random.Random):
    def random(self) -> float:
        return 0.5


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.replace(operator_personal_codes=("329954-31870",))


async def _row(app: Starlette) -> OutboxEntry:
    async with app.state.sessionmaker() as db:
        row = await db.scalar(select(OutboxEntry))
        assert row is not None
        return row


async def _deliver_until_dead(app: Starlette, settings: Settings) -> list[datetime]:
    """Run the worker at each due time until the row gives up; the attempts' times."""
    vdi = FakeBackOffice("vdi")
    vdi.fail(Unavailable("vdi", "HTTP 503: POST /vdi/submissions"))
    moments: list[datetime] = []
    for _ in range(50):
        row = await _row(app)
        if row.state == OutboxState.DEAD:
            return moments
        moment = row.next_attempt_at
        worker = DeliveryWorker(app.state.sessionmaker, {"vdi": vdi},
                                LocalDirectoryStorage(settings.storage_dir), FakeVirusScanner(),
                                POLICY, clock=lambda at=moment: at, rng=HalfWay())
        assert await worker.run(once=True) in ({Outcome.RETRY: 1}, {Outcome.DEAD: 1})
        moments.append(moment)
    raise AssertionError("the delivery never gave up")


async def _outcomes(app: Starlette) -> list[str]:
    async with app.state.sessionmaker() as db:
        return list(await db.scalars(select(DeliveryAttempt.outcome)
                                     .order_by(DeliveryAttempt.id)))


async def test_a_retried_dead_letter_is_tried_on_the_full_schedule_again(
    app: Starlette, client: httpx.AsyncClient, settings: Settings,
) -> None:
    queued_at = utcnow() - timedelta(days=2)
    await queue_submission(app.state.sessionmaker, LocalDirectoryStorage(settings.storage_dir),
                           now=queued_at)

    first = await _deliver_until_dead(app, settings)
    assert [moment - queued_at for moment in first] == ATTEMPTS_AFTER
    dead = await _row(app)
    assert (dead.state, dead.attempts) == (OutboxState.DEAD, len(ATTEMPTS_AFTER))

    # The operator retries it, two days after it was queued.
    await sign_in(app, client, OPERATOR)
    page = await client.get(f"/operator/deliveries/{dead.id}")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match
    before = utcnow()
    response = await client.post(f"/operator/deliveries/{dead.id}/retry",
                                 data={"csrf_token": match.group(1)})
    assert response.status_code == 303
    retried = await _row(app)
    assert retried.state == OutboxState.PENDING
    assert retried.retried_at is not None and before <= retried.retried_at <= utcnow()
    assert retried.next_attempt_at == retried.retried_at
    assert retried.attempts_before_retry == len(ATTEMPTS_AFTER)
    async with app.state.sessionmaker() as db:
        audit = list(await db.scalars(select(AuditEvent)))
    assert [(a.action, a.actor_personal_code, a.detail) for a in audit] == [
        ("delivery_retried", "329954-31870", f"outbox {dead.id}")]
    shown = await client.get(f"/operator/deliveries/{dead.id}")
    assert "Atkārtoti ievietots rindā" in shown.text  # "Put back in the queue", in Latvian

    # Tried again from the first back-off wait, for as long as at first, then dead again.
    second = await _deliver_until_dead(app, settings)
    assert [moment - retried.retried_at for moment in second] == ATTEMPTS_AFTER
    again = await _row(app)
    assert (again.state, again.attempts) == (OutboxState.DEAD, 2 * len(ATTEMPTS_AFTER))
    per_schedule = ["retry"] * (len(ATTEMPTS_AFTER) - 1) + ["dead"]
    assert await _outcomes(app) == per_schedule * 2


async def test_the_health_of_a_retried_delivery_counts_from_its_retry(
    app: Starlette, client: httpx.AsyncClient, settings: Settings,
) -> None:
    await queue_submission(app.state.sessionmaker, LocalDirectoryStorage(settings.storage_dir),
                           now=utcnow() - timedelta(days=2))
    async with app.state.sessionmaker() as db:
        row = await db.scalar(select(OutboxEntry))
        assert row is not None
        row.state, row.retried_at = OutboxState.PENDING, utcnow()
        await db.commit()
    await sign_in(app, client, OPERATOR)
    page = await client.get("/operator/deliveries")
    health = page.text[:page.text.index("</tbody>")]
    # Waiting for a moment since the retry, not for two days: "Working", not "Delayed".
    vdi_row = health[health.index(">VDI<"):health.index(">SPOLIS<")]
    assert '<strong class="tag">Darbojas</strong>' in vdi_row
