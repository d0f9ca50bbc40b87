"""Fixtures of the browser tests: `portal demo` as a real process (with its fake back
office and delivery worker), and headless Chromium with or without JavaScript.

The demo is started as a person starts it, on free loopback ports, with its own
data directory; the fake back office's port is chosen here so the tests can ask
it what arrived and make it send a status back. Chromium and chromedriver are
Debian's, as for the accessibility harness.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webelement import WebElement

from accessibility_tests.conftest import CHROMEDRIVER, CHROMIUM, CHROMIUM_ARGUMENTS
from accessibility_tests.portal_process import REPOSITORY
from tests.support.ports import free_port

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60.0
# A phone's width is checked by the accessibility harness; these walk a desktop window.
WINDOW = (1280, 1024)


@dataclass(frozen=True)
class Demo:
    url: str
    backoffice_url: str | None
    """None when this version of `portal demo` runs no fake back office of its own."""
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.TransportError:
        return False


def _demo_runs_a_back_office() -> bool:
    usage = subprocess.run([sys.executable, "-m", "portal", "demo", "--help"], cwd=REPOSITORY,
                           capture_output=True, text=True, check=False).stdout
    return "--backoffice-port" in usage


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    directory = tmp_path_factory.mktemp("vdi-demo")
    port = free_port()
    command = [sys.executable, "-m", "portal", "demo", "--host", HOST, "--port", str(port),
               "--data-dir", str(directory / "data"), "--quiet"]
    backoffice_url = None
    if _demo_runs_a_back_office():
        backoffice_port = free_port()
        command += ["--backoffice-port", str(backoffice_port)]
        backoffice_url = f"http://{HOST}:{backoffice_port}"
    log_path = directory / "portal.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPOSITORY, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    running = Demo(f"http://{HOST}:{port}", backoffice_url, log_path)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        wanted = [f"{running.url}/healthz"]
        if backoffice_url:
            wanted.append(f"{backoffice_url}/healthz")
        while not all(_answers(url) for url in wanted):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"portal demo did not start:\n{running.log_tail()}", pytrace=False)
            time.sleep(0.2)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


Browser = Callable[..., webdriver.Chrome]


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Browser]:
    """Starts headless Chromium (own profile, no cookies); `javascript=False` for the
    path a browser without scripts takes. Every browser started is quit afterwards."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: install Debian's chromium and "
                    "chromium-driver, or run ./scripts/test", pytrace=False)
    started: list[webdriver.Chrome] = []

    def start(*, javascript: bool = True) -> webdriver.Chrome:
        options = Options()
        options.binary_location = str(CHROMIUM)
        for argument in CHROMIUM_ARGUMENTS:
            options.add_argument(argument)
        profile = tmp_path / f"chromium-{len(started)}"
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument("--window-size={},{}".format(*WINDOW))
        if not javascript:
            options.add_experimental_option(
                "prefs", {"profile.managed_default_content_settings.javascript": 2})
        service = Service(executable_path=str(CHROMEDRIVER),
                          log_output=str(tmp_path / f"chromedriver-{len(started)}.log"))
        driver = webdriver.Chrome(service=service, options=options)
        driver.set_page_load_timeout(120)  # a 150 MB upload is one page load
        started.append(driver)
        return driver

    yield start
    for driver in started:
        driver.quit()


def page_gone(element: WebElement) -> bool:
    """Whether the element's document has been replaced. Mid-navigation chromedriver may
    say so with an error other than "stale element", so any error means gone."""
    try:
        element.is_enabled()
    except WebDriverException:
        return True
    return False
