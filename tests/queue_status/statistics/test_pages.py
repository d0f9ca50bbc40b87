"""The public statistics pages: no login, every queue, a chart with its table."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.applications import Starlette

from portal.database import transaction
from queue_status.statistics.aggregation import recompute_statistics
from tests.queue_status.statistics.requests import NOW, fixed_requests, insert

pytestmark = pytest.mark.anyio


async def with_statistics(app: Starlette) -> None:
    await insert(app.state.sessionmaker, fixed_requests())
    async with transaction(app.state.sessionmaker) as session:
        await recompute_statistics(session, NOW)


async def test_before_the_first_recompute_the_page_says_so(client: httpx.AsyncClient) -> None:
    page = await client.get("/queue-statistics")
    assert page.status_code == 200
    assert "vēl nav aprēķināti" in page.text


async def test_the_home_page_links_to_the_statistics(client: httpx.AsyncClient) -> None:
    home = await client.get("/")
    assert 'href="/queue-statistics"' in home.text


async def test_every_queue_is_listed_with_small_figures_hidden(
    app: Starlette, client: httpx.AsyncClient,
) -> None:
    await with_statistics(app)
    page = await client.get("/queue-statistics")
    assert page.status_code == 200 and "public" in page.headers["cache-control"]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page.text, re.S)
    cells = [re.sub(r"<[^>]+>", "|", row) for row in rows]
    text = [re.sub(r"\|+", "|", c).strip("| \n") for c in cells]
    assert len(text) == 4
    wheel = next(t for t in text if t.startswith("Riteņkrēsli"))
    assert [part.strip() for part in wheel.split("|") if part.strip()][1:] == [
        "VSIA Nacionālais rehabilitācijas centrs &#34;Vaivari&#34;", "12", "17", "245 dienas",
        "246 dienas"]
    hearing = next(t for t in text if t.startswith("Dzirdes aparāti"))
    assert hearing.count("mazāk nekā 5") == 2 and "netiek rādīts" in hearing
    assert "Kāpēc daži skaitļi netiek rādīti" in page.text
    assert 'href="/open-data/technical-aid-queues.csv"' in page.text


async def test_a_queue_page_has_an_accessible_chart_and_the_same_numbers_in_a_table(
    app: Starlette, client: httpx.AsyncClient,
) -> None:
    await with_statistics(app)
    page = await client.get("/queue-statistics/WHEEL/vaivari")
    assert page.status_code == 200
    charts = re.findall(r"<svg[^>]*>", page.text)
    assert len(charts) == 2
    for svg in charts:
        assert 'role="img"' in svg and "aria-labelledby" in svg
    assert page.text.count("<title id=") == 2 and page.text.count("<desc id=") == 2
    # September (3 served) and March (6, hidden so September cannot be derived) show "<5".
    assert page.text.count("&lt;5</text>") == 2
    table = page.text.split('id="months-caption"')[1].split("</table>")[0]
    rows = re.findall(r"<th scope=\"row\">(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>",
                      table)
    assert [r[0] for r in rows][-1] == "2026. gada oktobris"
    assert [(r[1], r[2]) for r in rows][-3:] == [("24", "0"), ("21", "mazāk nekā 5"), ("13", "8")]
    assert rows[4][2] == "mazāk nekā 5"  # March


async def test_the_pages_are_complete_in_english(app: Starlette,
                                                 client: httpx.AsyncClient) -> None:
    await with_statistics(app)
    client.cookies.set("portal-lang", "en")
    overview = await client.get("/queue-statistics")
    assert "Wheelchairs" in overview.text and "fewer than 5" in overview.text
    queue = await client.get("/queue-statistics/HEAR/deaf_association")
    assert "Latvian Association of the Deaf" in queue.text
    assert "not shown" in queue.text and "October 2026" in queue.text


async def test_an_unknown_queue_is_not_found(app: Starlette, client: httpx.AsyncClient) -> None:
    await with_statistics(app)
    assert (await client.get("/queue-statistics/NOPE/vaivari")).status_code == 404
