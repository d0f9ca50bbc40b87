"""The operators' dashboard: only for operators; its CSV holds the numbers of its tables."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import httpx
import pytest
from starlette.applications import Starlette

from adapters.demo_people import DACE_ABELE
from eservices.registry import REGISTRY, by_slug
from i18n.catalogs import use_locale
from portal.database import utcnow
from portal.locale import LOCALE_COOKIE
from portal.settings import Settings
from portal.usage_metrics.dashboard import Numbers
from portal.usage_metrics.periods import local_day
from portal.usage_metrics.services import step_titles
from tests.portal.usage_metrics.journeys import D3
from tests.portal.usage_metrics.recorded import record_journeys
from tests.support.signin import person, sign_in

pytestmark = pytest.mark.anyio

SERVICE_PAGE = "/operator/usage/labour_complaint"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.replace(operator_personal_codes=(DACE_ABELE.personal_code,))


async def as_operator(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, person(DACE_ABELE.personal_code, "Dace", "Ābele"))
    client.cookies.set(LOCALE_COOKIE, "en")


async def near_today(app: Starlette) -> None:
    """The hand-worked journeys, moved so that their 22 November is the day before
    yesterday: all of them fall within the last 7 days."""
    await record_journeys(app.state.sessionmaker,
                          shift=(local_day(utcnow()) - timedelta(days=2)) - D3)


class Tables(HTMLParser):
    """The cell texts of every table with an id: {id: [[cell, ...], ...]}."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or "", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.mark.parametrize("path", ["/operator/usage", SERVICE_PAGE, SERVICE_PAGE + "/usage.csv"])
async def test_only_operators_see_the_dashboard(
    app: Starlette, client: httpx.AsyncClient, path: str
) -> None:
    assert (await client.get(path)).status_code == 404
    await sign_in(app, client, person("010101-10006", "Jānis", "Bērziņš"))
    assert (await client.get(path)).status_code == 404
    await as_operator(app, client)
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"


async def test_an_unknown_e_service_is_not_found(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await as_operator(app, client)
    assert (await client.get("/operator/usage/no_such_service")).status_code == 404
    assert (await client.get("/operator/usage/no_such_service/usage.csv")).status_code == 404


async def test_the_overview_lists_what_was_measured(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await as_operator(app, client)
    # Built e-services are listed from the start; with none built, nothing is.
    app.state.registry = [dataclasses.replace(s, package=None) for s in REGISTRY]
    assert "Nothing has been measured yet." in (await client.get("/operator/usage")).text
    await near_today(app)
    page = await client.get("/operator/usage", params={"days": "7"})
    link = f'href="{SERVICE_PAGE}?days=7"'
    assert link in page.text
    rows = Tables(page.text).tables["usage-services"]
    # The 8 starts of the three days, J9's the day before and J8's the day after.
    assert rows[1:] == [["Complaint to the State Labour Inspectorate", "10", "6", "60.0%",
                         "15 min 00 s", "32 h 40 min", "3", "6", "50.0%", "3.33"]]


async def test_charts_are_images_with_a_title_and_a_description(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await as_operator(app, client)
    await near_today(app)
    page = (await client.get(SERVICE_PAGE, params={"days": "7"})).text
    charts = re.findall(r'<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"', page)
    assert len(charts) == 3
    for labelled_by in charts:
        for part in labelled_by.split():
            assert f'id="{part}"' in page
    # Days with starts have a bar; the quiet day (and days before the journeys) have none.
    completion = page[page.index('id="completion-chart-title"'):page.index("</svg>")]
    assert completion.count("usage-chart__bar") == 4
    # A scrollable table region can be reached by keyboard and has a name.
    assert 'role="region" aria-labelledby="usage-days-caption" tabindex="0"' in page


async def test_the_csv_holds_the_numbers_of_the_tables(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await as_operator(app, client)
    await near_today(app)
    page = await client.get(SERVICE_PAGE, params={"days": "7"})
    export = await client.get(SERVICE_PAGE + "/usage.csv", params={"days": "7"})
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.text)))
    tables = Tables(page.text).tables
    n = Numbers()

    def shown(row: dict[str, str]) -> list[str]:
        """A CSV row as the tables write it."""
        def number(key: str) -> float | None:
            return float(row[key]) if row[key] else None

        with use_locale("en"):
            return [row["starts"], row["submissions"], n.share(number("completion_rate")),
                    n.duration(number("median_seconds")), n.duration(number("p90_seconds")),
                    row["abandoned"], row["answers"], n.share(number("satisfied_share")),
                    n.mean(number("mean_rating"))]

    days = [r for r in rows if r["section"] == "day"]
    assert len(days) == 7 == len(tables["usage-days"]) - 1
    for csv_row, table_row in zip(days, tables["usage-days"][1:], strict=True):
        assert shown(csv_row) == table_row[1:]
    for section, table in (("device", "usage-device"), ("language", "usage-language")):
        assert [shown(r) for r in rows if r["section"] == section] == [
            cells[1:] for cells in tables[table][1:]]
    period = next(r for r in rows if r["section"] == "period")
    assert (period["starts"], period["submissions"], period["completion_rate"]) == (
        "10", "6", "0.6000")

    # The table names the steps as the form does; the CSV by their codes.
    with use_locale("en"):
        titles = step_titles(by_slug("labour_complaint"))
    drop_off = [(titles.get(r["key"], r["key"]), r["abandoned"])
                for r in rows if r["section"] == "drop_off"]
    assert [(cells[0], cells[1]) for cells in tables["usage-drop-off"][1:]] == drop_off
    assert {"employer": "1", "workplace": "2"}.items() <= {
        r["key"]: r["abandoned"] for r in rows if r["section"] == "drop_off"}.items()
    ratings = [r["answers"] for r in rows if r["section"] == "satisfaction"]
    assert ratings == ["2", "1", "1", "1", "1"]
    assert [cells[1] for cells in tables["usage-ratings"][1:]] == ratings
    assert [cells[0] for cells in tables["usage-ratings"][1:]][::4] == [
        "Very satisfied", "Very dissatisfied"]
