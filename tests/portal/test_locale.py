from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from i18n.catalogs import use_locale
from portal.locale import parse_accept_language
from portal.pages.home import safe_next
from portal.templating import local_date, local_datetime, local_number

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("header", "expected"), [
    ("en-US,en;q=0.9,lv;q=0.8", "en"),
    ("lv-LV,lv;q=0.9,en;q=0.5", "lv"),
    ("de-DE,de;q=0.9", "lv"),
    ("ru;q=1, en;q=0.4", "en"),
    ("en;q=0, lv", "lv"),
    ("garbage;;;q=x", "lv"),
])
async def test_first_visit_follows_accept_language(
    client: httpx.AsyncClient, header: str, expected: str
) -> None:
    response = await client.get("/", headers={"accept-language": header})
    assert f'<html lang="{expected}">' in response.text
    assert response.headers["content-language"] == expected


async def test_switch_keeps_the_current_page_and_is_remembered(client: httpx.AsyncClient) -> None:
    response = await client.get("/language/en", params={"next": "/privacy?x=1"})
    assert response.status_code == 303
    assert response.headers["location"] == "/privacy?x=1"
    page = await client.get("/privacy", headers={"accept-language": "lv"})
    assert '<html lang="en">' in page.text
    assert 'href="/language/lv?next=/privacy"' in page.text
    back = await client.get("/language/lv", params={"next": "/"})
    assert back.status_code == 303
    assert '<html lang="lv">' in (await client.get("/")).text


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "javascript:alert(1)", "", "relative/path",
])
def test_switch_never_redirects_off_site(target: str) -> None:
    assert safe_next(target) == "/"


async def test_unknown_language_is_ignored(client: httpx.AsyncClient) -> None:
    response = await client.get("/language/ru", params={"next": "/privacy"})
    assert response.status_code == 303
    assert "portal-lang" not in response.headers.get("set-cookie", "")


def test_accept_language_parsing_orders_by_quality() -> None:
    assert parse_accept_language("lv;q=0.5, en-GB;q=0.9, *") == ["en_GB", "lv"]


def test_dates_and_numbers_follow_the_locale() -> None:
    moment = datetime(2026, 3, 27, 22, 30, tzinfo=UTC)  # 28 March 00:30 in Riga
    with use_locale("lv"):
        assert local_date(date(2026, 3, 27)) == "2026. gada 27. marts"
        assert local_date(moment) == "2026. gada 28. marts"
        assert local_number(1234567.5) == "1\xa0234\xa0567,5"
        assert local_datetime(moment) == "28.03.2026. 00:30"
    with use_locale("en"):
        assert local_date(date(2026, 3, 27)) == "27 March 2026"
        assert local_number(1234567.5) == "1,234,567.5"
        assert local_datetime(moment) == "28 March 2026, 00:30"
