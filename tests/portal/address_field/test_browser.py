"""The address field in headless Chromium: the combobox and the map, by keyboard only,
checked with axe-core and at 320 px on the way, and with no CSP violation.

The page is the test page of `page.py` on an app built by the factory, served by
uvicorn on a loopback port; Chromium, chromedriver and axe-core come from the
accessibility harness's fixtures.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from accessibility_tests.conftest import axe_script, browser
from accessibility_tests.crawl import Crawl
from portal.app import create_app
from portal.migrations import upgrade
from portal.settings import Settings
from tests.conftest import TEST_SECRET_KEY
from tests.portal.address_field.page import PATH, add_address_page

__all__ = ["axe_script", "browser"]  # fixtures, used by name

pytestmark = pytest.mark.browser

WAIT = 10
# Injected before any page script (DevTools scripts are not subject to the page's CSP).
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("address-field")
    database_url = f"sqlite+aiosqlite:///{directory / 'portal.sqlite3'}"
    upgrade(database_url)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    origin = f"http://127.0.0.1:{port}"
    app = create_app(Settings(
        environment="test", database_url=database_url, secret_key=TEST_SECRET_KEY,
        base_url=origin, storage_dir=directory / "files", adapters="fake",
        secure_cookies=False, hsts=False))
    add_address_page(app)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield origin
    server.should_exit = True
    thread.join(timeout=10)


def open_in_latvian(driver: Chrome, origin: str) -> None:
    driver.get(f"{origin}/language/lv?next={PATH}")
    assert driver.current_url == origin + PATH


def wait_for(driver: Chrome, script: str, *args: object) -> object:
    return WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(script, *args))


def accessibility_problems(driver: Chrome, origin: str, axe: Path, label: str) -> list[str]:
    crawl = Crawl(driver, origin, "lv", axe)
    crawl._check_language(label)
    crawl._check_axe(label)
    crawl._check_reflow(label)
    return crawl.problems


def attribute(element: WebElement, name: str) -> str:
    return element.get_attribute(name) or ""


def test_autocomplete_and_map_by_keyboard(browser: Chrome, served: str,
                                          axe_script: Path) -> None:
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                            {"source": RECORD_CSP_VIOLATIONS})
    open_in_latvian(browser, served)
    problems = accessibility_problems(browser, served, axe_script, "the field")
    browser.find_element(By.ID, "employer").send_keys("SIA Piemērs")

    # The combobox: type, move down twice, Enter takes the second suggestion.
    box = browser.find_element(By.ID, "place")
    assert attribute(box, "role") == "combobox"
    box.send_keys("brivibas 10")
    wait_for(browser, "return !document.getElementById('place-listbox').hidden")
    assert attribute(box, "aria-expanded") == "true"
    assert attribute(box, "aria-controls") == "place-listbox"
    status = wait_for(browser, "return document.querySelector('.address-field__count').textContent")
    assert "Atrastās adreses" in str(status) or "Addresses found" in str(status)
    options = browser.find_elements(By.CSS_SELECTOR, "#place-listbox [role=option]")
    assert options[0].text == "Brīvības iela 10, Rīga, LV-1010"
    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ARROW_DOWN)
    assert attribute(box, "aria-activedescendant") == options[1].get_attribute("id")
    assert attribute(options[1], "aria-selected") == "true"
    problems += accessibility_problems(browser, served, axe_script, "suggestions open")
    chosen = options[1].text
    box.send_keys(Keys.ENTER)
    assert box.get_attribute("value") == chosen
    assert attribute(box, "aria-expanded") == "false"
    code = browser.find_element(By.NAME, "place-code").get_attribute("value")
    assert code and code.isdigit()
    assert browser.current_url == served + PATH  # Enter chose; it did not send the form

    # Escape closes the list without choosing.
    box.send_keys(Keys.BACKSPACE)
    wait_for(browser, "return !document.getElementById('place-listbox').hidden")
    box.send_keys(Keys.ESCAPE)
    assert attribute(box, "aria-expanded") == "false"
    assert browser.find_element(By.NAME, "place-code").get_attribute("value") == ""

    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map((entry) => entry.name)")
    assert not [url for url in loaded if "leaflet" in url], "Leaflet before the map is opened"

    # The map: open it with the keyboard, Tab into it, move the marker, Enter.
    toggle = browser.find_element(By.CSS_SELECTOR, ".address-field__map-toggle")
    toggle.send_keys(Keys.ENTER)
    wait_for(browser, "return document.querySelector('.address-field__map.leaflet-container')")
    assert attribute(toggle, "aria-expanded") == "true"
    browser.switch_to.active_element.send_keys(Keys.TAB)
    the_map = browser.switch_to.active_element
    assert attribute(the_map, "role") == "application"
    # Without a tile server the map says so and still works.
    assert browser.find_element(By.CSS_SELECTOR, ".address-field__map-note").is_displayed()
    the_map.send_keys(Keys.SHIFT, Keys.ARROW_RIGHT)
    the_map.send_keys(Keys.ARROW_DOWN)
    lat = browser.find_element(By.NAME, "place-lat").get_attribute("value")
    lon = browser.find_element(By.NAME, "place-lon").get_attribute("value")
    assert lat and lon
    problems += accessibility_problems(browser, served, axe_script, "map open")
    assert not problems, "\n\n".join(problems)
    violations = browser.execute_script("return window.cspViolations")
    assert violations == [], violations


def test_map_marker_fills_in_the_nearest_address(browser: Chrome, served: str) -> None:
    open_in_latvian(browser, served)
    browser.find_element(By.ID, "employer").send_keys("SIA Piemērs")
    box = browser.find_element(By.ID, "place")
    # Choosing an address centres the map on it, so the marker starts among addresses.
    box.send_keys("Lielā iela 13, Jelgava")
    wait_for(browser, "return !document.getElementById('place-listbox').hidden")
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    toggle = browser.find_element(By.CSS_SELECTOR, ".address-field__map-toggle")
    toggle.send_keys(Keys.ENTER)
    wait_for(browser, "return document.querySelector('.address-field__map.leaflet-container')")
    toggle.send_keys(Keys.TAB)
    the_map = browser.switch_to.active_element
    for _ in range(3):
        the_map.send_keys(Keys.ARROW_UP)
    lat = browser.find_element(By.NAME, "place-lat").get_attribute("value")
    lon = browser.find_element(By.NAME, "place-lon").get_attribute("value")
    assert lat and lon
    the_map.send_keys(Keys.ENTER)
    nearest = wait_for(browser, """
      const status = document.querySelector('.address-field__map-status').textContent;
      return status.includes(':') && document.getElementById('place').value;""")
    assert "Jelgava" in str(nearest)

    browser.find_element(By.XPATH, "//button[text()='Continue']").click()  # the test page's
    answer = json.loads(WebDriverWait(browser, WAIT).until(
        lambda d: d.find_element(By.ID, "answer")).text)
    assert answer["source"] == "map"
    assert answer["text"] == nearest and answer["code"]
    assert (answer["lat"], answer["lon"]) == (float(lat), float(lon))
    assert answer["lks92_x"] > 250_000 and answer["lks92_y"] > 450_000


def scripts(driver: Chrome, *, on: bool) -> None:
    # With the page's scripts off, WebDriver's own cannot run either (axe, the width
    # check): they are turned back on after a page has loaded without them.
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not on})


def test_matches_and_errors_without_javascript(browser: Chrome, served: str,
                                               axe_script: Path) -> None:
    scripts(browser, on=False)
    open_in_latvian(browser, served)
    assert not browser.find_elements(By.CSS_SELECTOR, ".address-field__map-toggle")
    browser.find_element(By.ID, "place").send_keys("liela 1")
    browser.find_element(By.NAME, "place-search").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.NAME, "place-choice"))
    # The list has the focus, so it is read next; the matches are radios.
    assert browser.switch_to.active_element.tag_name == "fieldset"
    scripts(browser, on=True)
    problems = accessibility_problems(browser, served, axe_script, "matches")
    scripts(browser, on=False)
    browser.find_element(By.XPATH, "//button[text()='Continue']").click()  # nothing chosen
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR,
                                                                  ".error-summary"))
    scripts(browser, on=True)
    problems += accessibility_problems(browser, served, axe_script, "errors")
    scripts(browser, on=False)
    assert not problems, "\n\n".join(problems)
    choices = browser.find_elements(By.NAME, "place-choice")
    choices[0].send_keys(Keys.SPACE)
    browser.find_element(By.ID, "employer").send_keys("SIA Piemērs")
    browser.find_element(By.XPATH, "//button[text()='Continue']").click()
    answer = json.loads(WebDriverWait(browser, WAIT).until(
        lambda d: d.find_element(By.ID, "answer")).text)
    assert answer["source"] == "register" and answer["text"] == "Lielā iela 1, Jelgava, LV-3001"
