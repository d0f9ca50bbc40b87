"""One contract, two implementations: the in-memory register and the http one.

The http implementation talks to a small Starlette app standing in for the
register's gateway: it serves the fake's data in the JSON shape documented in
`adapters.enterprise_register.http`, so the real httpx code path runs end to end.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from adapters.demo_people import (
    ANDRIS_LIEPA,
    DAUGAVAS_LOGISTIKA,
    EDGARS_KRUMINS,
    ILZE_KALNINA,
    LAURA_VITOLA,
    RIGAS_MAIZNICA,
    ZIEMELU_BUVE,
)
from adapters.enterprise_register.base import (
    BoardMember,
    Company,
    CompanyStatus,
    EnterpriseRegister,
)
from adapters.enterprise_register.fake import FakeEnterpriseRegister
from adapters.enterprise_register.http import HttpEnterpriseRegister
from adapters.errors import AdapterError, NotFound, Unavailable
from tests.adapters.gateways import (
    NOT_JSON_OBJECTS,
    STATUSES,
    Handler,
    MockGateway,
)
from tests.support.ports import free_port

pytestmark = pytest.mark.anyio

UNKNOWN_NUMBER = "40000000009"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def company_json(company: Company) -> dict[str, object]:
    return {
        "registration_number": company.registration_number,
        "name": company.name,
        "legal_form": company.legal_form,
        "status": company.status.value,
        "address": company.address,
    }


def board_member_json(member: BoardMember) -> dict[str, object]:
    return {
        "personal_code": member.personal_code,
        "given_name": member.given_name,
        "family_name": member.family_name,
        "sole_signing_rights": member.sole_signing_rights,
    }


def gateway(register: FakeEnterpriseRegister) -> Starlette:
    async def company(request: Request) -> Response:
        found = await register.get_company(request.path_params["number"])
        return JSONResponse(company_json(found))

    async def board_members(request: Request) -> Response:
        found = await register.list_board_members(request.path_params["number"])
        return JSONResponse({"board_members": [board_member_json(m) for m in found]})

    async def sole_signing_rights(request: Request) -> Response:
        body = await request.json()
        found = await register.list_companies_with_sole_signing_rights(body["personal_code"])
        return JSONResponse({"companies": [company_json(c) for c in found]})

    async def not_found(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": "not found"}, status_code=404)

    routes = [
        Route("/companies/{number}", company),
        Route("/companies/{number}/board-members", board_members),
        Route("/persons/sole-signing-rights", sole_signing_rights, methods=["POST"]),
    ]
    # Mounted under a prefix so that joining the base URL with paths is tested too.
    return Starlette(
        routes=[Mount("/ur/v1", routes=routes)], exception_handlers={NotFound: not_found}
    )


@pytest.fixture(params=["fake", "http"])
async def register(request: pytest.FixtureRequest) -> AsyncIterator[EnterpriseRegister]:
    fake = FakeEnterpriseRegister()
    if request.param == "fake":
        yield fake
        return
    transport = httpx.ASGITransport(app=gateway(fake))
    async with httpx.AsyncClient(transport=transport) as client:
        yield HttpEnterpriseRegister(client, "http://gateway.test/ur/v1/")


# The contract


async def test_a_company_is_found_by_registration_number(register: EnterpriseRegister) -> None:
    assert await register.get_company("40003528717") == Company(
        registration_number="40003528717",
        name="SIA Ziemeļu Būve",
        legal_form="SIA",
        status=CompanyStatus.ACTIVE,
        address="Rūpniecības iela 32, Rīga, LV-1045",
    )


async def test_a_company_keeps_its_status(register: EnterpriseRegister) -> None:
    company = await register.get_company(DAUGAVAS_LOGISTIKA.registration_number)
    assert company.status is CompanyStatus.SUSPENDED


@pytest.mark.parametrize("number", [UNKNOWN_NUMBER, "../persons", "4000352871?x=1", ""])
async def test_an_unknown_company_is_not_found(register: EnterpriseRegister, number: str) -> None:
    with pytest.raises(NotFound):
        await register.get_company(number)


async def test_board_members_are_listed_with_their_signing_rights(
    register: EnterpriseRegister,
) -> None:
    members = await register.list_board_members(RIGAS_MAIZNICA.registration_number)
    assert {(m.full_name, m.personal_code, m.sole_signing_rights) for m in members} == {
        ("Edgars Krūmiņš", EDGARS_KRUMINS.personal_code, True),
        ("Andris Liepa", ANDRIS_LIEPA.personal_code, False),
        # A foreign board member has no Latvian personal code.
        ("Mikael Lindqvist", None, False),
    }


async def test_the_board_of_an_unknown_company_is_not_found(register: EnterpriseRegister) -> None:
    with pytest.raises(NotFound):
        await register.list_board_members(UNKNOWN_NUMBER)


async def test_companies_where_a_person_may_sign_alone(register: EnterpriseRegister) -> None:
    companies = await register.list_companies_with_sole_signing_rights(ANDRIS_LIEPA.personal_code)
    # Not AS Rīgas Maiznīca: he sits on its board but may sign only jointly.
    assert sorted(companies, key=lambda c: c.name) == [
        DAUGAVAS_LOGISTIKA.as_company(),
        ZIEMELU_BUVE.as_company(),
    ]


async def test_a_chairman_with_sole_rights_is_found(register: EnterpriseRegister) -> None:
    companies = await register.list_companies_with_sole_signing_rights(EDGARS_KRUMINS.personal_code)
    assert companies == [RIGAS_MAIZNICA.as_company()]


@pytest.mark.parametrize(
    "personal_code",
    [
        LAURA_VITOLA.personal_code,  # an employee, not on any board
        ILZE_KALNINA.personal_code,  # no business ties at all
        "329999-99999",  # unknown to everyone
    ],
)
async def test_anyone_else_may_sign_for_no_company(
    register: EnterpriseRegister, personal_code: str
) -> None:
    assert await register.list_companies_with_sole_signing_rights(personal_code) == []


# The http implementation: what goes over the wire and how failures are translated

Call = Callable[[EnterpriseRegister], Awaitable[object]]
CALLS: list[Call] = [
    lambda r: r.get_company(ZIEMELU_BUVE.registration_number),
    lambda r: r.list_board_members(ZIEMELU_BUVE.registration_number),
    lambda r: r.list_companies_with_sole_signing_rights(ANDRIS_LIEPA.personal_code),
]
CALL_IDS = ["get_company", "list_board_members", "list_companies_with_sole_signing_rights"]
MakeRegister = Callable[[Handler], HttpEnterpriseRegister]


@pytest.fixture
def http_register(mock_gateway: MockGateway) -> MakeRegister:
    """Builds an http register whose gateway is the given handler."""
    return lambda handler: HttpEnterpriseRegister(mock_gateway(handler), "http://gateway.test")


async def test_requests_on_the_wire(http_register: MakeRegister) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "GET":
            return httpx.Response(200, json={"board_members": []})
        return httpx.Response(200, json={"companies": []})

    register = http_register(handler)
    await register.list_board_members("40003528717")
    await register.list_companies_with_sole_signing_rights(ANDRIS_LIEPA.personal_code)
    board, sole = seen
    assert (board.method, str(board.url)) == (
        "GET",
        "http://gateway.test/companies/40003528717/board-members",
    )
    # Personal codes travel in the body, never in the URL.
    assert (sole.method, str(sole.url)) == (
        "POST",
        "http://gateway.test/persons/sole-signing-rights",
    )
    assert json.loads(sole.content) == {"personal_code": ANDRIS_LIEPA.personal_code}


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
async def test_connection_refused_is_unavailable(call: Call) -> None:
    # A real socket, no mock: nothing listens on a port just released.
    async with httpx.AsyncClient() as client:
        register = HttpEnterpriseRegister(client, f"http://127.0.0.1:{free_port()}")
        with pytest.raises(Unavailable):
            await call(register)


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
async def test_a_timeout_is_unavailable(call: Call, http_register: MakeRegister) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("too slow", request=request)

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
    # NotFound is a Rejected, but a 400 must not pass for "no such company".
    assert type(raised.value) is error
    assert raised.value.system == "enterprise_register"


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
@pytest.mark.parametrize(
    "body",
    [*NOT_JSON_OBJECTS,
     pytest.param(b'{"board_members": {}, "companies": "none", "name": 7}', id="wrong-types")],
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
        {"status": "bankrupt"},
        {"status": None},
        {"legal_form": ["SIA"]},
        {"registration_number": 40003528717},
    ],
)
async def test_a_company_with_a_malformed_field_is_unavailable(
    change: dict[str, object], http_register: MakeRegister
) -> None:
    body = company_json(ZIEMELU_BUVE.as_company()) | change
    register = http_register(lambda request: httpx.Response(200, json=body))
    with pytest.raises(Unavailable):
        await register.get_company(ZIEMELU_BUVE.registration_number)


@pytest.mark.parametrize(
    "change",
    [
        # A string "false" is truthy; it must not be read as signing rights.
        {"sole_signing_rights": "false"},
        {"sole_signing_rights": 1},
        {"personal_code": 32441270531},
    ],
)
async def test_a_board_member_with_a_malformed_field_is_unavailable(
    change: dict[str, object], http_register: MakeRegister
) -> None:
    member = board_member_json(ANDRIS_LIEPA.as_board_member(sole_signing_rights=False)) | change
    register = http_register(lambda request: httpx.Response(200, json={"board_members": [member]}))
    with pytest.raises(Unavailable):
        await register.list_board_members(ZIEMELU_BUVE.registration_number)


async def test_error_messages_carry_no_personal_code(http_register: MakeRegister) -> None:
    register = http_register(lambda request: httpx.Response(500))
    with pytest.raises(Unavailable) as raised:
        await register.list_companies_with_sole_signing_rights(ANDRIS_LIEPA.personal_code)
    assert ANDRIS_LIEPA.personal_code not in str(raised.value)
