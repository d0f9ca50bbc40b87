"""One technical-aid queues contract, two implementations: in memory, and HTTP to the
served fake (through httpx's ASGI transport, so requests cross the real interface)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from adapters import demo_people
from adapters.errors import Rejected, Unavailable
from adapters.fake_backoffice import create_fake_backoffice
from adapters.spolis.aids_fake import FakeTechnicalAidQueues
from adapters.spolis.aids_http import HttpTechnicalAidQueues
from adapters.spolis.aids_served import PREFIX, aids_mount
from adapters.spolis.technical_aids import AidRequestChange, TechnicalAidQueues
from queue_status.models import Provider, RequestStatus

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ELZA = demo_people.ELZA_KALNINA.personal_code
JANIS = demo_people.JANIS_OZOLS.personal_code


@dataclass
class Target:
    queues: TechnicalAidQueues
    fake: FakeTechnicalAidQueues
    fail: Callable[[bool], Awaitable[None]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    fake = FakeTechnicalAidQueues(NOW)
    if request.param == "fake":

        async def fail_fake(failing: bool) -> None:
            fake.fail_with() if failing else fake.heal()

        yield Target(fake, fake, fail_fake)
        return
    app = Starlette(routes=[aids_mount(fake)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:

        async def fail_http(failing: bool) -> None:
            (await client.post(f"{PREFIX}/control/fail",
                               json={"mode": "error" if failing else "ok"})).raise_for_status()

        yield Target(HttpTechnicalAidQueues(client, f"http://backoffice{PREFIX}"), fake,
                     fail_http)


async def test_the_catalogue_names_every_aid_in_both_languages(target: Target) -> None:
    catalogue = await target.queues.catalogue()
    groups = {g.code for g in catalogue.groups}
    assert len(groups) >= 12
    assert {a.provider for a in catalogue.aids} == {p.value for p in Provider}
    for aid in catalogue.aids:
        assert aid.group_code in groups and aid.name_lv and aid.name_en
    assert catalogue == await target.fake.catalogue()


async def test_a_family_s_requests_in_their_current_state(target: Target) -> None:
    found = await target.queues.requests_of([ELZA, JANIS])
    assert {c.personal_code for c in found} == {ELZA, JANIS}
    assert [c.applied_at for c in found] == sorted((c.applied_at for c in found), reverse=True)
    waiting = [c for c in found if c.status == RequestStatus.IN_QUEUE]
    assert waiting
    for change in waiting:
        assert change.position is not None and change.queue_size is not None
        assert 1 <= change.position <= change.queue_size and change.queued_at is not None
    assert await target.queues.requests_of(["320000-00000"]) == []


async def test_queue_positions_are_exact_now(target: Target) -> None:
    feed = await _whole_feed(target.queues)
    current: dict[str, AidRequestChange] = {}
    for change in feed:
        current[change.request_id] = change
    queues: dict[tuple[str, str], list[AidRequestChange]] = {}
    for change in current.values():
        if change.status == RequestStatus.IN_QUEUE:
            queues.setdefault((change.group_code, change.provider), []).append(change)
    for waiting in queues.values():
        assert sorted(c.position or 0 for c in waiting) == list(range(1, len(waiting) + 1))
        assert {c.queue_size for c in waiting} == {len(waiting)}


async def test_the_change_feed_pages_oldest_first_and_resumes(target: Target) -> None:
    feed = await _whole_feed(target.queues, limit=97)
    keys = [(c.changed_at, c.request_id) for c in feed]
    assert keys == sorted(keys) and len(set(keys)) == len(keys) > 300
    assert all(c.changed_at <= NOW for c in feed)
    # Nothing new: the same cursor and no changes.
    _page, cursor = await target.queues.changes_since(None, 1000)
    while True:
        page, following = await target.queues.changes_since(cursor, 1000)
        if not page:
            assert following == cursor
            break
        cursor = following
    # A cursor of a time alone starts at that time.
    middle = feed[len(feed) // 2]
    page, _ = await target.queues.changes_since(
        middle.changed_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "/", 5)
    assert page[0].changed_at == middle.changed_at
    with pytest.raises(Rejected):
        await target.queues.changes_since("yesterday", 10)


async def test_an_application_joins_the_end_of_its_queue(target: Target) -> None:
    before = await _whole_feed(target.queues)
    _, cursor = await target.queues.changes_since(None, 1000)
    while True:
        page, next_cursor = await target.queues.changes_since(cursor, 1000)
        if not page:
            break
        cursor = next_cursor
    (placed,) = target.fake.place("TPL-2026-000123", ELZA, ["12-22-18", "no-such-aid"],
                                 NOW + timedelta(minutes=5))
    mine = [c for c in await target.queues.requests_of([ELZA])
            if c.request_id == placed.request_id]
    assert mine == [placed]
    waiting = {c.request_id for c in _current(before).values()
               if c.status == RequestStatus.IN_QUEUE and c.group_code == "12-22"}
    assert placed.status == RequestStatus.IN_QUEUE and placed.reference == "TPL-2026-000123"
    assert placed.position == placed.queue_size == len(waiting) + 1
    new, _ = await target.queues.changes_since(cursor, 10)
    assert [c.status for c in new] == ["received", "in_queue"]


async def test_figures_agree_with_the_requests(target: Target) -> None:
    current = _current(await _whole_feed(target.queues))
    figures = {(f.group_code, f.provider): f for f in await target.queues.queue_figures()}
    for (group, provider), item in figures.items():
        assert item.waiting == sum(1 for c in current.values() if c.status == "in_queue"
                                   and (c.group_code, c.provider) == (group, provider))
        assert sum(n for _m, n in item.served_by_month) == sum(
            1 for c in current.values() if c.status == "issued"
            and (c.group_code, c.provider) == (group, provider))
        months = [m for m, _n in item.served_by_month]
        assert months == sorted(months)
    assert any(f.served_by_month for f in figures.values())


async def test_queues_that_fail_are_unavailable(target: Target) -> None:
    await target.fail(True)
    with pytest.raises(Unavailable):
        await target.queues.catalogue()
    with pytest.raises(Unavailable):
        await target.queues.requests_of([ELZA])
    with pytest.raises(Unavailable):
        await target.queues.changes_since(None, 10)
    await target.fail(False)
    assert await target.queues.requests_of([ELZA])


async def test_the_fake_back_office_places_a_technical_aid_submission() -> None:
    app = create_fake_backoffice()
    envelope = {"reference": "TPL-2026-000777", "eservice": "technical_aid",
                "subject": {"kind": "child_or_ward", "id": ELZA, "name": "Elza"},
                "form_data": {"aids": {"aid_codes": ["12-22-18"]}}, "attachments": []}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:
        answer = await client.post("/spolis/submissions", headers={"Idempotency-Key": "k" * 32},
                                   files={"envelope": (None, json.dumps(envelope),
                                                       "application/json")})
        assert answer.status_code == 201, answer.text
        queues = HttpTechnicalAidQueues(client, f"http://backoffice{PREFIX}")
        placed = [c for c in await queues.requests_of([ELZA])
                  if c.reference == "TPL-2026-000777"]
        assert [(c.aid_code, c.status) for c in placed] == [("12-22-18", "in_queue")]


async def _whole_feed(queues: TechnicalAidQueues, limit: int = 1000) -> list[AidRequestChange]:
    feed: list[AidRequestChange] = []
    cursor = None
    while True:
        page, cursor = await queues.changes_since(cursor, limit)
        if not page:
            return feed
        feed += page


def _current(feed: list[AidRequestChange]) -> dict[str, AidRequestChange]:
    current: dict[str, AidRequestChange] = {}
    for change in feed:
        current[change.request_id] = change
    return current
