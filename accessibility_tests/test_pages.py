"""Every page reachable from the home page meets WCAG 2.1 AA, in Latvian and in English.

One test per language reports every problem at once. New e-services are covered
without a line here: the walk starts at the home page, which lists the registry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selenium.webdriver import Chrome

from accessibility_tests.crawl import Crawl
from accessibility_tests.portal_process import RunningPortal

# Pages the foundation promises; if the walk misses them, it is the walk that is broken.
REQUIRED_PAGES = ("/", "/accessibility", "/privacy")
SERVER_ERROR = re.compile(r"^Traceback|\bERROR\b", re.MULTILINE)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["lv", "en"])
def test_every_page_meets_wcag_21_aa(
    language: str, browser: Chrome, portal: RunningPortal, axe_script: Path
) -> None:
    log_start = len(portal.log_text())
    crawl = Crawl(browser, portal.url, language, axe_script)
    problems = crawl.run()

    visited = {page.removeprefix(portal.url) for page in crawl.pages}
    problems += [f"[{language}] {path} was not reached from the home page"
                 for path in REQUIRED_PAGES if path not in visited]
    server_log = portal.log_text()[log_start:]
    if SERVER_ERROR.search(server_log):
        problems.append(f"[{language}] the portal logged errors during the walk:\n{server_log}")

    checked = f"{len(crawl.pages)} pages and {len(crawl.forms)} form submissions checked"
    if problems:
        pytest.fail(f"{len(problems)} accessibility problem(s) in {language} ({checked}):\n\n"
                    + "\n\n".join(problems), pytrace=False)
