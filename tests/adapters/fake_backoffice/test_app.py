"""The fake back office app: what it keeps, what it refuses, and its control endpoints."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import httpx
import pytest

from adapters.back_office.base import OutgoingFile
from adapters.back_office.http import HttpBackOffice
from adapters.fake_backoffice import create_fake_backoffice

pytestmark = pytest.mark.anyio

BASE = "http://backoffice"


def client_for(data_dir: Path | None = None) -> httpx.AsyncClient:
    app = create_fake_backoffice(data_dir)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)


async def one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def deliver(client: httpx.AsyncClient, reference: str, data: bytes = b"%PDF-1.7",
                  system: str = "vdi") -> str:
    envelope = {"reference": reference, "attachments": [
        {"file_name": "a.pdf", "size": len(data), "content_type": "application/pdf",
         "sha256": hashlib.sha256(data).hexdigest(), "field_name": "evidence"}]}
    adapter = HttpBackOffice(client, BASE, system)
    files = [OutgoingFile("a.pdf", "application/pdf", len(data), one_chunk(data))]
    return (await adapter.deliver(envelope, files, reference)).back_office_id


async def test_lists_what_it_received_with_checksums_and_counts() -> None:
    async with client_for() as client:
        first = await deliver(client, "VDS-AAAA-AAAA")
        await deliver(client, "VDS-AAAA-AAAA")
        await deliver(client, "TPL-BBBB-BBBB", system="spolis")
        listing = (await client.get("/vdi/submissions")).json()["submissions"]
        one = (await client.get("/vdi/submissions/VDS-AAAA-AAAA")).json()
        missing = await client.get("/vdi/submissions/VDS-ZZZZ-ZZZZ")
    assert [(item["reference"], item["receive_count"]) for item in listing] == [
        ("VDS-AAAA-AAAA", 2)]
    assert one["back_office_id"] == first == "VDI-000001"
    assert one["files"][0]["sha256"] == hashlib.sha256(b"%PDF-1.7").hexdigest()
    assert one["envelope"]["reference"] == "VDS-AAAA-AAAA"
    assert one["peak_concurrency"] == 1
    assert missing.status_code == 404


async def test_a_data_directory_survives_a_restart(tmp_path: Path) -> None:
    async with client_for(tmp_path) as client:
        await deliver(client, "VDS-AAAA-AAAA", b"kept on disk")
    # Half a delivery of a process that was killed: files but no record.
    (tmp_path / "vdi" / "VDS-CCCC-CCCC").mkdir()
    (tmp_path / "vdi" / "VDS-CCCC-CCCC" / "attachment.0").write_bytes(b"half")
    async with client_for(tmp_path) as client:
        await deliver(client, "VDS-AAAA-AAAA", b"kept on disk")
        second = await deliver(client, "VDS-BBBB-BBBB")
        listing = (await client.get("/vdi/submissions")).json()["submissions"]
    counts = {item["reference"]: item["receive_count"] for item in listing}
    assert counts == {"VDS-AAAA-AAAA": 2, "VDS-BBBB-BBBB": 1}
    assert second == "VDI-000002"
    assert (tmp_path / "vdi" / "VDS-AAAA-AAAA" / "attachment.0").read_bytes() == b"kept on disk"
    record = json.loads((tmp_path / "vdi" / "VDS-AAAA-AAAA" / "record.json").read_text())
    assert record["receive_count"] == 2


async def test_it_can_be_told_to_fail_be_slow_and_heal() -> None:
    async with client_for() as client:
        await client.post("/control/fail", json={"system": "vdi", "mode": "error"})
        refused = await client.post("/vdi/submissions", headers={"Idempotency-Key": "K1"},
                                    files={"envelope": (None, "{}")})
        other_system = await deliver(client, "SRI-AAAA-AAAA", system="siva")
        await client.post("/control/fail", json={"mode": "slow", "seconds": 0.3})
        started = time.monotonic()
        await deliver(client, "VDS-AAAA-AAAA")
        slow = time.monotonic() - started
        await client.post("/control/reset")
        listing = (await client.get("/vdi/submissions")).json()["submissions"]
        healthy = await client.get("/healthz")
    assert refused.status_code == 503
    assert other_system == "SIVA-000001"
    assert slow >= 0.3
    assert listing == [] and healthy.json() == {"status": "ok"}


async def test_two_deliveries_of_one_key_at_once_are_noticed_and_stored_once() -> None:
    async with client_for() as client:
        await client.post("/control/fail", json={"mode": "slow", "seconds": 0.2})
        async with anyio.create_task_group() as group:
            for _ in range(2):
                group.start_soon(deliver, client, "VDS-AAAA-AAAA")
        listing = (await client.get("/vdi/submissions")).json()["submissions"]
    assert len(listing) == 1
    assert listing[0]["receive_count"] == 2 and listing[0]["peak_concurrency"] == 2


@pytest.mark.parametrize(("headers", "parts", "status", "title"), [
    ({}, {"envelope": (None, "{}")}, 400, "Idempotency-Key"),
    ({"Idempotency-Key": "../x"}, {"envelope": (None, "{}")}, 400, "Idempotency-Key"),
    ({"Idempotency-Key": "K"}, {"envelope": (None, "not json")}, 400, "Envelope"),
    ({"Idempotency-Key": "K"},
     {"envelope": (None, json.dumps({"reference": "K", "attachments": [{"size": 1}]}))},
     422, "Attachment missing"),
    ({"Idempotency-Key": "K"},
     {"envelope": (None, json.dumps({"reference": "K", "attachments": []})),
      "attachment.0": ("a.txt", b"extra", "text/plain")}, 422, "not in the envelope"),
])
async def test_malformed_deliveries_get_a_problem(
    headers: dict[str, str], parts: dict[str, object], status: int, title: str
) -> None:
    async with client_for() as client:
        response = await client.post("/vdi/submissions", headers=headers,
                                     files=parts)  # type: ignore[arg-type]
        listing = (await client.get("/vdi/submissions")).json()["submissions"]
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert title in response.json()["title"]
    assert listing == []


async def test_unknown_systems_and_modes_are_refused() -> None:
    async with client_for() as client:
        unknown_system = await client.post("/nope/submissions", headers={"Idempotency-Key": "K"})
        unknown_mode = await client.post("/control/fail", json={"mode": "explode"})
    assert unknown_system.status_code == 404
    assert unknown_mode.status_code == 400
