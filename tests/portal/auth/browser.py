"""Acting like a browser in tests: read the forms of a page, follow a login's redirects."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

AUTHORIZE_PATH = "/dev-idp/authorize"


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(HtmlForm(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.forms or "name" not in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"radio", "checkbox"} and "checked" not in a:
                return
            if kind == "submit":
                self.forms[-1].buttons.append((a["name"], a.get("value", "")))
            else:
                self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "button":
            self.forms[-1].buttons.append((a["name"], a.get("value", "")))


def forms(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def post_form(response: httpx.Response, action: str | None = None) -> HtmlForm:
    """The page's first POST form, or its first that posts to the path `action`.

    The first, because the layout may add forms after the page's own (the session
    time-out dialog, for one, also posts to /logout).
    """
    found = [form for form in forms(response.text) if form.method == "post" and (
        action is None or urlsplit(urljoin(str(response.url), form.action)).path == action)]
    assert found, f"no POST form to {action or 'anywhere'} on {response.url}"
    return found[0]


async def submit(client: httpx.AsyncClient, page: httpx.Response, form: HtmlForm,
                 **values: str) -> httpx.Response:
    action = urljoin(str(page.url), form.action or str(page.url))
    return await client.post(action, data={**form.fields, **values})


async def follow(client: httpx.AsyncClient, response: httpx.Response,
                 *, max_hops: int = 10) -> httpx.Response:
    """Follow redirects one at a time (so each hop goes through the checks of `client`)."""
    for _ in range(max_hops):
        if not response.is_redirect:
            return response
        response = await client.get(urljoin(str(response.url), response.headers["location"]))
    raise AssertionError("too many redirects")


async def open_dev_provider(client: httpx.AsyncClient, next_path: str = "/") -> httpx.Response:
    """Start a login at the portal; the development provider's authorize page."""
    started = await client.get("/login", params={"next": next_path})
    assert started.status_code == 303, started.text
    page = await client.get(started.headers["location"])
    assert page.status_code == 200, page.text
    return page


async def choose_person(client: httpx.AsyncClient, page: httpx.Response, personal_code: str,
                        **changes: str) -> httpx.Response:
    """Pick a person on the authorize page; the portal's answer at the callback."""
    answer = await submit(client, page, post_form(page, AUTHORIZE_PATH), person=personal_code,
                          **changes)
    assert answer.status_code == 303, answer.text
    return await client.get(answer.headers["location"])


async def dev_login(client: httpx.AsyncClient, personal_code: str,
                    next_path: str = "/") -> httpx.Response:
    page = await open_dev_provider(client, next_path)
    return await choose_person(client, page, personal_code)
