"""Walks the portal like a visitor and checks every page it reaches.

Breadth-first from the home page, following same-origin links, in one
language: first signed out, then again signed in through the development login
(as the first person it offers), so signed-in pages are checked too. Every page
is checked with axe-core 4.x for WCAG 2.0 and 2.1 level A and AA, and for what
axe cannot see: `lang` on the document, a skip link that is the first thing the
keyboard reaches, and no horizontal scrolling at 320 CSS pixels (WCAG 1.4.10
reflow). Every page with a POST form is also submitted once unchanged, so the
error states (error summary, field errors) are checked too. Problems are
collected, not raised, so one run reports all of them.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from axe_selenium_python import Axe
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver import ActionChains, Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

MAX_PAGES = 200
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# json, not a dict: axe-selenium-python pastes `options` into JavaScript with `%s`.
AXE_OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS},
                          "resultTypes": ["violations"]})
REFLOW_WIDTH = 320
REFLOW_HEIGHT = 800
SUBMIT_TIMEOUT = 15
# A page that does not exist, to check the 404 page as well.
MISSING_PAGE = "/accessibility-harness-check-missing-page"
SKIPPED_PREFIXES = ("/static/", "/language/", "/api/")
LOGS_OUT = re.compile(r"(log|sign)[-_]?(out|off)|atteikties|iziet", re.IGNORECASE)

LANGUAGE_OF_DOCUMENT = "return document.documentElement.getAttribute('lang') || ''"
# Fragment-only links (the skip link, error summary links) stay on this page; after a POST
# they would resolve to the form's action, which is not a page to GET.
LINKS = """
return Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.getAttribute('href').trim().startsWith('#'))
  .map(a => a.href);
"""
POST_FORMS = """
return Array.from(document.forms).filter(
  form => (form.getAttribute('method') || '').toLowerCase() === 'post');
"""
SUBMIT_BUTTON = """
const form = arguments[0];
return form.querySelector('button[type=submit], button:not([type]), input[type=submit]')
  || (form.id && document.querySelector(
       `button[form="${form.id}"][type=submit], input[form="${form.id}"][type=submit]`));
"""
FOCUSED_ELEMENT = """
const element = document.activeElement;
if (!element || element === document.body) return null;
const href = element.getAttribute('href') || '';
const rect = element.getBoundingClientRect();
return {
  tag: element.tagName.toLowerCase(),
  href: href,
  text: (element.textContent || '').trim().slice(0, 60),
  targetExists: href.startsWith('#') && href.length > 1
      && document.getElementById(decodeURIComponent(href.slice(1))) !== null,
  visible: rect.width > 1 && rect.height > 1 && rect.bottom > 0 && rect.right > 0
      && rect.top < window.innerHeight && rect.left < window.innerWidth,
};
"""
# Measured after two animation frames, so the new viewport has been laid out.
PAGE_WIDTH = """
const limit = arguments[0];
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() => {
  const describe = (element) => element.tagName.toLowerCase()
    + (element.id ? '#' + element.id : '')
    + Array.from(element.classList, name => '.' + name).join('');
  const wide = Array.from(document.body.querySelectorAll('*')).filter(element => {
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.right > limit + 1;
  });
  // The innermost culprits say most: drop elements that contain another culprit.
  const innermost = wide.filter(element => !wide.some(
    other => other !== element && element.contains(other)));
  done({
    // Not innerWidth: on an overflowing page mobile Chromium zooms out to fit the content.
    viewport: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    culprits: innermost.slice(0, 5).map(element =>
      describe(element) + ' (right edge at '
      + Math.round(element.getBoundingClientRect().right) + 'px)'),
  });
}));
"""
CHOOSE_FIRST_OPTIONS = """
const form = arguments[0];
const groups = new Set(Array.from(form.querySelectorAll('input[type=radio]'), r => r.name));
for (const name of groups) {
  const radios = Array.from(form.querySelectorAll('input[type=radio]'))
    .filter(radio => radio.name === name);
  if (!radios.some(radio => radio.checked)) radios[0].click();
}
"""
SIGN_IN_LINK = "return document.querySelector('a[href$=\"/login\"]') !== null"
BROKEN_ALERT_LINKS = """
return Array.from(document.querySelectorAll('[role=alert] a[href^="#"]'))
  .map(link => link.getAttribute('href'))
  .filter(href => href.length < 2
      || document.getElementById(decodeURIComponent(href.slice(1))) === null);
"""


@dataclass
class Crawl:
    """One walk over the portal in one language; `run()` returns the problems found."""

    driver: Chrome
    origin: str
    language: str
    axe_script: Path
    state: str = "signed out"
    problems: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)

    def run(self) -> list[str]:
        self.driver.get(f"{self.origin}/language/{self.language}?next=/")
        self._walk()
        # Pages for signed-in people (my submissions, my queue, acting for someone) are
        # only reachable after signing in, so the walk is repeated signed in.
        if self._sign_in():
            self.state = "signed in"
            self._walk()
        return self.problems

    def _walk(self) -> None:
        queue: deque[tuple[str, str]] = deque([(f"{self.origin}/", "(start)"),
                                               (self.origin + MISSING_PAGE, "(seeded)")])
        seen = {url for url, _ in queue}
        walked = 0
        while queue and walked < MAX_PAGES:
            url, referrer = queue.popleft()
            expected = 404 if url.endswith(MISSING_PAGE) else 200
            if not self._open(url, referrer, expected):
                continue
            walked += 1
            self.pages.append(url)
            landed = self.driver.current_url
            self.check_page(url if landed == url else f"{url} -> {landed}", keyboard=True)
            links = [(link, landed) for link in self._links()]
            for form_index, action in enumerate(self._post_form_actions()):
                if LOGS_OUT.search(urlsplit(action).path):
                    continue
                if form_index > 0 and not self._open(url, referrer, expected):
                    break
                links += self._submit_unchanged(landed, form_index)
            for link, source in links:
                if link not in seen:
                    seen.add(link)
                    queue.append((link, source))
        if queue:
            self.problems.append(f"[{self.language}, {self.state}] stopped after {MAX_PAGES} "
                                 f"pages; {len(queue)} more were not checked (raise MAX_PAGES)")

    def _sign_in(self) -> bool:
        """Sign in through the development login as the first person it offers.

        False, with nothing reported, while the portal has no login at all.
        """
        self._drain_network_log()
        self.driver.get(f"{self.origin}/login")
        response = self._document_response()
        if response is not None and response[0] == 404:
            return False
        forms: list[WebElement] = self.driver.execute_script(POST_FORMS)
        if forms:
            self.driver.execute_script(CHOOSE_FIRST_OPTIONS, forms[0])
            self.submit(forms[0])
        signed_in = not self.driver.execute_script(SIGN_IN_LINK) and not self._same_path(
            self.driver.current_url, "/login")
        if not signed_in:
            self._problem(f"{self.origin}/login", "sign in",
                          "choosing the first person on the development login did not sign "
                          f"in (now at {self.driver.current_url}); signed-in pages unchecked")
        return signed_in

    # --- navigation -------------------------------------------------------------------

    def _open(self, url: str, referrer: str, expected_status: int) -> bool:
        """Load `url`; False when it is not an HTML page of this site (nothing to check)."""
        self._drain_network_log()
        try:
            self.driver.get(url)
        except WebDriverException as error:
            self._problem(url, "page did not load", f"{error.msg} (linked from {referrer})")
            return False
        response = self._document_response()
        if not self._same_origin(self.driver.current_url):
            return False
        if response is not None:
            status, mime_type = response
            if mime_type != "text/html":
                return False  # a download or data file, e.g. open data
            if status != expected_status:
                self._problem(url, f"HTTP {status}",
                              f"expected {expected_status} (linked from {referrer})")
        return True

    def _links(self) -> list[str]:
        hrefs: list[str] = self.driver.execute_script(LINKS)
        links = []
        for href in hrefs:
            parts = urlsplit(href)
            if parts.scheme not in ("http", "https") or not self._same_origin(href):
                continue  # mailto:, tel:, other sites
            if parts.path.startswith(SKIPPED_PREFIXES) or LOGS_OUT.search(parts.path):
                continue
            links.append(urlunsplit((parts.scheme, parts.netloc, parts.path or "/",
                                     parts.query, "")))
        return links

    def _post_form_actions(self) -> list[str]:
        forms: list[WebElement] = self.driver.execute_script(POST_FORMS)
        return [str(form.get_property("action") or "") for form in forms]

    def _submit_unchanged(self, url: str, form_index: int) -> list[tuple[str, str]]:
        """Submit the page's `form_index`th POST form as it is; the result's links."""
        label = f"{url} (form {form_index + 1} submitted unchanged)"
        forms: list[WebElement] = self.driver.execute_script(POST_FORMS)
        if not self.submit(forms[form_index]):
            self._problem(label, "form was not submitted",
                          f"no new page within {SUBMIT_TIMEOUT}s of pressing its button "
                          "(browser-side validation or a script stopped it?), so the "
                          "server's error state was not checked")
            return []
        if not self._same_origin(self.driver.current_url):
            return []
        response = self._document_response()
        if response is not None:
            status, mime_type = response
            if status >= 500:
                self._problem(label, f"HTTP {status}", "server error")
            if mime_type != "text/html":
                return []
        self.forms.append(label)
        self.check_page(f"{label} -> {self.driver.current_url}", keyboard=False)
        broken: list[str] = self.driver.execute_script(BROKEN_ALERT_LINKS)
        for href in broken:
            self._problem(label, "error summary link", f"{href} points at no element")
        return [(link, label) for link in self._links()]

    def submit(self, form: WebElement) -> bool:
        """Press the form's (first) submit button; False when no new page loads."""
        button: WebElement | None = self.driver.execute_script(SUBMIT_BUTTON, form)
        return self.press(button, form)

    def press(self, button: WebElement | None, form: WebElement | None = None) -> bool:
        """Press `button` (or submit `form` without one); False when no new page loads."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        self._drain_network_log()
        if button is not None:
            try:
                button.click()
            except WebDriverException:
                self.driver.execute_script("arguments[0].click()", button)
        else:
            self.driver.execute_script("arguments[0].requestSubmit()", form)
        try:
            WebDriverWait(self.driver, SUBMIT_TIMEOUT).until(lambda _driver: _page_gone(page))
            WebDriverWait(self.driver, SUBMIT_TIMEOUT,
                          ignored_exceptions=(WebDriverException,)).until(
                lambda driver: driver.execute_script("return document.readyState") == "complete"
            )
        except TimeoutException:
            return False
        return True

    # --- the checks -------------------------------------------------------------------

    def check_page(self, label: str, *, keyboard: bool) -> None:
        self._check_language(label)
        self._check_axe(label)
        if keyboard:
            # After a form submission focus has moved to the error summary on purpose.
            self._check_skip_link(label)
        self._check_reflow(label)

    def _check_language(self, label: str) -> None:
        lang: str = self.driver.execute_script(LANGUAGE_OF_DOCUMENT)
        if not lang:
            self._problem(label, "html-has-lang", "<html> has no lang attribute")
        elif lang.split("-")[0].lower() != self.language:
            self._problem(label, "html-lang", f"<html lang={lang!r}>, the visitor chose "
                          f"{self.language!r}")

    def _check_axe(self, label: str) -> None:
        axe = Axe(self.driver, script_url=str(self.axe_script))
        axe.inject()
        results: dict[str, Any] = axe.run(options=AXE_OPTIONS)
        for violation in results.get("violations", []):
            targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
            first = violation["nodes"][0] if violation["nodes"] else {}
            summary = " ".join(str(first.get("failureSummary", "")).split())
            html = " ".join(str(first.get("html", "")).split())[:200]
            self._problem(
                label, f"axe {violation['id']} ({violation.get('impact') or 'n/a'})",
                f"{violation['help']}\n      elements: {'; '.join(targets)}"
                f"\n      first: {html}\n      why: {summary}\n      {violation['helpUrl']}",
            )

    def _check_skip_link(self, label: str) -> None:
        ActionChains(self.driver).send_keys(Keys.TAB).perform()
        focused: dict[str, Any] | None = self.driver.execute_script(FOCUSED_ELEMENT)
        if focused is None:
            self._problem(label, "skip link", "pressing Tab once focused nothing")
        elif focused["tag"] != "a" or not focused["targetExists"]:
            self._problem(label, "skip link",
                          f"the first Tab stop is <{focused['tag']} href={focused['href']!r}> "
                          f"{focused['text']!r}, not a link to an element on the page")
        elif not focused["visible"]:
            self._problem(label, "skip link", f"{focused['text']!r} is focused but not visible")
        self.driver.execute_script("document.activeElement && document.activeElement.blur()")

    def _check_reflow(self, label: str) -> None:
        # Headless Chromium keeps windows at least 500 px wide (set_window_size(320, ...)
        # leaves a 15 px scrollbar inside), so a phone's viewport, with overlay scrollbars
        # and the viewport meta tag honoured, is emulated through the DevTools protocol.
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": REFLOW_WIDTH, "height": REFLOW_HEIGHT, "deviceScaleFactor": 1,
            "mobile": True,
        })
        try:
            width: dict[str, Any] = self.driver.execute_async_script(PAGE_WIDTH, REFLOW_WIDTH)
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        if width["viewport"] != REFLOW_WIDTH:
            self._problem(label, "reflow", f"could not emulate a {REFLOW_WIDTH}px viewport "
                          f"(got {width['viewport']}px)")
        elif width["scrollWidth"] > REFLOW_WIDTH:
            self._problem(label, "reflow (WCAG 1.4.10)",
                          f"scrolls sideways at {REFLOW_WIDTH}px: the page is "
                          f"{width['scrollWidth']}px wide; widest: {', '.join(width['culprits'])}")

    # --- helpers ----------------------------------------------------------------------

    def _problem(self, label: str, check: str, details: str) -> None:
        self.problems.append(f"[{self.language}, {self.state}] {label}\n  {check}: {details}")

    def _same_path(self, url: str, path: str) -> bool:
        return self._same_origin(url) and urlsplit(url).path == path

    def _same_origin(self, url: str) -> bool:
        parts, origin = urlsplit(url), urlsplit(self.origin)
        return (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc)

    def _drain_network_log(self) -> None:
        self.driver.get_log("performance")  # type: ignore[no-untyped-call]

    def _document_response(self) -> tuple[int, str] | None:
        """Status and MIME type of the last document loaded (after redirects)."""
        found: tuple[int, str] | None = None
        for entry in self.driver.get_log("performance"):  # type: ignore[no-untyped-call]
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.responseReceived":
                continue
            params = message["params"]
            if params.get("type") == "Document":
                response = params["response"]
                found = (int(response["status"]), str(response.get("mimeType", "")))
        return found


def _page_gone(element: WebElement) -> bool:
    """Whether the element's document has been replaced. Mid-navigation chromedriver may
    say so with errors other than "stale element" (e.g. "Node with given id does not
    belong to the document"), so any error means gone."""
    try:
        element.is_enabled()
    except WebDriverException:
        return True
    return False
