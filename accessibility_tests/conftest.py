"""Fixtures of the accessibility harness: the portal as a real process, headless Chromium.

The portal runs exactly as a person would start it (`portal demo`), on a free
loopback port with its own data directory. Chromium and chromedriver are
Debian's (`chromium`, `chromium-driver`); axe-core 4.x comes from the npm
registry into `accessibility_tests/node_modules` (`./scripts/test` installs all
three). When any of them is missing the tests fail with one line: an
accessibility check that silently does not run is worse than a red test run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from accessibility_tests.portal_process import REPOSITORY, RunningPortal, running_portal

HERE = Path(__file__).resolve().parent
AXE_SCRIPT = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
DESKTOP_WINDOW = (1280, 1024)
CHROMIUM_ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",  # CI runs as root in a container, where the sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPortal]:
    """`portal demo` as a real process for the whole run, with its own data directory."""
    with running_portal(tmp_path_factory.mktemp("portal-demo")) as running:
        yield running


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_SCRIPT.relative_to(REPOSITORY)} missing): "
                    "run ./scripts/test, or `npm ci` in accessibility_tests/", pytrace=False)
    return AXE_SCRIPT


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium (own profile, so no cookies) for each test."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: install Debian's chromium and "
                    "chromium-driver (apt-get install -y --no-install-recommends chromium "
                    "chromium-driver) or run ./scripts/test", pytrace=False)
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in CHROMIUM_ARGUMENTS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.add_argument("--window-size={},{}".format(*DESKTOP_WINDOW))
    # Downloads (open data files) are not pages: block them rather than write files.
    options.add_experimental_option("prefs", {"download_restrictions": 3})
    # The performance log carries each document's HTTP status, which WebDriver hides.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER),
                      log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(60)
        yield driver
    finally:
        driver.quit()
