"""The training sign-up and the specialist appointment in headless Chromium, in Latvian,
against `portal demo` (calendar from the fake SPOLIS over HTTP, delivery by its worker).

Each walk goes as a new user would, from the home page's link, and checks every
page it reaches with axe-core (WCAG 2.1 AA). Elements are found by name, id and
address, not by wording: the services' words reach Latvian through the catalogs.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import httpx
import pytest
from axe_selenium_python import Axe
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from accessibility_tests.conftest import AXE_SCRIPT
from accessibility_tests.crawl import AXE_OPTIONS
from adapters.demo_people import ANDRIS_LIEPA, ILZE_KALNINA, JANIS_OZOLS
from tests.browser.conftest import Browser, Demo, page_gone

pytestmark = pytest.mark.browser

WAIT = 30
DELIVERY_WAIT = 60


class Walk:
    """One person's browser; every page it lands on is checked with axe."""

    def __init__(self, driver: Chrome, demo: Demo) -> None:
        self.driver = driver
        self.demo = demo
        self.problems: list[str] = []

    @property
    def path(self) -> str:
        return str(self.driver.current_url).removeprefix(self.demo.url).split("?")[0]

    def open(self, path: str) -> None:
        self.driver.get(self.demo.url + path)
        self.check()

    def sign_in(self, personal_code: str, then: str) -> None:
        self.driver.get(f"{self.demo.url}/language/lv?next=/")  # as a Latvian visitor
        self.driver.get(f"{self.demo.url}/login?next={then}")
        self.choose("person", personal_code)
        self.submit("main form button.button")
        assert self.path == then, self.path

    def check(self) -> None:
        lang = self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
        if lang != "lv":
            self.problems.append(f"{self.path}: lang={lang!r}")
        axe = Axe(self.driver, script_url=str(AXE_SCRIPT))
        axe.inject()
        for violation in axe.run(options=AXE_OPTIONS).get("violations", []):
            targets = [" ".join(map(str, n.get("target", []))) for n in violation["nodes"]]
            self.problems.append(f"{self.path}: axe {violation['id']}: {violation['help']} "
                                 f"({'; '.join(targets)})")

    def follow(self, selector: str) -> None:
        self.submit(selector)

    def submit(self, selector: str) -> None:
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.CSS_SELECTOR, selector).click()
        # Mid-navigation chromedriver may report the old page with errors other than
        # "stale element"; `page_gone` takes any of them as the page having changed.
        WebDriverWait(self.driver, WAIT).until(lambda _driver: page_gone(old))
        WebDriverWait(self.driver, WAIT).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "footer.footer"))
        self.check()

    def choose(self, name: str, value: str) -> None:
        self.driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()

    def choose_first(self, name: str) -> str:
        radio = self.driver.find_element(By.CSS_SELECTOR, f"input[name='{name}']")
        radio.click()
        return str(radio.get_attribute("value"))

    def fill(self, name: str, value: str) -> None:
        box = self.driver.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)

    def fill_date(self, name: str, day: date) -> None:
        for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
            self.fill(f"{name}-{part}", str(value))

    def text(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "main").text)

    def reference(self) -> str:
        found = [word for word in self.text().split() if word[:4] in ("MAC-", "PRK-")]
        assert found, self.text()
        return found[0].strip(".,()")

    def cookies(self) -> dict[str, str]:
        return {c["name"]: c["value"] for c in self.driver.get_cookies()}

    def assert_accessible(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def arrives_at_spolis(demo: Demo, *references: str) -> None:
    if demo.backoffice_url is None:
        return  # this `portal demo` runs no fake back office to ask
    deadline = time.monotonic() + DELIVERY_WAIT
    for reference in references:
        while httpx.get(f"{demo.backoffice_url}/spolis/submissions/{reference}",
                        timeout=10).status_code != 200:
            assert time.monotonic() < deadline, f"{reference} did not reach the fake SPOLIS"
            time.sleep(0.5)


def test_training_sign_up_waiting_list_and_cancelling(demo: Demo, chromium: Browser) -> None:
    ilze = Walk(chromium(), demo)
    ilze.sign_in(ILZE_KALNINA.personal_code, "/")
    ilze.follow("a[href='/e/foster_parent_training']")
    ilze.follow("main a.button")  # start
    assert ilze.path == "/e/foster_parent_training/choose"
    ilze.submit("main form button")  # nothing chosen: the error summary
    assert ilze.driver.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#training_type-0']")
    ilze.choose("training_type", "foster_family")
    ilze.choose("region", "vidzeme")
    ilze.fill_date("from_day", date.today())  # typed, three boxes
    ilze.submit("main form button")
    assert ilze.path == "/trainings/sessions"
    # The second session of each kind has two seats: Ilze and her husband take both.
    small = "/trainings/sessions/foster_family-vidzeme-2/sign-up"
    ilze.follow(f"a[href='{small}']")
    ilze.choose("co_applicant", "yes")
    ilze.fill("co_applicant_code", JANIS_OZOLS.personal_code)
    ilze.choose("channel", "email")
    ilze.fill("email", "ilze@example.lv")
    ilze.submit("main form button.button")
    assert JANIS_OZOLS.full_name in ilze.text()  # confirmed by the Population Register
    ilze.submit("main button[name='confirm']")
    signed_up = ilze.reference()
    ilze_sign_up = ilze.path

    andris = Walk(chromium(), demo)
    andris.sign_in(ANDRIS_LIEPA.personal_code, "/e/foster_parent_training/choose")
    andris.check()
    andris.open("/trainings/sessions?training_type=foster_family&region=vidzeme")
    andris.follow(f"a[href='{small}'].button--secondary")  # full: the waiting list
    andris.choose("co_applicant", "no")
    andris.choose("channel", "portal")
    andris.submit("main form button.button")
    andris.submit("main button[name='confirm']")
    andris_sign_up = andris.path
    assert "1" in andris.driver.find_element(By.CSS_SELECTOR, "main .tag").text

    ilze.open(ilze_sign_up)
    ilze.follow(f"a[href='{ilze_sign_up}/cancel']")
    ilze.submit("main form button.button--warning")
    told = {word.strip(".,()") for word in ilze.text().split() if word.startswith("(MAC-")}
    assert told and signed_up not in told  # the cancellation went as its own submission
    assert not ilze.driver.find_elements(By.CSS_SELECTOR, f"a[href='{ilze_sign_up}/cancel']")

    andris.open(andris_sign_up)  # the freed seats went to the first waiting
    assert "1" not in andris.driver.find_element(By.CSS_SELECTOR, "main .tag").text
    ilze.open("/submissions")
    assert signed_up in ilze.text()
    ilze.follow("main a[href^='/submissions/']")
    ilze.open("/trainings")
    arrives_at_spolis(demo, signed_up)
    ilze.assert_accessible()
    andris.assert_accessible()


def test_appointment_book_download_move_and_cancel(demo: Demo, chromium: Browser) -> None:
    walk = Walk(chromium(), demo)
    walk.sign_in(ILZE_KALNINA.personal_code, "/")
    walk.follow("a[href='/e/specialist_appointment']")
    walk.follow("main a.button")
    assert walk.path == "/e/specialist_appointment/choose"
    walk.choose("specialist_type", "technical_aid_fitting")
    walk.fill_date("from_day", date.today() + timedelta(days=7))
    walk.submit("main form button")
    assert walk.path == "/appointments/slots"
    walk.submit("main form button.button")  # no time chosen: the error summary
    assert walk.driver.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#slot']")
    first = walk.choose_first("slot")
    walk.choose("channel", "e_address")
    walk.submit("main form button.button")
    assert walk.path.startswith("/appointments/") and walk.path.count("/") == 2, walk.path
    booked = walk.reference()

    calendar = walk.driver.find_element(By.CSS_SELECTOR, "a[href$='/calendar.ics']")
    ics = httpx.get(str(calendar.get_attribute("href")), cookies=walk.cookies(), timeout=10)
    assert ics.status_code == 200 and ics.text.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT\r\n" in ics.text and "DTSTART:" in ics.text

    walk.follow("main a[href$='/move']")
    moved_to = walk.choose_first("slot")
    assert moved_to != first
    walk.submit("main form button.button")
    moved = walk.reference()
    walk.follow("main a[href$='/cancel']")
    walk.submit("main form button.button--warning")
    assert not walk.driver.find_elements(By.CSS_SELECTOR, "main a[href$='/move']")
    walk.open("/appointments")
    assert len(walk.driver.find_elements(By.CSS_SELECTOR, "main table a")) >= 2
    arrives_at_spolis(demo, booked, moved)
    walk.assert_accessible()
