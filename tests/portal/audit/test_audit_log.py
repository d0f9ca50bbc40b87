"""The audit log: what is written, and who may read it at /operator/audit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from adapters.demo_people import (
    DACE_ABELE,
    ELZA_KALNINA,
    ILZE_KALNINA,
    LAURA_VITOLA,
    ZIEMELU_BUVE,
)
from eservices.registry import SubjectKind
from portal.audit import AuditAction, record
from portal.representation import Basis, Subject
from portal.settings import Settings
from tests.portal.representation.signing_in import (
    act_for,
    audit_entries,
    csrf_token,
    in_english,
    pin_clock,
    sign_in,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.replace(operator_personal_codes=(DACE_ABELE.personal_code,))

ZIEMELU = Subject(SubjectKind.COMPANY, ZIEMELU_BUVE.registration_number, ZIEMELU_BUVE.name,
                  Basis.BOARD_MEMBER)
# Every detail the portal writes: identifiers and fixed words, never anything typed.
ALLOWED_DETAIL = re.compile(
    r"|self|parent|guardian|board_member|session timed out|mandate \d+(: [a-z_]+)?")


async def add_events(app: Starlette, count: int, *, action: AuditAction = AuditAction.LOGIN,
                     when: datetime | None = None) -> None:
    async with app.state.sessionmaker() as db:
        for _number in range(count):
            event = await record(db, actor=LAURA_VITOLA.personal_code, subject=None,
                                 action=action)
            if when is not None:
                event.occurred_at = when
        await db.commit()


async def test_record_writes_time_actor_subject_and_action(app: Starlette) -> None:
    async with app.state.sessionmaker() as db:
        await record(db, actor=ILZE_KALNINA.personal_code, subject=None,
                     action=AuditAction.LOGIN)
        await record(db, actor=ILZE_KALNINA.personal_code, subject=ZIEMELU,
                     action=AuditAction.MANDATE_USED, detail="mandate 3: " + "x" * 300)
        await db.commit()
    login, used = await audit_entries(app)
    assert (login.actor_personal_code, login.subject_kind, login.subject_identifier,
            login.action, login.detail) == (ILZE_KALNINA.personal_code, "self",
                                            ILZE_KALNINA.personal_code, "login", "")
    assert (used.subject_kind, used.subject_identifier, used.action) == (
        "company", ZIEMELU_BUVE.registration_number, "mandate_used")
    assert len(used.detail) == 200
    assert abs(datetime.now(UTC) - login.occurred_at) < timedelta(minutes=1)


async def test_no_form_content_reaches_the_log(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin_clock(monkeypatch)
    await sign_in(app, client, ILZE_KALNINA)
    await act_for(client, f"child_or_ward:{ELZA_KALNINA.personal_code}")
    await client.post("/accessibility/feedback", data={
        "csrf_token": await csrf_token(client), "description": "Slepens teksts 12345"})
    await act_for(client, "not-a-subject Slepens")
    entries = await audit_entries(app)
    assert [e.action for e in entries] == ["subject_switched"]
    for entry in entries:
        assert ALLOWED_DETAIL.fullmatch(entry.detail)
        assert "Slepens" not in repr(vars(entry))


async def test_operators_read_the_log_newest_first(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)
    await add_events(app, 1, action=AuditAction.MANDATE_GRANTED)
    await add_events(app, 1, action=AuditAction.LOGOUT)
    await sign_in(app, client, DACE_ABELE)
    page = await client.get("/operator/audit")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.text.index("Signed out") < page.text.index("Granted a mandate")
    assert LAURA_VITOLA.personal_code in page.text


async def test_filters_by_action_and_by_day(app: Starlette, client: httpx.AsyncClient) -> None:
    in_english(client)
    await add_events(app, 2, action=AuditAction.LOGIN,
                     when=datetime(2026, 11, 20, 22, 30, tzinfo=UTC))  # 00:30 on 21 Nov in Riga
    await add_events(app, 1, action=AuditAction.MANDATE_REVOKED,
                     when=datetime(2026, 11, 20, 21, 30, tzinfo=UTC))  # 23:30 on 20 Nov
    await sign_in(app, client, DACE_ABELE)
    by_action = await client.get("/operator/audit", params={"action": "mandate_revoked"})
    assert "Entries 1 to 1 of 1" in by_action.text
    by_day = await client.get("/operator/audit", params={
        "date_from-day": "21", "date_from-month": "11", "date_from-year": "2026",
        "date_to-day": "21", "date_to-month": "11", "date_to-year": "2026"})
    assert "Entries 1 to 2 of 2" in by_day.text
    assert "Revoked a mandate" not in by_day.text.split("<tbody>")[1]
    nothing = await client.get("/operator/audit", params={
        "date_to-day": "19", "date_to-month": "11", "date_to-year": "2026"})
    assert "No entries match these filters." in nothing.text
    unknown = await client.get("/operator/audit", params={"action": "<script>"})
    assert "Entries 1 to 3 of 3" in unknown.text


async def test_a_wrong_period_is_explained(app: Starlette, client: httpx.AsyncClient) -> None:
    in_english(client)
    await sign_in(app, client, DACE_ABELE)
    response = await client.get("/operator/audit", params={
        "date_from-day": "21", "date_from-month": "11", "date_from-year": "2026",
        "date_to-day": "20", "date_to-month": "11", "date_to-year": "2026"})
    assert response.status_code == 400
    assert "The end date must be the same as or after the start date" in response.text
    assert 'href="#date_to-day"' in response.text


async def test_pages_of_fifty_keep_the_filters(app: Starlette, client: httpx.AsyncClient) -> None:
    in_english(client)
    await add_events(app, 60, action=AuditAction.LOGIN)
    await add_events(app, 3, action=AuditAction.LOGOUT)
    await sign_in(app, client, DACE_ABELE)
    first = await client.get("/operator/audit", params={"action": "login"})
    assert first.text.count("<td>Signed in</td>") == 50
    assert 'href="?action=login&amp;page=2" rel="next"' in first.text
    assert 'rel="prev"' not in first.text
    second = await client.get("/operator/audit", params={"action": "login", "page": "2"})
    assert second.text.count("<td>Signed in</td>") == 10
    assert "Entries 51 to 60 of 60" in second.text
    assert 'href="?action=login&amp;page=1" rel="prev"' in second.text
    assert 'rel="next"' not in second.text


@pytest.mark.parametrize("person", [None, ILZE_KALNINA, LAURA_VITOLA])
async def test_everyone_else_gets_not_found(
    app: Starlette, client: httpx.AsyncClient, person: object
) -> None:
    await add_events(app, 1)
    if person is not None:
        await sign_in(app, client, person)  # type: ignore[arg-type]
    response = await client.get("/operator/audit")
    assert response.status_code == 404
    assert LAURA_VITOLA.personal_code not in response.text


