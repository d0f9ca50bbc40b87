"""The three VDI e-services in headless Chromium, in Latvian, against `portal demo`.

Each test walks its service as a new user would: the development login, every
step, a validation error and its fix, files, sending, the reference number, and
"My submissions". Then, when the demo runs its fake back office and delivery
worker, the submission is asked for at the fake VDI over HTTP (same SHA-256 for
every file) and a status sent back by the fake VDI is seen in the portal. The
complaint is filed once more with JavaScript off, the workplace found by the
register search alone.

Elements are found by name and id, not by wording: the services' own words reach
Latvian through the catalogs, which are translated after the code is written.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from axe_selenium_python import Axe
from selenium.common.exceptions import WebDriverException
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from accessibility_tests.conftest import AXE_SCRIPT
from accessibility_tests.crawl import AXE_OPTIONS
from adapters.demo_people import ANDRIS_LIEPA, ILZE_KALNINA, ZIEMELU_BUVE
from tests.browser.conftest import Browser, Demo, page_gone

pytestmark = pytest.mark.browser

MiB = 1024 * 1024
WAIT = 30
DELIVERY_WAIT = 90
WORKPLACE = "Dzirnavu iela 91, Rīga, LV-1010"


class Walk:
    """One person's browser on the demo, with the few moves the tests make."""

    def __init__(self, driver: Chrome, demo: Demo, *, axe: bool = True) -> None:
        self.driver = driver
        self.demo = demo
        # axe-core is a script: it cannot look at pages in a browser without JavaScript.
        self.axe = axe
        self.problems: list[str] = []
        """axe-core's findings on every service page reached, error states included."""

    def open(self, path: str) -> None:
        self.driver.get(self.demo.url + path)

    @property
    def path(self) -> str:
        return str(self.driver.current_url).removeprefix(self.demo.url).split("?")[0]

    def sign_in(self, personal_code: str, then: str) -> None:
        self.open("/language/lv?next=/")  # a Latvian visitor, whatever the browser prefers
        self.open(f"/login?next={then}")
        self.choose("person", personal_code)
        self._submit(self.driver.find_element(By.CSS_SELECTOR, "main form button.button"))
        assert self.path == then, self.path
        assert self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lv"

    def fill(self, name: str, value: str) -> None:
        box = self.driver.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)

    def fill_date(self, name: str, day: date) -> None:
        for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
            self.fill(f"{name}-{part}", str(value))

    def choose(self, name: str, value: str) -> None:
        self.driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()

    def attach(self, name: str, *files: Path) -> None:
        self.driver.find_element(By.NAME, name).send_keys("\n".join(str(f) for f in files))

    def start(self, service: str) -> None:
        self.open(f"/e/{service}")
        self._submit(self.driver.find_element(By.CSS_SELECTOR, "main a.button"))

    def go_on(self) -> None:
        """The page's main button: Continue, or Send on the check page."""
        buttons = self.driver.find_elements(
            By.CSS_SELECTOR, "main form button.button:not(.button--secondary)")
        self._submit(buttons[-1])

    def press(self, name: str) -> None:
        self._submit(self.driver.find_element(By.CSS_SELECTOR, f"main button[name='{name}']"))

    def _submit(self, element: WebElement) -> None:
        # The upload progress script sends forms with files itself and then replaces
        # the document: wait for the old one to go, whoever navigates.
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.driver, 300).until(lambda d: page_gone(old))
        WebDriverWait(self.driver, WAIT, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "footer.footer"))
        if self.axe and self.path.startswith(("/e/", "/submissions")):
            self.check()

    def check(self) -> None:
        axe = Axe(self.driver, script_url=str(AXE_SCRIPT))
        axe.inject()
        for violation in axe.run(options=AXE_OPTIONS).get("violations", []):
            targets = [" ".join(map(str, n.get("target", []))) for n in violation["nodes"]]
            self.problems.append(f"{self.path}: {violation['id']}: {violation['help']} "
                                 f"({'; '.join(targets)})")

    def errors(self) -> list[str]:
        return [a.text for a in self.driver.find_elements(By.CSS_SELECTOR,
                                                          ".error-summary__list a")]

    def text(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "main").text)

    def send_and_see_reference(self) -> str:
        assert self.path.endswith("/check"), self.path
        self.go_on()
        reference = self.driver.find_element(By.CSS_SELECTOR, ".reference").text
        assert "Jūsu iesniegums ir nosūtīts" in self.text()
        self.open("/submissions")
        assert reference in self.text()
        assert not self.problems, "\n".join(self.problems)
        return reference

    def status_of(self, reference: str) -> str:
        self.open("/submissions")
        self._submit(self.driver.find_element(By.LINK_TEXT, reference))
        return self.text()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(MiB):
            digest.update(chunk)
    return digest.hexdigest()


def pdf(path: Path, size: int) -> Path:
    """A valid PDF header followed by padding (sparse, so it costs no disk time)."""
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        out.truncate(size)
    return path


def jpeg(path: Path) -> Path:
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                     + bytes(2048) + b"\xff\xd9")
    return path


def arrives_at_vdi_and_is_answered(walk: Walk, reference: str, files: list[Path]) -> None:
    """The same bytes at the fake VDI over HTTP; a status from it shown in the portal."""
    backoffice = walk.demo.backoffice_url
    assert backoffice is not None, "portal demo runs the fake back office and a worker"
    deadline = time.monotonic() + DELIVERY_WAIT
    while True:
        found = httpx.get(f"{backoffice}/vdi/submissions/{reference}", timeout=10)
        if found.status_code == 200:
            break
        assert time.monotonic() < deadline, f"{reference} not at VDI:\n{walk.demo.log_tail()}"
        time.sleep(0.5)
    received = found.json()
    assert sorted(f["sha256"] for f in received["files"]) == sorted(sha256(f) for f in files)
    assert received["envelope"]["reference"] == reference
    while "Nodots iestādei" not in walk.status_of(reference):  # "delivered", by the worker
        assert time.monotonic() < deadline, f"delivery not recorded:\n{walk.demo.log_tail()}"
        time.sleep(0.5)
    told = httpx.post(f"{backoffice}/control/send-status", timeout=10, json={
        "system": "vdi", "reference": reference, "status": "in_review",
        "note": "Inspektors izskata iesniegumu."})
    assert told.status_code == 200 and told.json()["portal_status"] == 200, told.text
    page = walk.status_of(reference)
    assert "Izskatīšanā" in page and "Inspektors izskata iesniegumu." in page


def test_complaint_with_large_files(demo: Demo, chromium: Browser, tmp_path: Path) -> None:
    statement = pdf(tmp_path / "bankas-izraksti.pdf", 150 * MiB)
    photo = jpeg(tmp_path / "algas-lapiņa.jpg")
    walk = Walk(chromium(), demo)
    walk.sign_in(ILZE_KALNINA.personal_code, "/e/labour_complaint")
    walk.start("labour_complaint")

    walk.choose("identify_by", "number")
    walk.go_on()
    walk.fill("registration_number", "4000352871")  # one digit short
    walk.go_on()
    assert walk.errors() and walk.path.endswith("/employer_number")
    walk.fill("registration_number", ZIEMELU_BUVE.registration_number)
    walk.go_on()
    assert "SIA Ziemeļu Būve" in walk.text()  # shown back from the Enterprise Register
    # The workplace with the autocomplete, by keyboard: type, arrow down, Enter.
    box = walk.driver.find_element(By.NAME, "workplace")
    box.send_keys("dzirnavu 91")
    # Each key searches again: wait for the list of the whole text, then for the option
    # the arrow key marks, or Enter would send the form instead of choosing.
    WebDriverWait(walk.driver, WAIT).until(lambda d: [
        o.text for o in d.find_elements(By.CSS_SELECTOR, "[role=option]")] == [WORKPLACE])
    box.send_keys(Keys.ARROW_DOWN)
    WebDriverWait(walk.driver, WAIT).until(
        lambda d: box.get_attribute("aria-activedescendant"))
    box.send_keys(Keys.ENTER)
    assert box.get_attribute("value") == WORKPLACE
    walk.go_on()

    walk.choose("categories", "unpaid_wages")
    walk.choose("categories", "overtime")
    walk.fill("description", "Alga par oktobri nav izmaksāta; virsstundas netiek apmaksātas.")
    walk.go_on()
    walk.fill_date("period_from", date.today() - timedelta(days=80))
    walk.choose("still_employed", "yes")
    walk.go_on()
    walk.choose("keep_identity", "yes")
    walk.go_on()

    # A 150 MB scan of bank statements goes through (a complaint file may have 200 MB).
    walk.attach("evidence", statement, photo)
    walk.go_on()
    assert walk.path.endswith("/answer"), walk.errors()
    walk.choose("channel", "email")
    walk.go_on()
    assert walk.errors()
    walk.fill("email", "ilze.kalnina@example.lv")
    walk.go_on()

    check = walk.text()
    for shown in ("SIA Ziemeļu Būve", WORKPLACE, "bankas-izraksti.pdf",
                  "algas-lapiņa.jpg", "ilze.kalnina@example.lv"):
        assert shown in check, shown
    reference = walk.send_and_see_reference()
    assert reference.startswith("VDS-")
    arrives_at_vdi_and_is_answered(walk, reference, [statement, photo])


def test_complaint_without_javascript(demo: Demo, chromium: Browser, tmp_path: Path) -> None:
    contract = pdf(tmp_path / "darba-līgums.pdf", 2 * MiB)
    walk = Walk(chromium(javascript=False), demo, axe=False)
    walk.sign_in(ILZE_KALNINA.personal_code, "/e/labour_complaint")
    walk.start("labour_complaint")
    walk.choose("identify_by", "name")
    walk.go_on()
    walk.fill("name", "Kafejnīca “Rīts”")
    walk.fill("workplace", "elizabetes 21")
    walk.press("workplace-search")  # the server lists the register's matches
    assert not walk.errors()
    walk.driver.find_element(By.CSS_SELECTOR, "input[name='workplace-choice']").click()
    walk.go_on()
    walk.choose("categories", "no_written_contract")
    walk.go_on()
    assert walk.errors()  # the description is missing
    walk.fill("description", "Strādāju bez rakstveida darba līguma kopš septembra.")
    walk.go_on()
    walk.fill_date("period_from", date.today() - timedelta(days=60))
    walk.choose("still_employed", "no")
    walk.go_on()
    walk.choose("keep_identity", "no")
    walk.go_on()
    walk.attach("evidence", contract)
    walk.go_on()
    walk.choose("channel", "portal")
    walk.go_on()
    assert "Elizabetes iela 21, Rīga, LV-1010" in walk.text()
    reference = walk.send_and_see_reference()
    arrives_at_vdi_and_is_answered(walk, reference, [contract])


def test_notice_of_remedied_violations(demo: Demo, chromium: Browser, tmp_path: Path) -> None:
    photo = jpeg(tmp_path / "margas.jpg")
    walk = Walk(chromium(), demo)
    walk.sign_in(ANDRIS_LIEPA.personal_code, "/acting-for")
    walk.choose("subject", f"company:{ZIEMELU_BUVE.registration_number}")
    walk.go_on()
    walk.start("remedied_violations")
    page = walk.text()
    assert "11-1/2026/418" in page and "11-1/2026/502" in page  # from VDI, over HTTP
    keys = ("P_2026_0418_1", "P_2026_0418_2", "P_2026_0502_1")
    walk.go_on()
    assert len(walk.errors()) == 3  # one per violation, none answered
    for key in keys[:2]:
        walk.choose(f"{key}-remedied", "yes")
        walk.fill_date(f"{key}-remedied_on", date.today() - timedelta(days=3))
        walk.fill(f"{key}-measures", "Novērsts; atbildīgais: darbu vadītājs.")
    walk.choose(f"{keys[2]}-remedied", "no")
    walk.attach(f"evidence-{keys[0]}", photo)
    walk.go_on()
    walk.fill("name", "Andris Liepa")
    walk.fill("email", "andris.liepa@example.lv")
    walk.go_on()
    assert "margas.jpg" in walk.text()
    reference = walk.send_and_see_reference()
    assert reference.startswith("VDN-")
    arrives_at_vdi_and_is_answered(walk, reference, [photo])


def test_accident_report(demo: Demo, chromium: Browser, tmp_path: Path) -> None:
    photo = jpeg(tmp_path / "rampa.jpg")
    walk = Walk(chromium(), demo)
    walk.sign_in(ILZE_KALNINA.personal_code, "/e/workplace_accident")
    assert walk.driver.find_elements(By.CSS_SELECTOR, "a[href='tel:+37167186522']")
    walk.start("workplace_accident")
    walk.go_on()
    assert walk.errors()  # the severity is asked first, and must be answered
    walk.choose("severity", "severe")
    walk.go_on()
    call = walk.driver.find_element(By.CSS_SELECTOR, "main a[href='tel:+37167186522']")
    assert "67186522" in call.text
    walk.choose("called", "yes")
    walk.go_on()
    walk.choose("role", "witness")
    walk.go_on()
    walk.fill_date("happened_on", date.today() - timedelta(days=1))
    walk.fill("happened_at", "14:30")
    walk.fill("place", "Elizabetes iela 21, Rīga, LV-1010")
    walk.go_on()
    walk.fill("name", "SIA Ziemeļu Būve")
    walk.go_on()
    walk.fill("name", "Juris Bērziņš")
    walk.go_on()
    walk.fill("description", "Darbinieks nokrita no sastatnēm.")
    walk.fill("injuries", "Lauzta kāja; nogādāts slimnīcā.")
    walk.go_on()
    walk.fill("witnesses-0-contact", "+371 29000001")
    walk.go_on()
    assert walk.errors()  # a witness's contact without a name
    walk.fill("witnesses-0-name", "Pēteris Kļaviņš")
    walk.go_on()
    walk.attach("evidence", photo)
    walk.go_on()
    walk.fill("phone", "+371 26000002")
    walk.go_on()
    assert "Pēteris Kļaviņš" in walk.text() and "rampa.jpg" in walk.text()
    reference = walk.send_and_see_reference()
    assert reference.startswith("VDA-")
    arrives_at_vdi_and_is_answered(walk, reference, [photo])
