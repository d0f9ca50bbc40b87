"""The application for a technical aid over the ASGI client: for a child with
everything known to the registers, for oneself without consent, with a register
that has nothing, with one that is down, and what never fails."""

from __future__ import annotations

import dataclasses
import re

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.demo_people import ELZA_KALNINA, ILZE_KALNINA, JANIS_OZOLS
from adapters.errors import Unavailable
from adapters.population_register.base import Person
from adapters.population_register.fake import FakePopulationRegister
from eservices.submissions.envelope import build_envelope
from eservices.submissions.models import Draft
from tests.eservices.labour_complaint.walking import PDF, Files, Walk, stored
from tests.eservices.technical_aid.catalogue import stock_catalogue
from tests.portal.representation.signing_in import act_for, in_english, sign_in

pytestmark = pytest.mark.anyio

ELZA = f"child_or_ward:{ELZA_KALNINA.personal_code}"


def no_file(field: str) -> Files:
    """What a browser sends from a file input left empty: a part without a name."""
    return [(field, ("", b"", "application/octet-stream"))]


@pytest.fixture
async def steps(app: Starlette, client: httpx.AsyncClient) -> Walk:
    in_english(client)
    await stock_catalogue(app)
    return Walk(client, "technical_aid")


async def for_elza(app: Starlette, steps: Walk) -> None:
    await sign_in(app, steps.client, ILZE_KALNINA)
    chosen = await act_for(steps.client, ELZA)
    assert chosen.status_code == 303, chosen.text[:300]


async def test_a_parent_applies_for_a_child_with_everything_known(
    steps: Walk, app: Starlette
) -> None:
    await for_elza(app, steps)
    start = await steps.client.get("/e/technical_aid")
    assert start.status_code == 200 and "Elza Kalniņa" in start.text
    consent = await steps.show("consent")
    assert "information about Elza Kalniņa" in consent.text
    nothing = await steps.post("consent", {})
    assert nothing.status_code == 400
    assert "Say whether the service may get the information" in nothing.text
    await steps.answer("consent", {"consent": "yes"}, then="state_data")

    known = await steps.show("state_data")
    for shown in ("Child with a disability", "2-11/2025/0387", "fizioterapeite Ieva Liepiņa",
                  "Recommended: Wheelchairs, Walkers", "Brīvības iela 101 - 12, Rīga",
                  "Low-income person, Rīgas valstspilsētas pašvaldība",
                  "You do not pay the co-payment"):
        assert shown in known.text, shown
    assert "did not answer" not in known.text
    # Everything was found: no document is asked for.
    await steps.answer("state_data", {"remarks": ""}, then="aids")

    aids = await steps.show("aids")
    assert aids.text.index("Wheelchairs") < aids.text.index("Hearing aids")
    assert "Recommended by the specialist" in aids.text
    none_chosen = await steps.post("aids", {})
    assert none_chosen.status_code == 400
    assert "Choose at least one technical aid" in none_chosen.text
    made_up = await steps.post("aids", {"aid_codes": ["99-99-99"]})
    assert made_up.status_code == 400
    await steps.answer("aids", {"aid_codes": ["12-22-18"]}, then="place_vaivari")

    place = await steps.show("place_vaivari")
    assert 'value="vaivari-riga" selected' in place.text  # the branch in her town
    assert 'value="home"' in place.text  # wheelchairs are brought home
    assert "Brīvības iela 101 - 12" in place.text  # the address to bring it to
    no_address = await steps.post("place_vaivari", {"place": "home", "delivery_address": " "})
    assert no_address.status_code == 400
    assert "Enter the address to bring the aid to" in no_address.text
    await steps.answer("place_vaivari", {"place": "vaivari-jurmala"}, then="contacts")

    bad_phone = await steps.post("contacts", {"phone": "12", "channel": "portal"})
    assert bad_phone.status_code == 400 and "Enter a phone number like" in bad_phone.text
    no_email = await steps.post("contacts", {"phone": "+371 2201 2345", "channel": "email"})
    assert no_email.status_code == 400
    assert "Enter the e-mail address to send the message to" in no_email.text
    await steps.answer("contacts", {"phone": "+371 2201 2345", "email": "ilze@example.lv",
                                    "channel": "email"}, then="check")

    check = await steps.show("check")
    for shown in ("Children&#39;s wheelchair (NRC “Vaivari”)", "Jūrmala (Vaivari)",
                  "+37122012345", "Child with a disability", "You do not pay the co-payment"):
        assert shown in check.text, shown
    reference = await steps.send()
    assert reference.startswith("TPL-")

    kept = await stored(app, reference)
    assert kept.outbox.destination == "spolis"
    assert kept.submission.subject_id == ELZA_KALNINA.personal_code
    assert kept.submission.actor_personal_code == ILZE_KALNINA.personal_code
    envelope = build_envelope(kept.submission)
    assert envelope["subject"]["id"] == ELZA_KALNINA.personal_code
    data = envelope["form_data"]
    assert data["aids"]["aid_codes"] == ["12-22-18"]
    assert data["aids"]["chosen"][0]["provider"] == "vaivari"
    assert data["consent"]["disability"]["status"] == "found"
    assert data["consent"]["disability"]["source"] == "disability_system"
    assert data["consent"]["disability"]["data"]["group"] == "child"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                        data["consent"]["social_assistance"]["fetched_at"])
    assert data["consent"]["social_assistance"]["data"]["exempt_from_co_payment"] is True
    assert data["consent"]["functioning"]["data"]["recommended_groups"] == ["12-22", "12-06"]
    assert data["place_vaivari"] == {"place": "vaivari-jurmala",
                                     "delivery_address": "Brīvības iela 101 - 12, Rīga, LV-1001"}
    assert "disability_document" not in data and "residence" not in data


async def test_for_oneself_without_consent_the_documents_are_asked_for(
    steps: Walk, app: Starlette
) -> None:
    await sign_in(app, steps.client, JANIS_OZOLS)
    await steps.answer("consent", {"consent": "no"}, then="disability_document")
    page = await steps.show("disability_document")
    assert "You chose to attach the documents yourself" in page.text
    await steps.answer("disability_document", {}, files=[
        ("disability_document", ("lēmums.pdf", PDF, "application/pdf"))],
        then="recommendation_document")
    # Each documents step lists its own files only.
    assert "lēmums.pdf" in (await steps.show("disability_document")).text
    assert "lēmums.pdf" not in (await steps.show("recommendation_document")).text
    await steps.answer("recommendation_document", {}, files=no_file("recommendation_document"),
                       then="residence")
    no_address = await steps.post("residence", {"address": ""})
    assert no_address.status_code == 400
    assert "Enter the address where the person lives" in no_address.text
    await steps.answer("residence", {"address": "Rīgas iela 10 - 3, Valmiera"},
                       then="income_document")
    await steps.answer("income_document", {}, files=no_file("income_document"), then="aids")
    aids = await steps.show("aids")
    assert "Recommended by the specialist" not in aids.text  # nothing asked, nothing known
    await steps.answer("aids", {"aid_codes": ["22-06-15"]}, then="place_deaf_association")
    place = await steps.show("place_deaf_association")
    assert 'value="deaf-valmiera" selected' in place.text
    assert 'value="home"' not in place.text  # hearing aids are fitted, not delivered
    await steps.answer("place_deaf_association", {"place": "deaf-valmiera"}, then="contacts")
    await steps.answer("contacts", {"phone": "29123456", "channel": "portal"}, then="check")
    check = await steps.show("check")
    assert "No, I will attach the documents myself" in check.text and "lēmums.pdf" in check.text
    reference = await steps.send()
    kept = await stored(app, reference)
    assert kept.submission.subject_id == JANIS_OZOLS.personal_code
    assert [a.field_name for a in kept.attachments] == ["disability_document"]
    consent = kept.submission.answers["consent"]
    assert consent["consent"] == "no"
    assert all(consent[key] is None for key in
               ("disability", "functioning", "residence", "social_assistance"))
    assert "state_data" not in kept.submission.answers


async def test_a_source_with_nothing_asks_for_a_document(steps: Walk, app: Starlette) -> None:
    await sign_in(app, steps.client, ILZE_KALNINA)  # for herself: no disability, no assessment
    await steps.answer("consent", {"consent": "yes"}, then="state_data")
    known = await steps.show("state_data")
    assert "No disability is recorded." in known.text
    assert "No functioning assessment or recommendation" in known.text
    assert "Brīvības iela 101 - 12" in known.text
    await steps.answer("state_data", {}, then="disability_document")
    page = await steps.show("disability_document")
    assert "VDEĀVK disability information system has nothing on this" in page.text
    await steps.answer("disability_document", {}, files=no_file("disability_document"),
                       then="recommendation_document")
    await steps.answer("recommendation_document", {}, files=[
        ("recommendation_document", ("atzinums.pdf", PDF, "application/pdf"))], then="aids")


async def test_a_source_that_is_down_is_named_and_the_person_can_apply(
    steps: Walk, app: Starlette
) -> None:
    app.state.adapters.social_assistance.fail_with()
    await for_elza(app, steps)
    await steps.answer("consent", {"consent": "yes"}, then="state_data")
    known = await steps.show("state_data")
    assert "Some registers did not answer" in known.text
    assert "The municipal social assistance system SOPA did not answer" in known.text
    assert "The institution will check whether the co-payment applies" in known.text
    assert "Ask the registers again" in known.text
    await steps.answer("state_data", {}, then="income_document")
    page = await steps.show("income_document")
    assert "municipal social assistance system SOPA did not answer" in page.text
    await steps.answer("income_document", {}, files=no_file("income_document"), then="aids")
    await steps.answer("aids", {"aid_codes": ["12-22-18", "12-39-03"]}, then="place_vaivari")
    await steps.answer("place_vaivari", {"place": "vaivari-riga"}, then="place_blind_society")
    await steps.answer("place_blind_society", {"place": "blind-riga"}, then="contacts")
    await steps.answer("contacts", {"phone": "22012345", "channel": "portal"}, then="check")
    reference = await steps.send()
    kept = await stored(app, reference)
    assert kept.submission.answers["consent"]["social_assistance"]["status"] == "unavailable"
    assert kept.submission.answers["consent"]["disability"]["status"] == "found"


async def test_asking_again_when_the_source_is_back(steps: Walk, app: Starlette) -> None:
    app.state.adapters.disability_system.fail_with()
    await for_elza(app, steps)
    await steps.answer("consent", {"consent": "yes"}, then="state_data")
    assert "VDEĀVK disability information system did not answer" in (
        await steps.show("state_data")).text
    app.state.adapters.disability_system.heal()
    await steps.answer("consent", {"consent": "yes"}, then="state_data")  # "Ask again"
    known = await steps.show("state_data")
    assert "did not answer" not in known.text and "Child with a disability" in known.text


async def test_withdrawn_consent_keeps_nothing_fetched(steps: Walk, app: Starlette) -> None:
    await for_elza(app, steps)
    await steps.answer("consent", {"consent": "yes"}, then="state_data")
    await steps.answer("consent", {"consent": "no"}, then="disability_document")
    async with app.state.sessionmaker() as db:
        draft = (await db.scalars(select(Draft))).one()
    assert draft.answers["consent"] == {"consent": "no", "disability": None,
                                        "functioning": None, "residence": None,
                                        "social_assistance": None}


class DownPopulationRegister(FakePopulationRegister):
    """Representation still works (it asks for children); a person's details fail."""

    async def get_person(self, personal_code: str) -> Person:
        raise Unavailable("population_register", "down")


async def test_never_a_server_error_when_everything_is_down(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)  # and no catalogue at all, SPOLIS' included
    for system in (app.state.adapters.disability_system, app.state.adapters.functioning,
                   app.state.adapters.social_assistance):
        system.fail_with()
    app.state.adapters.technical_aids.fail_with()
    await sign_in(app, client, ILZE_KALNINA)
    steps = Walk(client, "technical_aid")
    app.state.adapters = dataclasses.replace(app.state.adapters,
                                             population_register=DownPopulationRegister())
    await steps.answer("consent", {"consent": "yes"}, then="state_data")
    known = await steps.show("state_data")
    assert known.text.count("did not answer, so we do not know") == 4
    await steps.answer("state_data", {}, then="disability_document")
    for step, then in (("disability_document", "recommendation_document"),
                       ("recommendation_document", "residence")):
        await steps.answer(step, {}, files=no_file(step), then=then)
    residence = await steps.show("residence")
    assert "Population Register did not answer" in residence.text
    await steps.answer("residence", {"address": "Brīvības iela 101 - 12, Rīga"},
                       then="income_document")
    await steps.answer("income_document", {}, files=no_file("income_document"), then="aids")
    aids = await steps.show("aids")
    assert "catalogue of technical aids is not available" in aids.text
    refused = await steps.post("aids", {"aid_codes": ["12-22-18"]})
    assert refused.status_code == 400
    unknown = await client.get("/e/technical_aid/place_nowhere")
    assert unknown.status_code == 404
    not_yet = await client.get("/e/technical_aid/place_vaivari")
    assert not_yet.status_code == 404  # no Vaivari aid chosen: not a step of this application


async def test_an_empty_catalogue_is_asked_of_spolis(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)  # a new installation: the worker has not synced the catalogue yet
    await sign_in(app, client, JANIS_OZOLS)
    steps = Walk(client, "technical_aid")
    await steps.answer("consent", {"consent": "yes"}, then="state_data")
    await steps.answer("state_data", {}, then="income_document")
    await steps.answer("income_document", {}, files=no_file("income_document"), then="aids")
    aids = await steps.show("aids")
    assert "Hearing aids" in aids.text and "Braille devices" in aids.text  # SPOLIS' demo
    assert aids.text.index("Hearing aids") < aids.text.index("Wheelchairs")  # recommended
    await steps.answer("aids", {"aid_codes": ["22-06-15"]}, then="place_deaf_association")
