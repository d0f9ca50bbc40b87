"""One contract for the open-data portal, two implementations: the in-memory CKAN,
and CKAN's Action API over real HTTP against that fake served on loopback; then how
the HTTP adapter reads what a real CKAN might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest

from adapters.errors import NotFound, Rejected, Unavailable
from adapters.open_data_portal.base import DatasetMetadata, OpenDataPortal, ResourceFile
from adapters.open_data_portal.fake import FakeOpenDataPortal
from adapters.open_data_portal.http import HttpOpenDataPortal
from tests.adapters.open_data_portal.served_ckan import served_ckan

pytestmark = pytest.mark.anyio

TOKEN = "ckan-api-token-0123456789"
METADATA = DatasetMetadata(name="tehnisko-palidzlidzeklu-rindas", title="Rindas", notes="Apraksts",
                           license_id="cc-by", url="https://portals.example.lv/queue-statistics",
                           owner_org="labklajibas-ministrija", extras={"frequency": "monthly"})
CSV = ResourceFile(name="Rindas (CSV)", description="Dati līdz 2026-10.", format="CSV",
                   mimetype="text/csv", filename="technical-aid-queues.csv",
                   content=b"group_code,waiting_now\r\nWHEEL,12\r\n", sha256="a" * 64,
                   period="2026-10")


@dataclass
class Target:
    portal: OpenDataPortal
    fake: FakeOpenDataPortal
    download: Callable[[str], Awaitable[bytes]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    fake = FakeOpenDataPortal()
    if request.param == "fake":
        async def stored(url: str) -> bytes:
            resource_id = url.split("/resource/")[1].split("/")[0]
            held = fake.file(resource_id)
            assert held is not None
            return held.content

        yield Target(fake, fake, stored)
        return
    with served_ckan(fake, token=TOKEN) as origin:
        async with httpx.AsyncClient() as client:
            async def download(url: str) -> bytes:
                answer = await client.get(url)
                answer.raise_for_status()
                return answer.content

            yield Target(HttpOpenDataPortal(client, origin, token=TOKEN), fake, download)


async def test_a_dataset_is_created_then_shown(target: Target) -> None:
    assert await target.portal.show_dataset(METADATA.name) is None
    created = await target.portal.create_dataset(METADATA)
    shown = await target.portal.show_dataset(METADATA.name)
    assert shown is not None and shown.id == created.id
    assert (shown.title, shown.license_id, dict(shown.extras)) == (
        "Rindas", "cc-by", {"frequency": "monthly"})
    assert shown.resources == ()


async def test_metadata_is_patched_and_resources_kept(target: Target) -> None:
    created = await target.portal.create_dataset(METADATA)
    await target.portal.create_resource(created.id, CSV)
    patched = await target.portal.patch_dataset(created.id, DatasetMetadata(
        name=METADATA.name, title="Rindas 2", notes="Cits", license_id="cc-by", url=METADATA.url))
    assert patched.title == "Rindas 2" and len(patched.resources) == 1


async def test_files_are_uploaded_and_replaced(target: Target) -> None:
    dataset = await target.portal.create_dataset(METADATA)
    resource = await target.portal.create_resource(dataset.id, CSV)
    assert (resource.name, resource.hash, resource.period, resource.format) == (
        "Rindas (CSV)", "a" * 64, "2026-10", "CSV")
    assert await target.download(resource.url) == CSV.content
    newer = ResourceFile(name=CSV.name, description="", format="CSV", mimetype="text/csv",
                         filename=CSV.filename, content=b"group_code\r\n", sha256="b" * 64,
                         period="2026-11")
    replaced = await target.portal.update_resource(resource.id, newer)
    assert replaced.id == resource.id and replaced.period == "2026-11"
    shown = await target.portal.show_dataset(METADATA.name)
    assert shown is not None and shown.resource_named(CSV.name) is not None
    assert [r.hash for r in shown.resources] == ["b" * 64]
    assert await target.download(replaced.url) == b"group_code\r\n"
    assert target.fake.writes == ["package_create", "resource_create", "resource_update"]


async def test_creating_without_an_organisation_is_refused(target: Target) -> None:
    with pytest.raises(Rejected):
        await target.portal.create_dataset(DatasetMetadata(
            name="x", title="x", notes="", license_id="cc-by", url=""))


async def test_replacing_an_unknown_resource_is_not_found(target: Target) -> None:
    with pytest.raises(NotFound):
        await target.portal.update_resource("no-such-resource", CSV)


async def test_ckan_down_is_unavailable(target: Target) -> None:
    target.fake.fail(Unavailable("open_data_portal", "down"))
    with pytest.raises(Unavailable):
        await target.portal.show_dataset(METADATA.name)


async def test_a_wrong_token_is_rejected() -> None:
    with served_ckan(FakeOpenDataPortal(), token=TOKEN) as origin:
        async with httpx.AsyncClient() as client:
            with pytest.raises(Rejected, match="Authorization Error"):
                await HttpOpenDataPortal(client, origin, token="wrong").create_dataset(METADATA)


def gateway(answer: Callable[[httpx.Request], httpx.Response]) -> HttpOpenDataPortal:
    return HttpOpenDataPortal(httpx.AsyncClient(transport=httpx.MockTransport(answer)),
                              "https://data.gov.lv/", token=TOKEN)


async def test_requests_carry_the_token_and_name_the_action() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"success": True, "result": {
            "id": "r1", "name": "Rindas (CSV)", "url": "https://data.gov.lv/x.csv",
            "hash": "a" * 64, "period": "2026-10", "format": "CSV"}})

    resource = await gateway(answer).create_resource("d1", CSV)
    assert resource.id == "r1"
    request = seen[0]
    assert str(request.url) == "https://data.gov.lv/api/3/action/resource_create"
    assert request.headers["authorization"] == TOKEN
    assert request.headers["content-type"].startswith("multipart/form-data")
    body = request.content
    assert b'name="package_id"' in body and b"WHEEL,12" in body and b'name="upload"' in body


@pytest.mark.parametrize(("status", "error"), [
    (403, Rejected), (409, Rejected), (400, Rejected), (404, NotFound),
    (408, Unavailable), (429, Unavailable), (500, Unavailable), (502, Unavailable),
])
async def test_statuses_become_our_errors(status: int, error: type[Exception]) -> None:
    portal = gateway(lambda request: httpx.Response(
        status, json={"success": False, "error": {"__type": "Validation Error"}}))
    with pytest.raises(error):
        await portal.create_dataset(METADATA)


async def test_package_show_404_means_no_dataset() -> None:
    portal = gateway(lambda request: httpx.Response(404, json={"success": False}))
    assert await portal.show_dataset("nothing") is None


@pytest.mark.parametrize("answer", [
    httpx.Response(200, text="<html>proxy</html>"),
    httpx.Response(200, json={"success": False}),
    httpx.Response(200, json={"success": True, "result": {"name": "no id"}}),
])
async def test_an_unreadable_answer_is_unavailable(answer: httpx.Response) -> None:
    with pytest.raises(Unavailable):
        await gateway(lambda request: answer).show_dataset("x")


async def test_connection_failures_are_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(Unavailable, match="ConnectError"):
        await gateway(refuse).show_dataset("x")
