"""Every step of the three VDI e-services, with its error states, meets WCAG 2.1 AA in
Latvian and in English (the crawl alone reaches only each service's first step)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver import Chrome

from accessibility_tests.crawl import Crawl
from accessibility_tests.portal_process import RunningPortal
from accessibility_tests.service_walks import WALKS, ServiceWalk, Walker, sample_files
from eservices.registry import REGISTRY
from eservices.submissions.flows import flow_for, service_for


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


def test_the_walks_together_reach_every_step_of_the_three_services() -> None:
    """A step added to a service later must get a script here too."""
    for slug in ("labour_complaint", "remedied_violations", "workplace_accident"):
        service = service_for(REGISTRY, slug)
        assert service is not None
        flow = flow_for(service)
        assert flow is not None
        scripted = {step.slug for walk in WALKS if walk.service == slug for step in walk.steps}
        assert scripted == {step.slug for step in flow.steps}, slug
