"""Scripted walks through the e-services, so every step and its error states get checked.

Each e-service with steps that a walk cannot reach by sending them untouched has
its scripts here: the three VDI services and the technical-aid application.

The crawl (crawl.py) reaches what links lead to and submits each form once as it
is: for an e-service that is the start page and the first step's error state.
The later steps open only to valid answers, so each service is walked here as a
person would, by a script of answers keyed by field names (language-neutral):
on every step the page is checked, then sent empty (when the step asks for
something) and with the script's wrong answers, and each error state is checked,
then the right answers take the walk on; the check page and the confirmation
are checked too. The checks are the crawl's own (axe-core WCAG 2.0/2.1 A and AA,
`lang`, skip link, reflow at 320 px).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from accessibility_tests.crawl import Crawl
from adapters.demo_people import ANDRIS_LIEPA, ELZA_KALNINA, ILZE_KALNINA, ZIEMELU_BUVE

# An action: ("fill", name, text), ("choose", name, value), ("select", name, value),
# ("date", name, days ago), ("attach", name, file kind) or ("press", button name) for a
# secondary button.
Action = tuple[str, ...]
ERROR_SUMMARY = ".error-summary"
CONTINUE = "main form button.button:not(.button--secondary)"


@dataclass(frozen=True)
class StepScript:
    slug: str
    answers: Sequence[Action]
    # Whether sending the step untouched must give errors (False: nothing is required).
    required: bool = True
    # Wrong answers, each list sent on its own before the right ones; each must give errors.
    wrong: Sequence[Sequence[Action]] = ()


@dataclass(frozen=True)
class ServiceWalk:
    name: str
    service: str
    personal_code: str
    steps: Sequence[StepScript]
    acting_for: str | None = None  # a subject value of /acting-for, e.g. "company:..."


@dataclass
class Walker:
    """Runs one `ServiceWalk` in the crawl's browser and language; problems go to the crawl."""

    crawl: Crawl
    files: dict[str, Path]
    reached: list[str] = field(default_factory=list)

    def run(self, walk: ServiceWalk) -> list[str]:
        driver = self.crawl.driver
        self.sign_in(walk.personal_code, acting_for=walk.acting_for)
        driver.get(f"{self.crawl.origin}/e/{walk.service}")
        self.checked(f"{walk.name}: start page", keyboard=True)
        # A draft left by an earlier walk would skip the steps before where it stopped.
        for discard in driver.find_elements(By.CSS_SELECTOR, "form[action$='/discard'] button"):
            self.crawl.press(discard)
        self.press_continue(link=True)
        for step in walk.steps:
            if not self._walk_step(walk, step):
                return self.crawl.problems
        if not self._path().endswith("/check"):
            self._problem(walk, "check page", f"the walk ended at {self._path()}")
            return self.crawl.problems
        self.checked(f"{walk.name}: check your answers", keyboard=True)
        self.press_continue()
        if driver.find_elements(By.CSS_SELECTOR, ".reference"):
            self.checked(f"{walk.name}: confirmation", keyboard=True)
        else:
            self._problem(walk, "confirmation", f"no reference number at {self._path()}")
        return self.crawl.problems

    def _walk_step(self, walk: ServiceWalk, step: StepScript) -> bool:
        if not self._path().endswith(f"/{step.slug}"):
            self._problem(walk, step.slug, f"expected this step, the walk is at {self._path()}")
            return False
        self.reached.append(step.slug)
        label = f"{walk.name}: step {step.slug}"
        self.checked(label, keyboard=True)
        attempts: list[list[Action]] = ([[]] if step.required else []) + [
            list(w) for w in step.wrong]
        for number, wrong in enumerate(attempts, start=1):
            self.do(wrong)
            self.press_continue()
            if not self._has_errors() or not self._path().endswith(f"/{step.slug}"):
                self._problem(walk, step.slug, f"wrong answers {wrong or '(none)'} gave no "
                              f"error state (now at {self._path()})")
                return False
            self.checked(f"{label}, error state {number}", keyboard=False)
        self.do(step.answers)
        self.press_continue()
        if self._has_errors():
            errors = [e.text for e in self.crawl.driver.find_elements(
                By.CSS_SELECTOR, f"{ERROR_SUMMARY} a")]
            self._problem(walk, step.slug, f"the script's answers were refused: {errors}")
            return False
        return True

    # --- moves -------------------------------------------------------------------------

    def sign_in(self, personal_code: str, *, acting_for: str | None = None) -> None:
        driver = self.crawl.driver
        driver.get(f"{self.crawl.origin}/language/{self.crawl.language}?next=/")
        driver.get(f"{self.crawl.origin}/login?next=/")
        self.do([("choose", "person", personal_code)])
        self.crawl.press(driver.find_element(By.CSS_SELECTOR, "main form button.button"))
        if acting_for:
            driver.get(f"{self.crawl.origin}/acting-for")
            self.do([("choose", "subject", acting_for)])
            self.press_continue()

    def do(self, actions: Sequence[Action]) -> None:
        driver = self.crawl.driver
        for kind, name, *value in actions:
            if kind == "press":
                self.crawl.press(driver.find_element(By.CSS_SELECTOR,
                                                     f"main button[name='{name}']"))
                continue
            if kind == "choose":
                driver.find_element(
                    By.CSS_SELECTOR, f"input[name='{name}'][value='{value[0]}']").click()
            elif kind == "select":
                Select(driver.find_element(By.NAME, name)).select_by_value(value[0])
            elif kind == "attach":
                driver.find_element(By.NAME, name).send_keys(str(self.files[value[0]]))
            elif kind == "date":
                day = date.today() - timedelta(days=int(value[0]))
                for part, number in (("day", day.day), ("month", day.month),
                                     ("year", day.year)):
                    self._type(f"{name}-{part}", str(number))
            else:
                self._type(name, value[0])

    def _type(self, name: str, text: str) -> None:
        box = self.crawl.driver.find_element(By.NAME, name)
        box.clear()
        box.send_keys(text)

    def press_continue(self, *, link: bool = False) -> None:
        driver = self.crawl.driver
        if link:  # the start page's "Start now" is a link
            self.crawl.press(driver.find_element(By.CSS_SELECTOR, "main a.button"))
            return
        self.crawl.press(driver.find_elements(By.CSS_SELECTOR, CONTINUE)[-1])

    # --- checks ------------------------------------------------------------------------

    def checked(self, label: str, *, keyboard: bool) -> None:
        self.crawl.pages.append(self.crawl.driver.current_url)
        self.crawl.check_page(f"{label} ({self._path()})", keyboard=keyboard)

    def _has_errors(self) -> bool:
        return bool(self.crawl.driver.find_elements(By.CSS_SELECTOR, ERROR_SUMMARY))

    def _path(self) -> str:
        return urlsplit(str(self.crawl.driver.current_url)).path

    def _problem(self, walk: ServiceWalk, where: str, what: str) -> None:
        self.crawl.problems.append(f"[{self.crawl.language}] {walk.name}, {where}: {what}")


WORKPLACE = "Dzirnavu iela 91, Rīga, LV-1010"
_EMAIL = ("fill", "email", "ilze.kalnina@example.lv")
_COMPLAINT_TAIL = (
    StepScript("violations", [("choose", "categories", "unpaid_wages"),
                              ("fill", "description", "Alga par oktobri nav izmaksāta.")],
               wrong=[[("choose", "categories", "overtime")]]),
    StepScript("employment", [("date", "period_from", "80"),
                              ("choose", "still_employed", "yes")],
               wrong=[[("date", "period_from", "-30")]]),
    StepScript("identity", [("choose", "keep_identity", "yes")]),
    StepScript("files", [("attach", "evidence", "pdf")], required=False,
               wrong=[[("attach", "evidence", "disguised")]]),
    StepScript("answer", [("choose", "channel", "email"), _EMAIL],
               wrong=[[("choose", "channel", "email")]]),
)
_VIOLATIONS = ("P_2026_0418_1", "P_2026_0418_2", "P_2026_0502_1")

WALKS: tuple[ServiceWalk, ...] = (
    ServiceWalk("complaint, employer by number", "labour_complaint", ILZE_KALNINA.personal_code, (
        StepScript("employer", [("choose", "identify_by", "number")]),
        StepScript("employer_number", [("fill", "registration_number",
                                        ZIEMELU_BUVE.registration_number)],
                   wrong=[[("fill", "registration_number", "4000352871")]]),
        StepScript("workplace", [("fill", "workplace", WORKPLACE)], required=False,
                   wrong=[[("fill", "workplace", "dzirnavu")]]),
        *_COMPLAINT_TAIL,
    )),
    ServiceWalk("complaint, employer by name", "labour_complaint", ILZE_KALNINA.personal_code, (
        StepScript("employer", [("choose", "identify_by", "name")]),
        StepScript("employer_name", [("fill", "name", "Kafejnīca “Rīts”"),
                                     ("fill", "workplace", "Elizabetes iela 21, Rīga, LV-1010")],
                   wrong=[[("fill", "name", "Kafejnīca “Rīts”"),
                           ("fill", "workplace", "elizabetes"), ("press", "workplace-search")]]),
        *_COMPLAINT_TAIL,
    )),
    ServiceWalk("notice of remedied violations", "remedied_violations",
                ANDRIS_LIEPA.personal_code, (
        StepScript("violations", [
            *[action for key in _VIOLATIONS[:2] for action in (
                ("choose", f"{key}-remedied", "yes"), ("date", f"{key}-remedied_on", "3"),
                ("fill", f"{key}-measures", "Novērsts; atbildīgais: darbu vadītājs."))],
            ("choose", f"{_VIOLATIONS[2]}-remedied", "no"),
            ("attach", f"evidence-{_VIOLATIONS[0]}", "jpeg"),
        ], wrong=[[("choose", f"{_VIOLATIONS[0]}-remedied", "yes")]]),
        StepScript("contact", [("fill", "name", "Andris Liepa"),
                               ("fill", "email", "andris.liepa@example.lv")]),
    ), acting_for=f"company:{ZIEMELU_BUVE.registration_number}"),
    ServiceWalk("accident report, severe, by a witness", "workplace_accident",
                ILZE_KALNINA.personal_code, (
        StepScript("severity", [("choose", "severity", "severe")]),
        StepScript("report_at_once", [("choose", "called", "yes")]),
        StepScript("reporter", [("choose", "role", "witness")]),
        StepScript("when_where", [("date", "happened_on", "1"), ("fill", "happened_at", "14:30"),
                                  ("fill", "place", "Elizabetes iela 21, Rīga, LV-1010")],
                   wrong=[[("date", "happened_on", "-2"), ("fill", "happened_at", "25:61")]]),
        StepScript("employer", [("fill", "name", "SIA Ziemeļu Būve")]),
        StepScript("victim", [("fill", "name", "Juris Bērziņš")]),
        StepScript("what_happened", [("fill", "description", "Darbinieks nokrita no sastatnēm."),
                                     ("fill", "injuries", "Lauzta kāja.")]),
        StepScript("witnesses", [("fill", "witnesses-0-name", "Pēteris Kļaviņš")],
                   required=False, wrong=[[("fill", "witnesses-0-contact", "+371 29000001")]]),
        StepScript("files", [("attach", "evidence", "jpeg")], required=False,
                   wrong=[[("attach", "evidence", "disguised")]]),
        StepScript("contact", [("fill", "phone", "+371 26000002")]),
    )),
)


def _document(slug: str) -> StepScript:
    return StepScript(slug, [("attach", slug, "pdf")], required=False,
                      wrong=[[("attach", slug, "disguised")]])


_AID_TAIL = (
    # A rollator (NRC "Vaivari"), a hearing aid (the Deaf Association) and a white cane
    # (the Blind Society): one place to receive them for each provider.
    StepScript("aids", [("choose", "aid_codes", "12-06-06"), ("choose", "aid_codes", "22-06-15"),
                        ("choose", "aid_codes", "12-39-03")]),
    StepScript("place_vaivari", [("select", "place", "vaivari-riga")], required=False,
               wrong=[[("select", "place", "home"), ("fill", "delivery_address", "")]]),
    StepScript("place_deaf_association", [("select", "place", "deaf-riga")], required=False),
    StepScript("place_blind_society", [("select", "place", "blind-riga")], required=False),
    StepScript("contacts", [("fill", "phone", "+371 26000002"), ("choose", "channel", "email"),
                            _EMAIL],
               wrong=[[("fill", "phone", "12"), ("choose", "channel", "email")]]),
)
WALKS += (
    ServiceWalk("technical aid, documents attached", "technical_aid",
                ILZE_KALNINA.personal_code, (
        StepScript("consent", [("choose", "consent", "no")]),
        _document("disability_document"),
        _document("recommendation_document"),
        StepScript("residence", [("fill", "address", "Dzirnavu iela 91, Rīga, LV-1010")]),
        _document("income_document"),
        *_AID_TAIL,
    )),
    # Every register knows Elza: each answer is shown, no document is asked for.
    ServiceWalk("technical aid for a child, from the registers", "technical_aid",
                ILZE_KALNINA.personal_code, (
        StepScript("consent", [("choose", "consent", "yes")]),
        StepScript("state_data", [("fill", "remarks", "Lūdzu sazināties pa tālruni.")],
                   required=False, wrong=[[("fill", "remarks", "x" * 2001)]]),
        *_AID_TAIL,
    ), acting_for=f"child_or_ward:{ELZA_KALNINA.personal_code}"),
)


def sample_files(directory: Path) -> dict[str, Path]:
    """A PDF, a JPEG, and a program dressed up as a PDF (which must be refused)."""
    pdf = directory / "līgums.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(4096) + b"\n%%EOF\n")
    jpeg = directory / "foto.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                     + bytes(2048) + b"\xff\xd9")
    disguised = directory / "rēķins.pdf"
    disguised.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(512))
    return {"pdf": pdf, "jpeg": jpeg, "disguised": disguised}
