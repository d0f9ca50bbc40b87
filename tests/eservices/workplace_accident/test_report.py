"""The accident report over the ASGI client: severity first (and for a fatal,
severe or group accident, how to report it at once by phone), then the written
report by a witness, by the victim, or by the employer acting for a company."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from adapters.address_register.fake import FakeAddressRegister
from adapters.demo_people import ANDRIS_LIEPA, ILZE_KALNINA, ZIEMELU_BUVE
from tests.eservices.labour_complaint.walking import (
    JPEG,
    PDF,
    Files,
    Walk,
    date_parts,
    stored,
    token_of,
)
from tests.portal.representation.signing_in import act_for, in_english, sign_in

pytestmark = pytest.mark.anyio

PLACE = "Elizabetes iela 21, Rīga, LV-1010"
NO_FILES: Files = [("evidence", ("", b"", "application/octet-stream"))]


@pytest.fixture
async def steps(app: Starlette, client: httpx.AsyncClient) -> Walk:
    in_english(client)  # the service's own words reach Latvian through the catalogs later
    await sign_in(app, client, ILZE_KALNINA)
    return Walk(client, "workplace_accident")


async def when_and_where(steps: Walk) -> str:
    """Answer the step (after an error); the step that comes next."""
    future = await steps.post("when_where", {**date_parts("happened_on", 1, 1, 2999),
                                             "happened_at": "25:70", "place": PLACE})
    assert future.status_code == 400
    assert "cannot be in the future" in future.text
    assert "hours and minutes" in future.text
    # The place by register search, then the choice: no JavaScript needed.
    answer = {**date_parts("happened_on", 17, 11, 2026), "happened_at": "9.05",
              "place_details": "Noliktava, iekraušanas rampa"}
    found = await steps.post("when_where", {**answer, "place": "elizabetes 21",
                                            "place-search": "1"})
    assert found.status_code == 200 and "There is a problem" not in found.text
    code = (await FakeAddressRegister().search(PLACE))[0].code
    chosen = await steps.client.post(steps.url("when_where"), data={
        "csrf_token": token_of(found), **answer, "place": "elizabetes 21",
        "place-choice": code})
    assert chosen.status_code == 303, chosen.text[:2000]
    return chosen.headers["location"].rsplit("/", 1)[1]


async def the_rest(steps: Walk, *, files: Files) -> None:
    await steps.answer("what_happened", {
        "description": "Krītot no rampas, darbinieks savainoja roku.",
        "injuries": "Lauzta kreisā roka; nogādāts slimnīcā."}, then="witnesses")
    nameless = await steps.post("witnesses", {"witnesses-0-name": "Pēteris Kļaviņš",
                                              "witnesses-0-contact": "+371 29000001",
                                              "witnesses-1-contact": "anna@example.lv"})
    assert nameless.status_code == 400
    assert "Enter the name of witness 2" in nameless.text
    assert 'href="#witnesses"' in nameless.text
    assert 'value="anna@example.lv"' in nameless.text  # kept as typed
    await steps.answer("witnesses", {
        "witnesses-0-name": "Pēteris Kļaviņš", "witnesses-0-contact": "+371 29000001",
        "witnesses-1-name": "Anna Liepiņa", "witnesses-1-contact": "anna@example.lv"},
        then="files")
    await steps.answer("files", {}, files=files, then="contact")
    nothing = await steps.post("contact", {})
    assert nothing.status_code == 400
    assert "Enter a phone number or an e-mail address" in nothing.text
    await steps.answer("contact", {"phone": "+371 26000002"}, then="check")


async def test_a_witness_reports_a_severe_accident(steps: Walk, app: Starlette) -> None:
    start = await steps.client.get("/e/workplace_accident")
    assert 'href="tel:+37167186522"' in start.text  # before anything else
    unanswered = await steps.post("severity", {})
    assert unanswered.status_code == 400
    assert "Choose how serious the accident is" in unanswered.text
    await steps.answer("severity", {"severity": "severe"}, then="report_at_once")

    urgent = await steps.show("report_at_once")
    assert 'href="tel:+37167186522"' in urgent.text and "67186522" in urgent.text
    assert "must be reported to the State Labour Inspectorate at once" in urgent.text
    await steps.answer("report_at_once", {"called": "no"}, then="reporter")

    reporter = await steps.show("reporter")
    assert 'value="employer"' not in reporter.text  # only when acting for a company
    refused = await steps.post("reporter", {"role": "employer"})
    assert refused.status_code == 400
    await steps.answer("reporter", {"role": "witness"}, then="when_where")
    assert await when_and_where(steps) == "employer"
    await steps.answer("employer", {"name": "SIA Ziemeļu Būve",
                                    "registration_number": ZIEMELU_BUVE.registration_number},
                       then="victim")
    await steps.answer("victim", {"name": "Juris Bērziņš", "occupation": "noliktavas darbinieks"},
                       then="what_happened")
    await the_rest(steps, files=[("evidence", ("rampa.jpg", JPEG, "image/jpeg")),
                                 ("evidence", ("izziņa.pdf", PDF, "application/pdf"))])

    check = await steps.show("check")
    for shown in ("Someone was severely injured", "Not yet", "I saw it happen (a witness)",
                  PLACE, "09:05", "Juris Bērziņš", "Pēteris Kļaviņš (+371 29000001)",
                  "Anna Liepiņa (anna@example.lv)", "rampa.jpg", "izziņa.pdf"):
        assert shown in check.text, shown
    reference = await steps.send()
    assert reference.startswith("VDA-")
    kept = await stored(app, reference)
    assert kept.outbox.destination == "vdi" and kept.outbox.idempotency_key == reference
    assert [a.filename for a in kept.attachments] == ["rampa.jpg", "izziņa.pdf"]
    answers = kept.submission.answers
    assert answers["report_at_once"] == {"called": "no"}
    assert answers["when_where"]["happened_on"] == "2026-11-17"
    assert answers["when_where"]["place"]["text"] == PLACE
    assert answers["witnesses"]["witnesses"] == [
        {"name": "Pēteris Kļaviņš", "contact": "+371 29000001"},
        {"name": "Anna Liepiņa", "contact": "anna@example.lv"}]
    assert reference in (await steps.client.get("/submissions")).text


async def test_the_victim_reports_a_minor_accident(steps: Walk, app: Starlette) -> None:
    await steps.answer("severity", {"severity": "other"}, then="reporter")  # no phone step
    await steps.answer("reporter", {"role": "victim"}, then="when_where")
    assert await when_and_where(steps) == "employer"
    await steps.answer("employer", {"name": "SIA Piemērs", "registration_number": ""},
                       then="what_happened")  # the victim is the reporter: no victim step
    await the_rest(steps, files=NO_FILES)
    check = await steps.show("check")
    assert "Report it to the inspectorate at once" not in check.text
    assert "The injured person" not in check.text
    kept = await stored(app, await steps.send())
    assert set(kept.submission.answers) == {"severity", "reporter", "when_where", "employer",
                                            "what_happened", "witnesses", "files", "contact"}
    assert kept.attachments == []


async def test_changing_the_severity_brings_in_the_phone_step(steps: Walk) -> None:
    await steps.answer("severity", {"severity": "other"}, then="reporter")
    await steps.answer("reporter", {"role": "victim"}, then="when_where")
    changed = await steps.post("severity", {"severity": "fatal"}, query="?change=1")
    assert changed.headers["location"] == steps.url("report_at_once")


async def test_the_employer_reports_through_the_company(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)
    await sign_in(app, client, ANDRIS_LIEPA)
    assert (await act_for(client, f"company:{ZIEMELU_BUVE.registration_number}")
            ).status_code == 303
    steps = Walk(client, "workplace_accident")
    await steps.answer("severity", {"severity": "group"}, then="report_at_once")
    await steps.answer("report_at_once", {"called": "yes"}, then="reporter")
    page = await steps.show("reporter")
    assert "You are reporting for SIA Ziemeļu Būve, as the employer." in page.text
    assert 'name="role"' not in page.text
    no_position = await steps.post("reporter", {"role": "victim"})
    assert no_position.status_code == 400 and "Enter your position" in no_position.text
    # Whatever is posted as the role, a company reports as the employer.
    await steps.answer("reporter", {"role": "victim", "position": "darba aizsardzības "
                                    "speciālists"}, then="when_where")
    # The employer is the subject: no employer step; the victim is asked for.
    assert await when_and_where(steps) == "victim"
    bad_code = await steps.post("victim", {"name": "Juris Bērziņš", "personal_code": "12345"})
    assert bad_code.status_code == 400 and "personal code" in bad_code.text
    await steps.answer("victim", {"name": "Juris Bērziņš", "personal_code": "321904-66358"},
                       then="what_happened")
    await the_rest(steps, files=NO_FILES)
    check = await steps.show("check")
    assert "The employer" in check.text and "darba aizsardzības speciālists" in check.text
    kept = await stored(app, await steps.send())
    assert kept.submission.answers["reporter"]["role"] == "employer"
    assert "employer" not in kept.submission.answers
    assert kept.submission.subject_id == ZIEMELU_BUVE.registration_number
    assert kept.submission.representation == "board_member"
