"""Whom each demo person may act for, and switching between them."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette

from adapters.demo_people import (
    ANDRIS_LIEPA,
    ANNA_BERZINA,
    DACE_ABELE,
    DAUGAVAS_LOGISTIKA,
    EDGARS_KRUMINS,
    ELZA_KALNINA,
    ILZE_KALNINA,
    JANIS_OZOLS,
    LAURA_VITOLA,
    MARTINS_KALNINS,
    RIGAS_MAIZNICA,
    ZIEMELU_BUVE,
    DemoCompany,
    DemoPerson,
)
from portal.web_sessions import session_cookie_name
from tests.portal.representation.signing_in import (
    act_for,
    audit_entries,
    in_english,
    offered,
    pin_clock,
    sign_in,
)

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def demo_day(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch)


def me(person: DemoPerson) -> str:
    return f"self:{person.personal_code}"


def child(person: DemoPerson) -> str:
    return f"child_or_ward:{person.personal_code}"


def company(demo: DemoCompany) -> str:
    return f"company:{demo.registration_number}"


async def choices(app: Starlette, client: httpx.AsyncClient, person: DemoPerson) -> list[str]:
    await sign_in(app, client, person)
    page = await client.get("/acting-for")
    assert page.status_code == 200
    return offered(page.text)


async def test_parent_sees_her_children_under_18(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    assert await choices(app, client, ILZE_KALNINA) == sorted(
        [me(ILZE_KALNINA), child(MARTINS_KALNINS), child(ELZA_KALNINA)])


@pytest.mark.parametrize(("day", "martins_offered"), [
    (datetime(2027, 5, 7, 20, 0, tzinfo=UTC), True),  # 23:00 in Riga: still 17
    (datetime(2027, 5, 7, 22, 30, tzinfo=UTC), False),  # 01:30 on his 18th birthday in Riga
    (datetime(2027, 5, 8, 12, 0, tzinfo=UTC), False),
])
async def test_a_child_is_offered_until_the_18th_birthday_in_riga(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch,
    day: datetime, martins_offered: bool,
) -> None:
    pin_clock(monkeypatch, day)
    keys = await choices(app, client, ILZE_KALNINA)
    assert (child(MARTINS_KALNINS) in keys) is martins_offered
    assert child(ELZA_KALNINA) in keys


async def test_guardian_sees_the_ward(app: Starlette, client: httpx.AsyncClient) -> None:
    assert await choices(app, client, JANIS_OZOLS) == sorted(
        [me(JANIS_OZOLS), child(ANNA_BERZINA)])


async def test_board_member_sees_active_companies_with_sole_signing_rights_only(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    keys = await choices(app, client, ANDRIS_LIEPA)
    assert keys == sorted([me(ANDRIS_LIEPA), company(ZIEMELU_BUVE)])
    assert company(RIGAS_MAIZNICA) not in keys  # joint signing rights only
    assert company(DAUGAVAS_LOGISTIKA) not in keys  # suspended


async def test_chairman_sees_his_company(app: Starlette, client: httpx.AsyncClient) -> None:
    assert await choices(app, client, EDGARS_KRUMINS) == sorted(
        [me(EDGARS_KRUMINS), company(RIGAS_MAIZNICA)])


async def test_employee_without_a_mandate_acts_only_for_herself(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    assert await choices(app, client, LAURA_VITOLA) == []  # no switch at all
    home = await client.get("/")
    assert 'id="acting-for-subject"' not in home.text


async def test_header_switch_shows_only_when_there_is_a_choice(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    anonymous = await client.get("/")
    assert 'id="acting-for-subject"' not in anonymous.text
    await sign_in(app, client, DACE_ABELE)
    assert 'id="acting-for-subject"' not in (await client.get("/")).text
    await sign_in(app, client, ILZE_KALNINA)
    page = (await client.get("/")).text
    assert 'id="acting-for-subject"' in page
    assert f'<option value="{me(ILZE_KALNINA)}" selected>' in page
    assert 'action="/acting-for"' in page and 'name="csrf_token"' in page


async def test_switching_is_remembered_shown_and_audited(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)
    token = await sign_in(app, client, ILZE_KALNINA)
    response = await act_for(client, child(ELZA_KALNINA))
    assert response.status_code == 303
    # Nothing is rotated: the same session cookie, no new CSRF cookie.
    assert "set-cookie" not in response.headers
    assert client.cookies.get(session_cookie_name(app.state.settings)) == token
    page = await client.get(response.headers["location"])
    assert "You are now acting for Elza Kalniņa." in page.text
    assert f'<option value="{child(ELZA_KALNINA)}" selected>' in page.text
    entries = await audit_entries(app)
    assert [(e.action, e.actor_personal_code, e.subject_kind, e.subject_identifier, e.detail)
            for e in entries] == [("subject_switched", ILZE_KALNINA.personal_code,
                                   "child_or_ward", ELZA_KALNINA.personal_code, "parent")]


@pytest.mark.parametrize("key", [
    child(ANNA_BERZINA),  # somebody else's ward
    company(RIGAS_MAIZNICA),  # a company she has nothing to do with
    "self:" + JANIS_OZOLS.personal_code,  # another person's own account
    "company:not-a-number",
])
async def test_a_subject_without_a_right_is_refused_and_nothing_changes(
    app: Starlette, client: httpx.AsyncClient, key: str
) -> None:
    in_english(client)
    await sign_in(app, client, ILZE_KALNINA)
    response = await act_for(client, key)
    assert response.status_code == 400
    assert "You cannot act for the one you chose" in response.text
    page = await client.get("/acting-for")
    assert f'<option value="{me(ILZE_KALNINA)}" selected>' in page.text
    assert await audit_entries(app) == []


async def test_choosing_nobody_is_explained(app: Starlette, client: httpx.AsyncClient) -> None:
    in_english(client)
    await sign_in(app, client, ILZE_KALNINA)
    response = await client.post("/acting-for", data={
        "csrf_token": (await client.get("/acting-for")).text.split(
            'name="csrf_token" value="')[1].split('"')[0]})
    assert response.status_code == 400
    assert "Choose whom you act for" in response.text
    assert 'href="#subject-0"' in response.text


async def test_switching_needs_the_csrf_token(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ILZE_KALNINA)
    response = await client.post("/acting-for", data={"subject": child(ELZA_KALNINA)})
    assert response.status_code == 403
    assert await audit_entries(app) == []


async def test_anonymous_visitors_are_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/acting-for")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Facting-for"
