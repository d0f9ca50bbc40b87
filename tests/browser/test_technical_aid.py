"""The technical-aid application in headless Chromium, in Latvian, against `portal demo`.

A parent applies for a children's wheelchair for her daughter while the
municipal social assistance system (SOPA) is down: the page names it, the
parent goes on without it, fixes a missed choice, sends, and sees the reference
number. The demo's worker delivers the application to the fake SPOLIS over
HTTP, which places it in the wheelchair queue and pushes the change back; "Mana
rinda TPL saņemšanai" then shows the request with its place in the queue.

The registries are the fake back office's over HTTP (the demo's setting), so
SOPA is failed there, the way an outage looks to the portal. Elements are found
by name and id; the few words checked are the Latvian catalog's.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pytest
from selenium.webdriver.common.by import By

from adapters.demo_people import ELZA_KALNINA, ILZE_KALNINA
from tests.browser.conftest import Browser, Demo
from tests.browser.test_vdi_services import Walk

pytestmark = pytest.mark.browser

DELIVERY_WAIT = 90
ELZA = f"child_or_ward:{ELZA_KALNINA.personal_code}"


@pytest.fixture
def sopa_down(demo: Demo) -> Iterator[str]:
    backoffice = demo.backoffice_url
    assert backoffice is not None, "portal demo runs the fake back office and a worker"
    told = httpx.post(f"{backoffice}/control/fail", timeout=10,
                      json={"system": "social_assistance", "mode": "error"})
    assert told.status_code == 200, told.text
    try:
        yield backoffice
    finally:
        httpx.post(f"{backoffice}/control/fail", timeout=10,
                   json={"system": "social_assistance", "mode": "ok"})


def received_at_spolis(walk: Walk, backoffice: str, reference: str) -> dict[str, object]:
    deadline = time.monotonic() + DELIVERY_WAIT
    while (found := httpx.get(f"{backoffice}/spolis/submissions/{reference}",
                              timeout=10)).status_code != 200:
        assert time.monotonic() < deadline, f"{reference} not at SPOLIS:\n{walk.demo.log_tail()}"
        time.sleep(0.5)
    envelope: dict[str, object] = found.json()["envelope"]
    return envelope


def queue_card(walk: Walk, reference: str) -> str:
    """The text of "my queue"'s card for this application, once SPOLIS has placed it."""
    deadline = time.monotonic() + DELIVERY_WAIT
    while True:
        walk.open("/my-queue")
        for card in walk.driver.find_elements(By.CSS_SELECTOR, "main section"):
            if reference in card.text and "Vieta rindā" in card.text:
                text = str(card.text)
                walk.check()  # axe-core on "my queue" too
                return text
        assert time.monotonic() < deadline, (
            f"{reference} not in the queue:\n{walk.text()}\n{walk.demo.log_tail()}")
        time.sleep(1)


def test_a_parent_applies_for_a_wheelchair_for_her_child_with_sopa_down(
    demo: Demo, chromium: Browser, sopa_down: str
) -> None:
    walk = Walk(chromium(), demo)
    walk.sign_in(ILZE_KALNINA.personal_code, "/acting-for")
    walk.choose("subject", ELZA)
    walk.go_on()
    walk.start("technical_aid")
    assert walk.path == "/e/technical_aid/consent"
    assert ELZA_KALNINA.full_name in walk.text()

    walk.choose("consent", "yes")
    walk.go_on()
    assert walk.path == "/e/technical_aid/state_data"
    known = walk.text()
    assert "Daži reģistri neatbildēja" in known
    assert "pašvaldību sociālās palīdzības sistēma SOPA" in known  # the one that is down
    assert "Bērns ar invaliditāti" in known  # VDEĀVK answered
    assert walk.driver.find_elements(By.CSS_SELECTOR, "main form input[name='consent']")
    walk.go_on()

    # SOPA did not answer: a document may be attached; the parent goes on without one.
    assert walk.path == "/e/technical_aid/income_document", walk.path
    assert "SOPA" in walk.text()
    walk.go_on()

    assert walk.path == "/e/technical_aid/aids"
    walk.go_on()  # nothing chosen
    assert walk.errors() and walk.path == "/e/technical_aid/aids"
    assert walk.driver.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#aid_codes-0']")
    walk.choose("aid_codes", "12-22-18")  # children's wheelchair
    walk.go_on()

    assert walk.path == "/e/technical_aid/place_vaivari"
    chosen = walk.driver.find_element(By.CSS_SELECTOR, "select[name='place'] option:checked")
    assert chosen.get_attribute("value") == "vaivari-riga"  # her town, from the register
    walk.go_on()

    assert walk.path == "/e/technical_aid/contacts"
    walk.fill("phone", "22012345")
    walk.choose("channel", "portal")
    walk.go_on()
    reference = walk.send_and_see_reference()
    assert reference.startswith("TPL-")

    envelope = received_at_spolis(walk, sopa_down, reference)
    assert envelope["subject"] == {"kind": "child_or_ward", "id": ELZA_KALNINA.personal_code,
                                   "name": ELZA_KALNINA.full_name}
    form_data = envelope["form_data"]
    assert isinstance(form_data, dict)
    assert form_data["aids"]["aid_codes"] == ["12-22-18"]
    assert form_data["consent"]["social_assistance"]["status"] == "unavailable"

    card = queue_card(walk, reference)
    assert re.search(r"Vieta rindā\s+\d+ no \d+", card), card
    assert not walk.problems, "\n".join(walk.problems)
