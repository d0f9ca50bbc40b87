"""One contract for SIVA's SRIS, two implementations: in memory, and over HTTP against
the fake back office app (the endpoint the demo serves), plus how the HTTP adapter
translates what a real gateway might answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
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
from adapters.errors import AdapterError, Unavailable
from adapters.sris.base import DocumentStatus, Sris
from adapters.sris.fake import FakeSris
from adapters.sris.http import HttpSris
from tests.adapters.gateways import (
    BACKOFFICE,
    FAILURE_FIELDS,
    WRONG_ADDRESS_OR_DOWN,
    Target,
    answering,
    assert_translated,
    backoffice,
    contract_target,
)

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target[Sris]]:
    fake: Sris = FakeSris()
    async with contract_target(request.param, fake,
                               lambda client: HttpSris(client, f"{BACKOFFICE}/siva/sris/"),
                               "siva") as found:
        yield found


async def test_a_place_with_its_documents(target: Target[Sris]) -> None:
    [place] = await target.adapter.queue_places(JANIS_OZOLS.personal_code)
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


async def test_several_places_longest_waiting_first(target: Target[Sris]) -> None:
    places = await target.adapter.queue_places(ANNA_BERZINA.personal_code)
    assert [p.application_id for p in places] == ["SR-2026-00388", "SR-2026-00519"]
    assert places[0].missing_documents == ()
    assert len(places[1].missing_documents) == 2
    # People waiting in one queue see one size of it.
    assert places[1].queue_size == (await target.adapter.queue_places(
        JANIS_OZOLS.personal_code))[0].queue_size


async def test_children_have_their_own_places(target: Target[Sris]) -> None:
    [hearing] = await target.adapter.queue_places(MARTINS_KALNINS.personal_code)
    [vision] = await target.adapter.queue_places(ELZA_KALNINA.personal_code)
    assert "dzirdes" in hearing.service_name_lv and "redzes" in vision.service_name_lv
    assert [d.code for d in vision.missing_documents] == ["functioning_assessment"]


async def test_a_person_without_applications_has_no_places(target: Target[Sris]) -> None:
    assert await target.adapter.queue_places(ILZE_KALNINA.personal_code) == []
    assert await target.adapter.queue_places(ANDRIS_LIEPA.personal_code) == []


async def test_sris_down_is_unavailable(target: Target[Sris]) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.adapter.queue_places(JANIS_OZOLS.personal_code)


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
    return HttpSris(answering(status, body, error=error), "http://sris")


_PLACE = {"application_id": "SR-1", "service": {"code": "x", "name_lv": "a", "name_en": "b"},
          "position": 3, "queue_size": 9, "queued_on": "2026-01-02", "documents": []}


def _with(**changes: object) -> bytes:
    return json.dumps({"queue_places": [{**_PLACE, **changes}]}).encode()


@pytest.mark.parametrize(FAILURE_FIELDS, [
    *WRONG_ADDRESS_OR_DOWN,
    (200, b'{"queue_places": [{"application_id": "SR-1"}]}', None, Unavailable),
    (200, _with(queued_on="02.01.2026"), None, Unavailable),
    (200, _with(position=10), None, Unavailable),  # behind the end of its queue
    (200, _with(position=0), None, Unavailable),
    (200, _with(position="3"), None, Unavailable),
    (200, _with(documents=[{"code": "a", "name_lv": "a", "name_en": "a",
                            "status": "lost"}]), None, Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[AdapterError]
) -> None:
    await assert_translated(
        gateway(status, body, error=error).queue_places(JANIS_OZOLS.personal_code), expected,
        "sris")


async def test_a_well_formed_answer_is_read() -> None:
    [place] = await gateway(200, _with()).queue_places(JANIS_OZOLS.personal_code)
    assert (place.position, place.queue_size, place.documents) == (3, 9, ())


@pytest.mark.parametrize("body", [b"not json", b'{"personal_code": "031158"}', b"[]"])
async def test_fake_backoffice_refuses_malformed_requests(body: bytes) -> None:
    async with backoffice() as client:
        response = await client.post("/siva/sris/queue-places/search", content=body)
    assert response.status_code == 400
