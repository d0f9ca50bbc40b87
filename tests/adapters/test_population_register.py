"""One contract, two implementations: the in-memory register and the http one.

The http implementation talks to a small Starlette app standing in for the
register's gateway: it serves the fake's data in the JSON shape documented in
`adapters.population_register.http`, so the real httpx code path runs end to end.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from adapters.demo_people import (
    ANNA_BERZINA,
    ELZA_KALNINA,
    ILZE_KALNINA,
    JANIS_OZOLS,
    LAURA_VITOLA,
    MARTINS_KALNINS,
)
from adapters.errors import AdapterError, NotFound, Unavailable
from adapters.population_register.base import Address, Person, PopulationRegister
from adapters.population_register.fake import FakePopulationRegister
from adapters.population_register.http import HttpPopulationRegister
from tests.adapters.gateways import (
    NOT_JSON_OBJECTS,
    STATUSES,
    Handler,
    MockGateway,
)
from tests.support.ports import free_port

pytestmark = pytest.mark.anyio

UNKNOWN_CODE = "329999-99999"
DEMO_DAY = date(2026, 11, 22)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def person_json(person: Person) -> dict[str, object]:
    address = person.declared_address
    return {
        "personal_code": person.personal_code,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "birth_date": person.birth_date.isoformat(),
        "declared_address": None
        if address is None
        else {"text": address.text, "code": address.code},
    }


def gateway(register: FakePopulationRegister) -> Starlette:
    async def lookup(request: Request) -> Response:
        body = await request.json()
        return JSONResponse(person_json(await register.get_person(body["personal_code"])))

    async def children(request: Request) -> Response:
        body = await request.json()
        found = await register.list_minor_children(
            body["personal_code"], on=date.fromisoformat(body["on"])
        )
        return JSONResponse({"children": [person_json(p) for p in found]})

    async def wards(request: Request) -> Response:
        body = await request.json()
        found = await register.list_wards(body["personal_code"])
        return JSONResponse({"wards": [person_json(p) for p in found]})

    async def not_found(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": "not found"}, status_code=404)

    routes = [
        Route("/persons/lookup", lookup, methods=["POST"]),
        Route("/persons/children", children, methods=["POST"]),
        Route("/persons/wards", wards, methods=["POST"]),
    ]
    # Mounted under a prefix so that joining the base URL with paths is tested too.
    return Starlette(
        routes=[Mount("/pmlp/v1", routes=routes)], exception_handlers={NotFound: not_found}
    )


@pytest.fixture(params=["fake", "http"])
async def register(request: pytest.FixtureRequest) -> AsyncIterator[PopulationRegister]:
    fake = FakePopulationRegister()
    if request.param == "fake":
        yield fake
        return
    transport = httpx.ASGITransport(app=gateway(fake))
    async with httpx.AsyncClient(transport=transport) as client:
        yield HttpPopulationRegister(client, "http://gateway.test/pmlp/v1/")


def codes(people: list[Person]) -> set[str]:
    return {p.personal_code for p in people}


# The contract


async def test_a_person_is_found_by_personal_code(register: PopulationRegister) -> None:
    assert await register.get_person(ILZE_KALNINA.personal_code) == Person(
        personal_code="325781-40219",
        given_name="Ilze",
        family_name="Kalniņa",
        birth_date=date(1984, 3, 14),
        declared_address=Address("Brīvības iela 101 - 12, Rīga, LV-1001", "101234567"),
    )


async def test_an_old_format_code_is_found_too(register: PopulationRegister) -> None:
    person = await register.get_person("031158-15239")
    assert person == JANIS_OZOLS.as_person()
    assert person.full_name == "Jānis Ozols"


async def test_a_person_may_have_no_declared_address(register: PopulationRegister) -> None:
    person = await register.get_person(LAURA_VITOLA.personal_code)
    assert person.declared_address is None


async def test_an_unknown_person_is_not_found(register: PopulationRegister) -> None:
    with pytest.raises(NotFound):
        await register.get_person(UNKNOWN_CODE)


async def test_children_under_18_are_listed(register: PopulationRegister) -> None:
    children = await register.list_minor_children(ILZE_KALNINA.personal_code, on=DEMO_DAY)
    assert codes(children) == {MARTINS_KALNINS.personal_code, ELZA_KALNINA.personal_code}
    assert {c.full_name for c in children} == {"Mārtiņš Kalniņš", "Elza Kalniņa"}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2027, 5, 7), {MARTINS_KALNINS.personal_code, ELZA_KALNINA.personal_code}),
        # Mārtiņš turns 18 that day and is no longer represented by his parent.
        (date(2027, 5, 8), {ELZA_KALNINA.personal_code}),
        # Before Elza was born.
        (date(2017, 9, 18), {MARTINS_KALNINS.personal_code}),
    ],
)
async def test_children_are_counted_as_minors_on_the_given_day(
    register: PopulationRegister, on: date, expected: set[str]
) -> None:
    assert codes(await register.list_minor_children(ILZE_KALNINA.personal_code, on=on)) == expected


async def test_a_person_without_children_has_none(register: PopulationRegister) -> None:
    assert await register.list_minor_children(LAURA_VITOLA.personal_code, on=DEMO_DAY) == []


async def test_wards_are_listed(register: PopulationRegister) -> None:
    wards = await register.list_wards(JANIS_OZOLS.personal_code)
    assert wards == [ANNA_BERZINA.as_person()]


async def test_a_parent_is_not_a_guardian(register: PopulationRegister) -> None:
    assert await register.list_wards(ILZE_KALNINA.personal_code) == []


async def test_relations_of_an_unknown_person_are_not_found(register: PopulationRegister) -> None:
    with pytest.raises(NotFound):
        await register.list_minor_children(UNKNOWN_CODE, on=DEMO_DAY)
    with pytest.raises(NotFound):
        await register.list_wards(UNKNOWN_CODE)


# The http implementation: what goes over the wire and how failures are translated

Call = Callable[[PopulationRegister], Awaitable[object]]
CALLS: list[Call] = [
    lambda r: r.get_person(ILZE_KALNINA.personal_code),
    lambda r: r.list_minor_children(ILZE_KALNINA.personal_code, on=DEMO_DAY),
    lambda r: r.list_wards(ILZE_KALNINA.personal_code),
]
CALL_IDS = ["get_person", "list_minor_children", "list_wards"]
MakeRegister = Callable[[Handler], HttpPopulationRegister]


@pytest.fixture
def http_register(mock_gateway: MockGateway) -> MakeRegister:
    """Builds an http register whose gateway is the given handler."""
    return lambda handler: HttpPopulationRegister(mock_gateway(handler), "http://gateway.test")


async def test_personal_codes_travel_in_the_body_not_the_url(http_register: MakeRegister) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"children": []})

    await http_register(handler).list_minor_children(ILZE_KALNINA.personal_code, on=DEMO_DAY)
    (request,) = seen
    assert request.method == "POST"
    assert str(request.url) == "http://gateway.test/persons/children"
    assert json.loads(request.content) == {"personal_code": "325781-40219", "on": "2026-11-22"}


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
async def test_connection_refused_is_unavailable(call: Call) -> None:
    # A real socket, no mock: nothing listens on a port just released.
    async with httpx.AsyncClient() as client:
        register = HttpPopulationRegister(client, f"http://127.0.0.1:{free_port()}")
        with pytest.raises(Unavailable):
            await call(register)


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
async def test_a_timeout_is_unavailable(call: Call, http_register: MakeRegister) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("too slow", request=request)

    with pytest.raises(Unavailable, match="timed out"):
        await call(http_register(handler))


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
@pytest.mark.parametrize(("status", "error"), STATUSES)
async def test_http_statuses_are_translated(
    call: Call, status: int, error: type[AdapterError], http_register: MakeRegister
) -> None:
    register = http_register(lambda request: httpx.Response(status, json={"error": "x"}))
    with pytest.raises(error) as raised:
        await call(register)
    # NotFound is a Rejected, but a 400 must not pass for "no such person".
    assert type(raised.value) is error


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
@pytest.mark.parametrize(
    "body",
    [*NOT_JSON_OBJECTS,
     pytest.param(b'{"children": {}, "wards": "none", "given_name": 7}', id="wrong-types")],
)
async def test_an_answer_that_is_not_the_documented_json_is_unavailable(
    call: Call, body: bytes, http_register: MakeRegister
) -> None:
    register = http_register(lambda request: httpx.Response(200, content=body))
    with pytest.raises(Unavailable, match="unexpected answer"):
        await call(register)


@pytest.mark.parametrize(
    "change",
    [
        {"birth_date": "14.03.1984"},
        {"personal_code": "32578140219"},
        {"declared_address": "Brīvības iela 101"},
        {"declared_address": {"text": "Brīvības iela 101", "code": 101234567}},
        {"family_name": None},
    ],
)
async def test_a_person_with_a_malformed_field_is_unavailable(
    change: dict[str, object], http_register: MakeRegister
) -> None:
    body = person_json(ILZE_KALNINA.as_person()) | change
    register = http_register(lambda request: httpx.Response(200, json=body))
    with pytest.raises(Unavailable):
        await register.get_person(ILZE_KALNINA.personal_code)


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
async def test_error_messages_carry_no_personal_code(
    call: Call, http_register: MakeRegister
) -> None:
    register = http_register(lambda request: httpx.Response(404))
    with pytest.raises(NotFound) as raised:
        await call(register)
    assert ILZE_KALNINA.personal_code not in str(raised.value)
    assert ILZE_KALNINA.personal_code.replace("-", "") not in str(raised.value)
    assert raised.value.system == "population_register"
