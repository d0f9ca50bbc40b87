"""One contract for SIVA's SRIS, two implementations: in memory, and over HTTP against
the fake back office app (the endpoint the demo serves), plus how the HTTP adapter
translates what a real gateway might answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date

import httpx
import pytest

from adapters.demo_people import (
    ANDRIS_LIEPA,
    ANNA_BERZINA,
    ELZA_KALNINA,
    ILZE_KALNINA,
    JANIS_OZOLS,
    MARTINS_KALNINS,
)
from adapters.errors import Rejected, Unavailable
from adapters.fake_backoffice import create_fake_backoffice
from adapters.sris.base import DocumentStatus, Sris
from adapters.sris.fake import FakeSris
from adapters.sris.http import HttpSris

pytestmark = pytest.mark.anyio


@dataclass
class Target:
    sris: Sris
    break_it: Callable[[], Awaitable[None]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    if request.param == "fake":
        fake = FakeSris()

        async def break_fake() -> None:
            fake.fail_with()

        yield Target(fake, break_fake)
        return
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:

        async def break_http() -> None:
            told = await client.post("/control/fail", json={"system": "siva", "mode": "error"})
            told.raise_for_status()

        yield Target(HttpSris(client, "http://backoffice/siva/sris/"), break_http)


async def test_a_place_with_its_documents(target: Target) -> None:
    [place] = await target.sris.queue_places(JANIS_OZOLS.personal_code)
    assert place.application_id == "SR-2026-00412"
    assert place.service_code == "institution"
    assert place.service_name_lv == "Sociālā rehabilitācija institūcijā"
    assert place.service_name_en == "Social rehabilitation in an institution"
    assert (place.position, place.queue_size, place.queued_on) == (143, 612, date(2026, 8, 17))
    assert [(d.code, d.status) for d in place.documents] == [
        ("application", DocumentStatus.RECEIVED),
        ("family_doctor_statement", DocumentStatus.MISSING),
        ("functioning_assessment", DocumentStatus.RECEIVED),
    ]
    assert place.documents[0].received_on == date(2026, 8, 17)
    assert place.documents[1].received_on is None
    assert [d.name_lv for d in place.missing_documents] == ["Ģimenes ārsta izziņa"]


async def test_several_places_longest_waiting_first(target: Target) -> None:
    places = await target.sris.queue_places(ANNA_BERZINA.personal_code)
    assert [p.application_id for p in places] == ["SR-2026-00388", "SR-2026-00519"]
    assert places[0].missing_documents == ()
    assert len(places[1].missing_documents) == 2
    # People waiting in one queue see one size of it.
    assert places[1].queue_size == (await target.sris.queue_places(
        JANIS_OZOLS.personal_code))[0].queue_size


async def test_children_have_their_own_places(target: Target) -> None:
    [hearing] = await target.sris.queue_places(MARTINS_KALNINS.personal_code)
    [vision] = await target.sris.queue_places(ELZA_KALNINA.personal_code)
    assert "dzirdes" in hearing.service_name_lv and "redzes" in vision.service_name_lv
    assert [d.code for d in vision.missing_documents] == ["functioning_assessment"]


async def test_a_person_without_applications_has_no_places(target: Target) -> None:
    assert await target.sris.queue_places(ILZE_KALNINA.personal_code) == []
    assert await target.sris.queue_places(ANDRIS_LIEPA.personal_code) == []


async def test_sris_down_is_unavailable(target: Target) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.sris.queue_places(JANIS_OZOLS.personal_code)


async def test_the_personal_code_travels_in_the_body_not_the_address() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"queue_places": []})

    sris = HttpSris(httpx.AsyncClient(transport=httpx.MockTransport(answer)), "http://sris/")
    assert await sris.queue_places(JANIS_OZOLS.personal_code) == []
    [request] = seen
    assert request.method == "POST" and str(request.url) == "http://sris/queue-places/search"
    assert json.loads(request.content) == {"personal_code": JANIS_OZOLS.personal_code}


def gateway(status: int, body: bytes = b"", *, error: Exception | None = None) -> HttpSris:
    def answer(request: httpx.Request) -> httpx.Response:
        if error is not None:
            raise error
        return httpx.Response(status, content=body,
                              headers={"content-type": "application/json"})

    return HttpSris(httpx.AsyncClient(transport=httpx.MockTransport(answer)), "http://sris")


_PLACE = {"application_id": "SR-1", "service": {"code": "x", "name_lv": "a", "name_en": "b"},
          "position": 3, "queue_size": 9, "queued_on": "2026-01-02", "documents": []}


def _with(**changes: object) -> bytes:
    return json.dumps({"queue_places": [{**_PLACE, **changes}]}).encode()


@pytest.mark.parametrize(("status", "body", "error", "expected"), [
    (404, b"{}", None, Rejected),  # a wrong address must not read as "no applications"
    (400, b"{}", None, Rejected),
    (429, b"{}", None, Unavailable),
    (503, b"{}", None, Unavailable),
    (200, b"<html>proxy error</html>", None, Unavailable),
    (200, b'{"queue_places": [{"application_id": "SR-1"}]}', None, Unavailable),
    (200, _with(queued_on="02.01.2026"), None, Unavailable),
    (200, _with(position=10), None, Unavailable),  # behind the end of its queue
    (200, _with(position=0), None, Unavailable),
    (200, _with(position="3"), None, Unavailable),
    (200, _with(documents=[{"code": "a", "name_lv": "a", "name_en": "a",
                            "status": "lost"}]), None, Unavailable),
    (0, b"", httpx.ConnectError("refused"), Unavailable),
    (0, b"", httpx.ReadTimeout("slow"), Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[Exception]
) -> None:
    with pytest.raises(expected) as raised:
        await gateway(status, body, error=error).queue_places(JANIS_OZOLS.personal_code)
    assert raised.value.system == "sris"  # type: ignore[attr-defined]


async def test_a_well_formed_answer_is_read() -> None:
    [place] = await gateway(200, _with()).queue_places(JANIS_OZOLS.personal_code)
    assert (place.position, place.queue_size, place.documents) == (3, 9, ())


@pytest.mark.parametrize("body", [b"not json", b'{"personal_code": "031158"}', b"[]"])
async def test_fake_backoffice_refuses_malformed_requests(body: bytes) -> None:
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:
        response = await client.post("/siva/sris/queue-places/search", content=body)
    assert response.status_code == 400
