"""`portal publish-open-data`: once per period, nothing the second time, the next
period replaces the files; over real HTTP to a fake CKAN as well as in memory."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import anyio
import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.errors import Unavailable
from adapters.open_data_portal.fake import FakeOpenDataPortal
from portal.cli import main
from portal.database import create_engine, create_sessionmaker
from portal.migrations import upgrade
from portal.settings import Settings
from queue_status.open_data.command import run_publish_open_data
from queue_status.open_data.models import OpenDataPublication
from queue_status.open_data.publishing import PublishTarget, publish_open_data, summary
from tests.adapters.open_data_portal.served_ckan import served_ckan
from tests.queue_status.statistics.requests import NOW, Req, fixed_requests, insert, riga

pytestmark = pytest.mark.anyio

TARGET = PublishTarget(dataset_name="tehnisko-palidzlidzeklu-rindas",
                       owner_org="labklajibas-ministrija", license_id="cc-by",
                       portal_url="https://portals.example.lv")
TOKEN = "ckan-api-token-0123456789"


async def test_a_period_is_published_once(app: Starlette, client: httpx.AsyncClient) -> None:
    await insert(app.state.sessionmaker, fixed_requests())
    ckan = FakeOpenDataPortal()
    first = await publish_open_data(app.state.sessionmaker, ckan, TARGET, now=NOW)
    assert first.ok and first.period == "2026-10" and first.dataset == "created"
    assert first.files == {"technical-aid-queues.csv": "created",
                           "technical-aid-queues.json": "created"}
    assert ckan.writes == ["package_create", "resource_create", "resource_create"]
    stored = ckan.datasets["tehnisko-palidzlidzeklu-rindas"]
    assert stored.owner_org == "labklajibas-ministrija"
    assert stored.dataset.url == "https://portals.example.lv/queue-statistics"
    # The files CKAN got are those the portal serves (the statistics were computed for it).
    files = {r.resource.format: r.content.decode() for r in stored.resources.values()}
    assert files["CSV"] == (await client.get("/open-data/technical-aid-queues.csv")).text
    assert files["JSON"] == (await client.get("/open-data/technical-aid-queues.json")).text

    # Later in the same period, with new requests: nothing changes on CKAN.
    await insert(app.state.sessionmaker, [Req("WHEEL", "vaivari", "in_queue",
                                              queued=riga(2026, 11, 20))], catalogue=False,
                 prefix="LATE")
    again = await publish_open_data(app.state.sessionmaker, ckan, TARGET,
                                    now=NOW + timedelta(days=5))
    assert again.ok and not again.changed
    assert ckan.writes == ["package_create", "resource_create", "resource_create"]
    assert "nothing to do" in summary(again, TARGET.dataset_name)

    # The next period replaces both files, in place.
    ids = set(stored.resources)
    december = await publish_open_data(app.state.sessionmaker, ckan, TARGET,
                                       now=NOW + timedelta(days=10))
    assert december.period == "2026-11" and december.dataset == "unchanged"
    assert set(december.files.values()) == {"updated"}
    assert set(stored.resources) == ids
    assert {r.resource.period for r in stored.resources.values()} == {"2026-11"}
    rows = list(csv.DictReader(io.StringIO(
        next(r.content.decode() for r in stored.resources.values() if r.resource.format == "CSV"))))
    assert rows[-1]["month"] == "2026-11"
    async with app.state.sessionmaker() as session:
        periods = [p.period for p in await session.scalars(
            select(OpenDataPublication).order_by(OpenDataPublication.period))]
        assert periods == ["2026-10", "2026-11"]


async def test_changed_metadata_is_patched(app: Starlette) -> None:
    await insert(app.state.sessionmaker, fixed_requests())
    ckan = FakeOpenDataPortal()
    await publish_open_data(app.state.sessionmaker, ckan, TARGET, now=NOW)
    moved = PublishTarget(TARGET.dataset_name, TARGET.owner_org, "cc-by",
                          "https://e.labklajiba.lv")
    outcome = await publish_open_data(app.state.sessionmaker, ckan, moved, now=NOW)
    assert outcome.dataset == "updated" and set(outcome.files.values()) == {"unchanged"}
    assert ckan.writes[-1] == "package_patch"


async def test_a_run_that_failed_is_completed_by_the_next(app: Starlette) -> None:
    await insert(app.state.sessionmaker, fixed_requests())
    ckan = FakeOpenDataPortal()
    ckan.fail(Unavailable("open_data_portal", "HTTP 503"))
    failed = await publish_open_data(app.state.sessionmaker, ckan, TARGET, now=NOW)
    assert not failed.ok and "HTTP 503" in summary(failed, TARGET.dataset_name)
    ckan.fail(None)
    # New requests in between do not change what the period publishes.
    await insert(app.state.sessionmaker, [Req("WHEEL", "vaivari", "in_queue",
                                              queued=riga(2026, 11, 20))], catalogue=False,
                 prefix="LATE")
    done = await publish_open_data(app.state.sessionmaker, ckan, TARGET,
                                   now=NOW + timedelta(hours=2))
    assert done.ok and done.dataset == "created"
    held = ckan.datasets[TARGET.dataset_name]
    document = json.loads(next(r.content for r in held.resources.values()
                               if r.resource.format == "JSON"))
    wheel = next(q for q in document["queues"] if q["group_code"] == "WHEEL")
    assert wheel["waiting_now"] == 12
    async with app.state.sessionmaker() as session:
        publication = await session.get(OpenDataPublication, "2026-10")
        assert publication is not None and publication.published_at == NOW + timedelta(hours=2)


async def test_published_over_http_to_ckan(app: Starlette, settings: Settings) -> None:
    await insert(app.state.sessionmaker, fixed_requests())
    ckan = FakeOpenDataPortal()
    with served_ckan(ckan, token=TOKEN) as origin:
        over_http = settings.replace(open_data_portal_adapter="http", open_data_portal_url=origin,
                                     open_data_portal_token=TOKEN,
                                     open_data_organization="labklajibas-ministrija")
        first = await run_publish_open_data(over_http, now=NOW)
        second = await run_publish_open_data(over_http, now=NOW)
        refused = await run_publish_open_data(
            over_http.replace(open_data_portal_token="wrong"), now=NOW + timedelta(days=10))
    assert first.ok and first.changed
    assert summary(first, "d") == ("period 2026-10: dataset d created; "
                                   "technical-aid-queues.csv created, "
                                   "technical-aid-queues.json created")
    assert second.ok and not second.changed
    assert ckan.writes == ["package_create", "resource_create", "resource_create"]
    assert not refused.ok and "403" in refused.error


def test_the_command_reports_and_fails_with_the_portal(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'portal.sqlite3'}"
    upgrade(url)

    async def seed() -> None:
        engine = create_engine(url)
        try:
            await insert(create_sessionmaker(engine), fixed_requests())
        finally:
            await engine.dispose()

    anyio.run(seed)
    ckan = FakeOpenDataPortal()
    for name, value in {"DATABASE_URL": url, "ADAPTERS": "http",
                        "OPEN_DATA_PORTAL_TOKEN": TOKEN,
                        "OPEN_DATA_ORGANIZATION": "labklajibas-ministrija"}.items():
        monkeypatch.setenv(f"PORTAL_{name}", value)
    with served_ckan(ckan, token=TOKEN) as origin:
        monkeypatch.setenv("PORTAL_OPEN_DATA_PORTAL_URL", origin)
        assert main(["recompute-queue-statistics"]) == 0
        assert "queue statistics recomputed: 4 queue(s)" in capsys.readouterr().out
        assert main(["publish-open-data"]) == 0
        assert "created" in capsys.readouterr().out
        assert main(["publish-open-data"]) == 0
        assert "nothing to do" in capsys.readouterr().out
    # CKAN gone: exit status 1 and a line that says so.
    monkeypatch.setenv("PORTAL_OPEN_DATA_PORTAL_URL", "http://127.0.0.1:9")
    assert main(["publish-open-data"]) == 1
    assert "not published" in capsys.readouterr().out
