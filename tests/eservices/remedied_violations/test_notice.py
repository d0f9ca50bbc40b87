"""The notice of remedied violations over the ASGI client: the orders come from VDI
as soon as the company is the subject; board members and mandate holders file it."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from adapters.demo_people import (
    ANDRIS_LIEPA,
    EDGARS_KRUMINS,
    LAURA_VITOLA,
    RIGAS_MAIZNICA,
    ZIEMELU_BUVE,
    DemoPerson,
)
from adapters.vdi.fake import FakeVdi
from eservices.submissions.models import Draft
from portal.database import utcnow
from portal.mandates.models import Mandate
from tests.eservices.labour_complaint.walking import JPEG, PDF, Walk, date_parts, stored
from tests.portal.representation.signing_in import act_for, in_english, sign_in

pytestmark = pytest.mark.anyio

FIRST, SECOND, THIRD = "P_2026_0418_1", "P_2026_0418_2", "P_2026_0502_1"
# What a browser sends for a file input left empty: the step's form is multipart.
NO_FILES = [("evidence", ("", b"", "application/octet-stream"))]


def walk(client: httpx.AsyncClient) -> Walk:
    return Walk(client, "remedied_violations")


async def acting_for(app: Starlette, client: httpx.AsyncClient, person: DemoPerson,
                     registration_number: str) -> None:
    await sign_in(app, client, person)
    switched = await act_for(client, f"company:{registration_number}")
    assert switched.status_code == 303, switched.text[:500]


async def give_mandate(app: Starlette, services: list[str]) -> None:
    async with app.state.sessionmaker() as db:
        db.add(Mandate(
            company_registration_number=ZIEMELU_BUVE.registration_number,
            company_name=ZIEMELU_BUVE.name, holder_personal_code=LAURA_VITOLA.personal_code,
            holder_name=LAURA_VITOLA.full_name, services=services,
            expires_on=date(2099, 12, 31), granted_by_personal_code=ANDRIS_LIEPA.personal_code,
            granted_at=utcnow()))
        await db.commit()


def remedies(first: str = "yes") -> dict[str, str]:
    return {
        f"{FIRST}-remedied": first, **date_parts(f"{FIRST}-remedied_on", 10, 10, 2026),
        f"{FIRST}-measures": "Uzstādītas aizsargmargas visā sastatņu garumā.",
        f"{SECOND}-remedied": "yes", **date_parts(f"{SECOND}-remedied_on", 2, 11, 2026),
        f"{SECOND}-measures": "Darba aizsardzības speciālists novērtēja risku.",
        f"{THIRD}-remedied": "no", f"{THIRD}-measures": "Līgumi tiks parakstīti līdz 30.11.",
    }


async def file_the_notice(app: Starlette, client: httpx.AsyncClient) -> str:
    steps = walk(client)
    page = await steps.show("violations")
    # Both active orders and their three violations; the closed order is not there.
    assert "11-1/2026/418" in page.text and "11-1/2026/502" in page.text
    assert "11-1/2025/977" not in page.text
    assert page.text.count('type="file"') == 3
    assert "aizsargmargas" in page.text and "rakstveida darba līgumi" in page.text

    # Nothing answered: one message per violation, each naming which one.
    empty = await steps.post("violations", {}, files=NO_FILES)
    assert empty.status_code == 400
    for number, act in ((1, "418"), (2, "418"), (3, "502")):
        assert f"violation {number} (order 11-1/2026/{act})" in empty.text
    assert f'href="#{FIRST}-remedied-0"' in empty.text
    # Remedied, but without the date and the measures; the other answers are kept.
    half = await steps.post("violations", {**remedies(), f"{FIRST}-measures": "",
                                           **{f"{FIRST}-remedied_on-{part}": ""
                                              for part in ("day", "month", "year")}},
                            files=NO_FILES)
    assert half.status_code == 400
    assert "Enter the date violation 1" in half.text
    assert "measures taken for violation 1" in half.text
    assert "Darba aizsardzības speciālists novērtēja risku.</textarea>" in half.text

    # Evidence for two of the violations, each in its own file input.
    await steps.answer("violations", remedies(), files=[
        (f"evidence-{FIRST}", ("margas.jpg", JPEG, "image/jpeg")),
        (f"evidence-{SECOND}", ("riska-novertejums.pdf", PDF, "application/pdf"))],
        then="contact")
    no_way_to_reach = await steps.post("contact", {"name": "Laura Vītola"})
    assert no_way_to_reach.status_code == 400
    assert "Enter a phone number or an e-mail address" in no_way_to_reach.text
    await steps.answer("contact", {"name": "Laura Vītola", "phone": "+371 26000000"},
                       then="check")

    check = await steps.show("check")
    assert "Violation 1, order 11-1/2026/418" in check.text
    assert "Remedied on 10 October 2026." in check.text
    assert "Evidence: margas.jpg" in check.text and "Evidence: riska-novertejums.pdf" in check.text
    assert "Not remedied yet." in check.text
    assert 'href="/e/remedied_violations/violations?change=1"' in check.text
    return await steps.send()


@pytest.fixture(autouse=True)
def english(client: httpx.AsyncClient) -> None:
    # The assertions read English: the service's own words are translated by the
    # catalogs' maintainers after the fact, so Latvian would not be stable here.
    in_english(client)


async def test_board_member_files_the_notice(app: Starlette, client: httpx.AsyncClient) -> None:
    await acting_for(app, client, ANDRIS_LIEPA, ZIEMELU_BUVE.registration_number)
    reference = await file_the_notice(app, client)
    assert reference.startswith("VDN-")

    kept = await stored(app, reference)
    assert kept.outbox.destination == "vdi" and kept.outbox.idempotency_key == reference
    assert kept.submission.subject_id == ZIEMELU_BUVE.registration_number
    assert kept.submission.representation == "board_member"
    answers = kept.submission.answers["violations"]
    assert [item["violation_id"] for item in answers["listed"]] == [
        "P-2026-0418-1", "P-2026-0418-2", "P-2026-0502-1"]
    assert answers[f"{FIRST}-remedied_on"] == "2026-10-10"
    assert answers[f"{THIRD}-remedied"] == "no" and answers[f"{THIRD}-remedied_on"] is None
    assert {(a.field_name, a.filename) for a in kept.attachments} == {
        (f"evidence-{FIRST}", "margas.jpg"), (f"evidence-{SECOND}", "riska-novertejums.pdf")}
    assert reference in (await client.get("/submissions")).text


async def test_an_employee_with_a_mandate_files_it(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await give_mandate(app, ["remedied_violations"])
    await acting_for(app, client, LAURA_VITOLA, ZIEMELU_BUVE.registration_number)
    reference = await file_the_notice(app, client)
    kept = await stored(app, reference)
    assert kept.submission.representation == "mandate"
    assert kept.submission.actor_personal_code == LAURA_VITOLA.personal_code
    assert kept.submission.subject_name == ZIEMELU_BUVE.name


async def test_without_a_mandate_for_it_the_service_is_refused(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, LAURA_VITOLA)
    # Acting for herself: the service is for companies only.
    refused = await client.get("/e/remedied_violations/violations")
    assert refused.status_code == 403
    assert "only for companies" in refused.text
    # No mandate: the company cannot even be chosen.
    assert (await act_for(client, f"company:{ZIEMELU_BUVE.registration_number}")
            ).status_code != 303
    # A mandate for another e-service does not cover this one.
    await give_mandate(app, ["workplace_accident"])
    assert (await act_for(client, f"company:{ZIEMELU_BUVE.registration_number}")
            ).status_code == 303
    for path in ("/e/remedied_violations", "/e/remedied_violations/violations"):
        refused = await client.get(path)
        assert refused.status_code == 403
        assert "does not cover this e-service" in refused.text


async def test_no_active_orders_nothing_to_file(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await acting_for(app, client, EDGARS_KRUMINS, RIGAS_MAIZNICA.registration_number)
    steps = walk(client)
    page = await steps.show("violations")
    assert "no orders in force for AS Rīgas Maiznīca" in page.text
    assert 'type="file"' not in page.text and "Continue" not in page.text
    forced = await steps.post("violations", {}, files=NO_FILES)
    assert forced.status_code == 400
    assert "There are no violations to report on" in forced.text
    assert (await client.get("/e/remedied_violations/check")).status_code == 303


async def test_vdi_down_keeps_the_draft(app: Starlette, client: httpx.AsyncClient) -> None:
    await acting_for(app, client, ANDRIS_LIEPA, ZIEMELU_BUVE.registration_number)
    steps = walk(client)
    await steps.answer("violations", remedies(), files=NO_FILES, then="contact")
    vdi: FakeVdi = app.state.adapters.vdi
    vdi.fail_with()
    page = await steps.show("violations", "?change=1")
    assert "cannot get the orders of SIA Ziemeļu Būve" in page.text
    # A page sent just as VDI went down: told so, and nothing of the draft is lost.
    sent = await steps.post("violations", remedies(), files=NO_FILES, query="?change=1")
    assert sent.status_code == 400
    assert "cannot be fetched from the State Labour Inspectorate" in sent.text
    assert "Anything you have already entered is kept" in page.text
    assert 'type="file"' not in page.text
    async with app.state.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(Draft)) == 1
    vdi.heal()
    again = await steps.show("violations", "?change=1")
    assert "Uzstādītas aizsargmargas visā sastatņu garumā.</textarea>" in again.text
    assert 'value="10"' in again.text  # the stored date is shown back
