"""Every step of the scripted e-services (the three VDI services and the technical-aid
application), with its error states, meets WCAG 2.1 AA in Latvian and in English (the
crawl alone reaches only each service's first step)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By

from accessibility_tests.crawl import Crawl
from accessibility_tests.portal_process import RunningPortal
from accessibility_tests.service_walks import WALKS, ServiceWalk, Walker, sample_files
from adapters.demo_people import JANIS_OZOLS
from eservices.registry import REGISTRY
from eservices.submissions.flows import flow_for, service_for

FORGED_CODE = "7KQ2-M9XH-4RTB-W3NC-8D5F"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize("walk", WALKS, ids=lambda walk: walk.name.replace(" ", "-"))
def test_every_step_and_error_state_meets_wcag_21_aa(
    walk: ServiceWalk, language: str, browser: Chrome, portal: RunningPortal,
    axe_script: Path, tmp_path: Path,
) -> None:
    crawl = Crawl(browser, portal.url, language, axe_script, state="signed in")
    walker = Walker(crawl, sample_files(tmp_path))
    problems = walker.run(walk)
    if problems:
        pytest.fail(f"{len(problems)} problem(s) walking {walk.name} in {language} "
                    f"({len(crawl.pages)} pages checked):\n\n" + "\n\n".join(problems),
                    pytrace=False)


def test_the_walks_together_reach_every_step_of_the_scripted_services() -> None:
    """A step added to a service later must get a script here too."""
    for slug in ("labour_complaint", "remedied_violations", "workplace_accident",
                 "technical_aid"):
        service = service_for(REGISTRY, slug)
        assert service is not None
        flow = flow_for(service)
        assert flow is not None
        scripted = {step.slug for walk in WALKS if walk.service == slug for step in walk.steps}
        assert scripted == {step.slug for step in flow.steps}, slug


@pytest.mark.browser
@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_rehabilitation_e_reference_and_its_public_check_meet_wcag_21_aa(
    language: str, browser: Chrome, portal: RunningPortal, axe_script: Path, tmp_path: Path,
) -> None:
    """Issuing needs a person with a place in the SRIS queue (the crawl signs in as one
    without); the check is walked with the genuine code, a forged one and none."""
    crawl = Crawl(browser, portal.url, language, axe_script, state="signed in")
    walker = Walker(crawl, sample_files(tmp_path))
    walker.sign_in(JANIS_OZOLS.personal_code)
    browser.get(f"{portal.url}/rehabilitation-queue")
    walker.checked("rehabilitation queue", keyboard=True)
    crawl.press(browser.find_element(By.CSS_SELECTOR, "main form button.button"))
    code = browser.find_element(By.CSS_SELECTOR, ".reference").text
    walker.checked("e-reference issued", keyboard=True)
    for label, typed in (("genuine code", code.lower()), ("forged code", FORGED_CODE),
                         ("no code", "")):
        browser.get(f"{portal.url}/verify")
        walker.do([("fill", "code", typed)])
        walker.press_continue()
        walker.checked(f"e-reference check, {label}", keyboard=False)
        if label == "genuine code":
            assert code in browser.find_element(By.TAG_NAME, "main").text
    if crawl.problems:
        pytest.fail("\n\n".join(crawl.problems), pytrace=False)
