"""Granting, listing and revoking mandates, and what the holder can do with one."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.demo_people import (
    ANDRIS_LIEPA,
    EDGARS_KRUMINS,
    LAURA_VITOLA,
    ZIEMELU_BUVE,
)
from portal.mandates.models import Mandate
from tests.portal.representation.signing_in import (
    act_for,
    audit_entries,
    csrf_token,
    in_english,
    offered,
    pin_clock,
    sign_in,
)

pytestmark = pytest.mark.anyio

COMPANY = f"company:{ZIEMELU_BUVE.registration_number}"


@pytest.fixture(autouse=True)
def demo_day(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch)


def grant_form(token: str, **changes: str | list[str]) -> dict[str, str | list[str]]:
    form: dict[str, str | list[str]] = {
        "csrf_token": token, "personal_code": LAURA_VITOLA.personal_code,
        "services": ["remedied_violations"],
        "expires_on-day": "31", "expires_on-month": "12", "expires_on-year": "2027"}
    form.update(changes)
    return form


async def as_board_member(app: Starlette, client: httpx.AsyncClient) -> None:
    in_english(client)
    await sign_in(app, client, ANDRIS_LIEPA)
    assert (await act_for(client, COMPANY)).status_code == 303


async def grant(app: Starlette, client: httpx.AsyncClient, **changes: str | list[str]) -> int:
    await as_board_member(app, client)
    token = await csrf_token(client)
    check = await client.post("/mandates/new", data=grant_form(token, **changes))
    assert check.status_code == 200, check.text
    assert "Laura Vītola (320987-51426)" in check.text  # confirmed by the register
    confirmed = await client.post("/mandates/new",
                                  data={**grant_form(token, **changes), "confirm": "yes"})
    assert confirmed.status_code == 303
    match = re.fullmatch(r"/mandates/(\d+)\?granted=1", confirmed.headers["location"])
    assert match
    return int(match.group(1))


async def stored(app: Starlette, mandate_id: int) -> Mandate:
    async with app.state.sessionmaker() as db:
        mandate: Mandate | None = await db.get(Mandate, mandate_id)
        assert mandate is not None
        return mandate


async def test_grant_list_and_revoke(app: Starlette, client: httpx.AsyncClient) -> None:
    mandate_id = await grant(app, client, services=["remedied_violations",
                                                    "workplace_accident"])
    mandate = await stored(app, mandate_id)
    assert (mandate.company_registration_number, mandate.holder_personal_code,
            mandate.holder_name, mandate.services, mandate.expires_on,
            mandate.granted_by_personal_code, mandate.revoked_at) == (
        ZIEMELU_BUVE.registration_number, LAURA_VITOLA.personal_code, "Laura Vītola",
        ["remedied_violations", "workplace_accident"], date(2027, 12, 31),
        ANDRIS_LIEPA.personal_code, None)

    detail = await client.get(f"/mandates/{mandate_id}?granted=1")
    assert "The mandate has been granted." in detail.text
    listing = await client.get("/mandates")
    assert listing.status_code == 200
    assert f'href="/mandates/{mandate_id}">Laura Vītola</a>' in listing.text
    assert "Valid" in listing.text

    token = await csrf_token(client)
    revoked = await client.post(f"/mandates/{mandate_id}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 303
    assert (await stored(app, mandate_id)).revoked_at is not None
    assert "Revoked" in (await client.get("/mandates")).text
    assert [(e.action, e.subject_identifier, e.detail) for e in await audit_entries(app)
            if e.action.startswith("mandate_")] == [
        ("mandate_granted", ZIEMELU_BUVE.registration_number, f"mandate {mandate_id}"),
        ("mandate_revoked", ZIEMELU_BUVE.registration_number, f"mandate {mandate_id}"),
    ]


async def test_change_goes_back_to_the_form_with_the_answers(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await as_board_member(app, client)
    response = await client.post("/mandates/new", data={
        **grant_form(await csrf_token(client)), "change": "yes"})
    assert response.status_code == 200
    assert 'value="320987-51426"' in response.text
    assert 'value="remedied_violations" checked' in response.text
    async with app.state.sessionmaker() as db:
        assert (await db.scalars(select(Mandate))).all() == []


@pytest.mark.parametrize(("changes", "message"), [
    ({"personal_code": ""}, "Enter the personal code of the person you give the mandate to"),
    ({"personal_code": "32098751426x"}, "Enter the personal code in digits"),
    ({"personal_code": "031158-15238"}, "one of its digits seems to be mistyped"),
    ({"personal_code": "321111-11111"}, "The Population Register has no person"),
    ({"personal_code": ANDRIS_LIEPA.personal_code}, "You cannot give a mandate to yourself"),
    ({"services": []}, "Select at least one e-service"),
    ({"services": ["labour_complaint"]}, "Select e-services from the list"),
    ({"expires_on-day": "", "expires_on-month": "", "expires_on-year": ""},
     "Enter the last day of the mandate"),
    ({"expires_on-day": "31", "expires_on-month": "2", "expires_on-year": "2027"},
     "Enter a real date"),
    ({"expires_on-day": "22", "expires_on-month": "11", "expires_on-year": "2026"},
     "must be in the future"),
    ({"expires_on-day": "23", "expires_on-month": "11", "expires_on-year": "2029"},
     "at most 3 years, until 22 November 2029"),
])
async def test_wrong_answers_are_explained_and_nothing_is_granted(
    app: Starlette, client: httpx.AsyncClient, changes: dict[str, str], message: str
) -> None:
    await as_board_member(app, client)
    response = await client.post("/mandates/new",
                                 data={**grant_form(await csrf_token(client), **changes),
                                       "confirm": "yes"})
    assert response.status_code == 400
    assert message in response.text
    assert "<title>Error: " in response.text
    async with app.state.sessionmaker() as db:
        assert (await db.scalars(select(Mandate))).all() == []


async def test_the_last_allowed_day_is_three_years_ahead(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    mandate_id = await grant(app, client, **{"expires_on-day": "22", "expires_on-month": "11",
                                             "expires_on-year": "2029"})
    assert (await stored(app, mandate_id)).expires_on == date(2029, 11, 22)


async def test_one_valid_mandate_per_person_and_company(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await grant(app, client)
    response = await client.post("/mandates/new", data=grant_form(await csrf_token(client)))
    assert response.status_code == 400
    assert "already has a mandate for SIA Ziemeļu Būve" in response.text


async def test_the_holder_sees_the_company_and_loses_it_when_revoked(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    mandate_id = await grant(app, client)
    board_cookies = dict(client.cookies)
    await sign_in(app, client, LAURA_VITOLA)
    page = await client.get("/")
    assert offered(page.text) == sorted([f"self:{LAURA_VITOLA.personal_code}", COMPANY])
    assert "SIA Ziemeļu Būve (company, by mandate)" in page.text
    assert (await act_for(client, COMPANY)).status_code == 303
    acting = await client.get("/acting-for")
    assert "by a mandate valid until 31 December 2027" in acting.text
    holder_cookies = dict(client.cookies)

    client.cookies.clear()
    client.cookies.update(board_cookies)
    await client.post(f"/mandates/{mandate_id}/revoke",
                      data={"csrf_token": await csrf_token(client)})

    client.cookies.clear()
    client.cookies.update(holder_cookies)
    after = await client.get("/acting-for")
    assert "You no longer act for SIA Ziemeļu Būve" in after.text
    assert offered(after.text) == []  # only herself: no switch
    assert (await act_for(client, COMPANY)).status_code == 400


async def test_an_expired_mandate_stops_working_the_next_day(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await grant(app, client, **{"expires_on-day": "23", "expires_on-month": "11",
                                "expires_on-year": "2026"})
    await sign_in(app, client, LAURA_VITOLA)
    await act_for(client, COMPANY)
    pin_clock(monkeypatch, datetime(2026, 11, 23, 21, 59, tzinfo=UTC))  # 23:59 in Riga
    assert COMPANY in offered((await client.get("/acting-for")).text)
    pin_clock(monkeypatch, datetime(2026, 11, 23, 22, 0, tzinfo=UTC))  # midnight in Riga
    page = await client.get("/acting-for")
    assert COMPANY not in offered(page.text)
    assert "You no longer act for SIA Ziemeļu Būve" in page.text


async def test_another_companys_mandate_is_not_found(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    mandate_id = await grant(app, client)
    # Another company's board member, acting for his company.
    await sign_in(app, client, EDGARS_KRUMINS)
    await act_for(client, "company:40103789067")
    assert (await client.get("/mandates")).status_code == 200
    assert "Laura" not in (await client.get("/mandates")).text
    token = await csrf_token(client)
    assert (await client.get(f"/mandates/{mandate_id}")).status_code == 404
    assert (await client.post(f"/mandates/{mandate_id}/revoke",
                              data={"csrf_token": token})).status_code == 404
    assert (await client.get(f"/mandates/{mandate_id + 1}")).status_code == 404
    assert (await stored(app, mandate_id)).revoked_at is None
    # The holder herself, and the board member acting for himself, get 404 too.
    for person, key in ((LAURA_VITOLA, COMPANY), (ANDRIS_LIEPA, None)):
        await sign_in(app, client, person)
        if key:
            await act_for(client, key)
        assert (await client.get(f"/mandates/{mandate_id}")).status_code == 404


async def test_only_a_board_member_acting_for_the_company_manages_mandates(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)
    anonymous = await client.get("/mandates")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=%2Fmandates"
    await sign_in(app, client, ANDRIS_LIEPA)  # acting for himself
    refused = await client.get("/mandates/new")
    assert refused.status_code == 403
    assert "Only a board member can manage mandates" in refused.text
    await grant(app, client)
    await sign_in(app, client, LAURA_VITOLA)
    await act_for(client, COMPANY)  # by mandate: may use e-services, not manage mandates
    assert (await client.get("/mandates")).status_code == 403
