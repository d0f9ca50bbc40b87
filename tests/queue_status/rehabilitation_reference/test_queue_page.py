"""The signed-in queue page: number in the queue, document status, and SRIS down."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from adapters.demo_people import (
    ANDRIS_LIEPA,
    ELZA_KALNINA,
    ILZE_KALNINA,
    JANIS_OZOLS,
    ZIEMELU_BUVE,
)
from tests.portal.representation.signing_in import act_for, in_english, sign_in
from tests.queue_status.rehabilitation_reference.helpers import (
    QUEUE,
    fake_sris,
    issued_reference,
)

pytestmark = pytest.mark.anyio


async def test_anonymous_visitors_are_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get(QUEUE)
    assert response.status_code == 303 and "login" in response.headers["location"]


async def test_the_home_page_links_the_service_to_its_page(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    home = await client.get("/")
    assert f'href="{QUEUE}"' in home.text


async def test_number_in_the_queue_and_documents(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    page = await client.get(QUEUE)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    text = page.text
    assert "Sociālā rehabilitācija institūcijā" in text
    assert "143 no 612" in text  # Latvian is the default
    assert "SR-2026-00412" in text
    assert "Ģimenes ārsta izziņa" in text and "Trūkst" in text
    # What to do about the missing statement, and where to send it.
    assert "ģimenes ārst" in text.split("Trūkst", 1)[1]
    assert "Dubultu prospekts 71" in text
    assert 'name="application_id" value="SR-2026-00412"' in text


async def test_in_english(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    in_english(client)
    text = (await client.get(QUEUE)).text
    assert "Social rehabilitation in an institution" in text
    assert "143 of 612" in text
    assert "Family doctor&#39;s statement" in text and "Missing" in text
    assert "Ask your family doctor" in text


async def test_a_parent_sees_the_childs_queue(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ILZE_KALNINA)
    own = await client.get(QUEUE)
    assert own.status_code == 200
    assert "nav neviena šīs personas iesnieguma" in own.text  # none of her own
    switched = await act_for(client, f"child_or_ward:{ELZA_KALNINA.personal_code}")
    assert switched.status_code == 303
    child = await client.get(QUEUE)
    assert "personām ar redzes invaliditāti" in child.text and "81 no 95" in child.text
    assert "Funkcionēšanas novērtējums" in child.text
    assert ELZA_KALNINA.full_name in child.text


async def test_a_company_cannot_use_it(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ANDRIS_LIEPA)
    assert (await act_for(client, f"company:{ZIEMELU_BUVE.registration_number}")
            ).status_code == 303
    assert (await client.get(QUEUE)).status_code == 403


async def test_sris_down_says_so_and_still_lists_earlier_references(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    reference_id = await issued_reference(client, "SR-2026-00412")
    fake_sris(app).fail_with()
    page = await client.get(QUEUE)
    assert page.status_code == 503
    assert "nevar parādīt" in page.text
    assert 'name="application_id"' not in page.text
    assert f"/rehabilitation-queue/references/{reference_id}/e-reference.pdf" in page.text
    # The earlier reference itself does not need SRIS.
    pdf = await client.get(f"/rehabilitation-queue/references/{reference_id}/e-reference.pdf")
    assert pdf.status_code == 200
