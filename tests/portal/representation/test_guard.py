"""`require_subject`, as an e-service view calls it."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from adapters.demo_people import ANDRIS_LIEPA, ILZE_KALNINA, LAURA_VITOLA, ZIEMELU_BUVE
from eservices.registry import by_slug
from portal.database import utcnow
from portal.mandates.models import Mandate
from portal.representation import require_subject
from tests.portal.representation.signing_in import (
    act_for,
    audit_entries,
    in_english,
    pin_clock,
    sign_in,
)

pytestmark = pytest.mark.anyio


def service_view(slug: str) -> Route:
    service = by_slug(slug)
    assert service is not None

    async def view(request: Request) -> Response:
        subject = await require_subject(request, service)
        return PlainTextResponse(f"{subject.kind}:{subject.identifier}")

    return Route(f"/test-service/{slug}", view, methods=["GET", "POST"])


@pytest.fixture(autouse=True)
def e_services(app: Starlette, monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch)
    for slug in ("remedied_violations", "labour_complaint", "technical_aid",
                 "workplace_accident"):
        app.router.routes.insert(0, service_view(slug))


async def grant(app: Starlette, services: list[str]) -> int:
    async with app.state.sessionmaker() as db:
        mandate = Mandate(
            company_registration_number=ZIEMELU_BUVE.registration_number,
            company_name=ZIEMELU_BUVE.name, holder_personal_code=LAURA_VITOLA.personal_code,
            holder_name=LAURA_VITOLA.full_name, services=services,
            expires_on=date(2027, 6, 30), granted_by_personal_code=ANDRIS_LIEPA.personal_code,
            granted_at=utcnow())
        db.add(mandate)
        await db.commit()
        return mandate.id


async def test_anonymous_visitors_are_sent_to_sign_in_and_back(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/test-service/remedied_violations?step=2")
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/login?next=%2Ftest-service%2Fremedied_violations%3Fstep%3D2")


async def test_a_company_service_explains_whom_to_switch_to(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)
    await sign_in(app, client, ANDRIS_LIEPA)
    response = await client.get("/test-service/remedied_violations")
    assert response.status_code == 403
    assert "This e-service is only for companies. Switch to acting for a company." in (
        response.text)
    assert 'href="/acting-for"' in response.text
    await act_for(client, f"company:{ZIEMELU_BUVE.registration_number}")
    allowed = await client.get("/test-service/remedied_violations")
    assert allowed.text == f"company:{ZIEMELU_BUVE.registration_number}"
    refused = await client.get("/test-service/labour_complaint")
    assert refused.status_code == 403
    assert "only be used for yourself" in refused.text


async def test_services_for_people_refuse_a_company(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)
    await sign_in(app, client, ANDRIS_LIEPA)
    await act_for(client, f"company:{ZIEMELU_BUVE.registration_number}")
    response = await client.get("/test-service/technical_aid")
    assert response.status_code == 403
    assert "not for a company" in response.text


async def test_a_child_is_served_where_the_service_allows_it(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE_KALNINA)
    await act_for(client, "child_or_ward:329017-20475")
    assert (await client.get("/test-service/technical_aid")).text == (
        "child_or_ward:329017-20475")
    assert (await client.get("/test-service/labour_complaint")).status_code == 403


async def test_a_mandate_covers_only_its_services_and_each_use_is_audited(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)
    mandate_id = await grant(app, ["remedied_violations"])
    await sign_in(app, client, LAURA_VITOLA)
    await act_for(client, f"company:{ZIEMELU_BUVE.registration_number}")
    assert (await client.get("/test-service/remedied_violations")).status_code == 200
    refused = await client.get("/test-service/workplace_accident")
    assert refused.status_code == 403
    assert "Your mandate from SIA Ziemeļu Būve does not cover this e-service" in refused.text
    used = [e for e in await audit_entries(app) if e.action == "mandate_used"]
    assert [(e.actor_personal_code, e.subject_identifier, e.detail) for e in used] == [
        (LAURA_VITOLA.personal_code, ZIEMELU_BUVE.registration_number,
         f"mandate {mandate_id}: remedied_violations")]
