"""The complaint over the ASGI client: employer by registration number (name shown
back from the Enterprise Register) or by name and workplace address found by the
register search alone (the path without JavaScript), files, and the answer channel."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from starlette.applications import Starlette

from adapters.address_register.fake import FakeAddressRegister
from adapters.demo_people import ILZE_KALNINA, ZIEMELU_BUVE
from adapters.e_address.fake import FakeEAddress
from adapters.enterprise_register.base import BoardMember, Company
from adapters.errors import Unavailable
from tests.eservices.labour_complaint.walking import JPEG, PDF, Walk, date_parts, stored
from tests.portal.representation.signing_in import in_english, sign_in

pytestmark = pytest.mark.anyio

WORKPLACE = "Dzirnavu iela 91, Rīga, LV-1010"


@pytest.fixture
async def steps(app: Starlette, client: httpx.AsyncClient) -> Walk:
    # The assertions read English: the service's own words reach Latvian through
    # the catalogs, which are translated after the code is written.
    in_english(client)
    await sign_in(app, client, ILZE_KALNINA)
    return Walk(client, "labour_complaint")


async def find_and_choose(steps: Walk, step: str, field: str, typed: str,
                          others: dict[str, str]) -> None:
    """Give an address the way it works without JavaScript: find, then choose."""
    found = await steps.post(step, {**others, field: typed, f"{field}-search": "1"})
    assert found.status_code == 200  # the matches, not an error
    assert "There is a problem" not in found.text
    code = (await FakeAddressRegister().search(WORKPLACE))[0].code
    assert f'value="{code}"' in found.text
    await steps.client.post(steps.url(step), data={
        "csrf_token": found.text.split('name="csrf_token" value="')[1].split('"')[0],
        **others, field: typed, f"{field}-choice": code})


async def after_the_employer(steps: Walk) -> None:
    no_category = await steps.post("violations", {"description": "Alga nav izmaksāta."})
    assert no_category.status_code == 400
    assert "Choose at least one thing the complaint is about" in no_category.text
    await steps.answer("violations", {
        "categories": ["unpaid_wages", "overtime"],
        "description": "Alga par oktobri nav izmaksāta, virsstundas netiek apmaksātas."},
        then="employment")
    backwards = await steps.post("employment", {
        **date_parts("period_from", 1, 10, 2026), **date_parts("period_to", 1, 9, 2026),
        "still_employed": "yes"})
    assert backwards.status_code == 400 and "must be the same as or after" in backwards.text
    await steps.answer("employment", {
        **date_parts("period_from", 1, 9, 2026), **date_parts("period_to", 1, 11, 2026),
        "still_employed": "yes"}, then="identity")
    await steps.answer("identity", {"keep_identity": "yes"}, then="files")
    await steps.answer("files", {}, files=[
        ("evidence", ("darba-līgums.pdf", PDF, "application/pdf")),
        ("evidence", ("algas-lapiņa.jpg", JPEG, "image/jpeg"))], then="answer")
    page = await steps.show("answer")
    assert 'value="e_address"' in page.text  # the demo's e-address system knows everyone
    no_address = await steps.post("answer", {"channel": "email"})
    assert no_address.status_code == 400
    assert "Enter the e-mail address to send the message to" in no_address.text
    await steps.answer("answer", {"channel": "email", "email": "ilze@example.lv"}, then="check")


async def test_by_registration_number(steps: Walk, app: Starlette) -> None:
    await steps.answer("employer", {"identify_by": "number"}, then="employer_number")
    short = await steps.post("employer_number", {"registration_number": "4000352871"})
    assert short.status_code == 400 and "must be 11 digits" in short.text
    typo = await steps.post("employer_number", {"registration_number": "40003528718"})
    assert typo.status_code == 400
    assert "last digit does not match" in typo.text and "has no company" in typo.text
    await steps.answer("employer_number",
                       {"registration_number": ZIEMELU_BUVE.registration_number},
                       then="workplace")
    workplace = await steps.show("workplace")
    assert "SIA Ziemeļu Būve" in workplace.text  # shown back from the register
    await find_and_choose(steps, "workplace", "workplace", "dzirnavu 91", {})
    await after_the_employer(steps)

    check = await steps.show("check")
    for shown in ("SIA Ziemeļu Būve", ZIEMELU_BUVE.registration_number, WORKPLACE,
                  "Wages not paid, paid late or only in part, Overtime work or its pay",
                  "darba-līgums.pdf", "algas-lapiņa.jpg", "ilze@example.lv"):
        assert shown in check.text, shown
    assert "Employer&#39;s name and your workplace" not in check.text  # the other path
    reference = await steps.send()
    assert reference.startswith("VDS-")

    kept = await stored(app, reference)
    assert kept.outbox.destination == "vdi" and kept.outbox.idempotency_key == reference
    assert kept.submission.answer_channel == "email"
    assert kept.submission.contact_email == "ilze@example.lv"
    assert [a.filename for a in kept.attachments] == ["darba-līgums.pdf", "algas-lapiņa.jpg"]
    answers = kept.submission.answers
    assert answers["employer_number"] == {
        "registration_number": ZIEMELU_BUVE.registration_number,
        "register_name": "SIA Ziemeļu Būve"}
    place = answers["workplace"]["workplace"]
    assert place["source"] == "register" and place["text"] == WORKPLACE
    assert place["lat"] and place["lks92_x"]  # WGS84 and LKS-92 both kept
    assert answers["identity"] == {"keep_identity": "yes"}
    assert "employer_name" not in answers
    assert reference in (await steps.client.get("/submissions")).text


async def test_by_name_and_address_found_without_javascript(
    steps: Walk, app: Starlette
) -> None:
    await steps.answer("employer", {"identify_by": "name"}, then="employer_name")
    missing = await steps.post("employer_name", {"name": "", "workplace": ""})
    assert missing.status_code == 400
    assert "Enter the employer&#39;s name" in missing.text
    assert "Enter the address of your workplace" in missing.text
    await find_and_choose(steps, "employer_name", "workplace", "Dzirnavu iela 91",
                          {"name": "Kafejnīca “Rīts”"})
    await after_the_employer(steps)
    check = await steps.show("check")
    assert "Kafejnīca “Rīts”" in check.text and WORKPLACE in check.text
    assert "Name in the Enterprise Register" not in check.text
    reference = await steps.send()
    kept = await stored(app, reference)
    assert kept.submission.answers["employer_name"]["workplace"]["source"] == "register"
    assert "employer_number" not in kept.submission.answers


class RegisterDown:
    async def get_company(self, registration_number: str) -> Company:
        raise Unavailable("enterprise_register", "down")

    async def list_board_members(self, registration_number: str) -> list[BoardMember]:
        raise Unavailable("enterprise_register", "down")

    async def list_companies_with_sole_signing_rights(self, personal_code: str) -> list[Company]:
        raise Unavailable("enterprise_register", "down")


async def test_register_down_keeps_the_number_unchecked(steps: Walk, app: Starlette) -> None:
    app.state.adapters = dataclasses.replace(app.state.adapters,
                                             enterprise_register=RegisterDown())
    await steps.answer("employer", {"identify_by": "number"})
    # A checksum mismatch is only a warning: the number is kept for VDI to check.
    await steps.answer("employer_number", {"registration_number": "40003528718"},
                       then="workplace")
    page = await steps.show("workplace")
    assert "could not check the number 40003528718" in page.text
    assert "last digit does not match" in page.text


@pytest.mark.parametrize("system", ["knows no e-address", "does not answer"])
async def test_e_address_offered_only_to_those_who_have_one(
    steps: Walk, app: Starlette, system: str
) -> None:
    e_address = FakeEAddress(registered=[])
    if system == "does not answer":
        e_address = FakeEAddress()
        e_address.fail_with()
    app.state.adapters = dataclasses.replace(app.state.adapters, e_address=e_address)
    await steps.answer("employer", {"identify_by": "name"})
    await find_and_choose(steps, "employer_name", "workplace", "Dzirnavu iela 91",
                          {"name": "SIA Piemērs"})
    page = await steps.show("answer")
    assert 'value="e_address"' not in page.text and 'value="email"' in page.text
    refused = await steps.post("answer", {"channel": "e_address"})
    assert refused.status_code == 400


async def test_only_for_oneself(app: Starlette, client: httpx.AsyncClient) -> None:
    from adapters.demo_people import ANDRIS_LIEPA
    from tests.portal.representation.signing_in import act_for

    in_english(client)
    await sign_in(app, client, ANDRIS_LIEPA)
    assert (await act_for(client, f"company:{ZIEMELU_BUVE.registration_number}")
            ).status_code == 303
    refused = await client.get("/e/labour_complaint/employer")
    assert refused.status_code == 403 and "only be used for yourself" in refused.text
