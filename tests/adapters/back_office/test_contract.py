"""One delivery contract, two implementations: the in-memory back office and http.

The http implementation talks to the real fake back office app
(`adapters/fake_backoffice`) through httpx's ASGI transport, so the streamed
multipart body is parsed by a real server-side parser and checked there.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from adapters.back_office.base import BackOfficeDelivery, OutgoingFile
from adapters.back_office.fake import FakeBackOffice
from adapters.back_office.http import HttpBackOffice
from adapters.errors import Rejected, Unavailable
from adapters.fake_backoffice import create_fake_backoffice

pytestmark = pytest.mark.anyio


@dataclass
class Target:
    adapter: BackOfficeDelivery
    # Make the back office fail: "error" (down) or "reject" (refuses everything).
    fail: Callable[[str], Awaitable[None]]
    # What it holds: idempotency key → receive count.
    stored: Callable[[], Awaitable[dict[str, int]]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    if request.param == "fake":
        fake = FakeBackOffice("vdi")

        async def fail_fake(mode: str) -> None:
            error = Unavailable if mode == "error" else Rejected
            fake.fail(error("vdi", f"told to {mode}"))

        async def stored_fake() -> dict[str, int]:
            return {key: item.receive_count for key, item in fake.received.items()}

        yield Target(fake, fail_fake, stored_fake)
        return
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:

        async def fail_http(mode: str) -> None:
            response = await client.post("/control/fail", json={"system": "vdi", "mode": mode})
            response.raise_for_status()

        async def stored_http() -> dict[str, int]:
            listing = (await client.get("/vdi/submissions")).json()["submissions"]
            return {item["idempotency_key"]: item["receive_count"] for item in listing}

        yield Target(HttpBackOffice(client, "http://backoffice", "vdi"), fail_http, stored_http)


async def chunks(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


def envelope(reference: str, *contents: bytes) -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "reference": reference,
        "attachments": [
            {"file_name": f"līgums-{i}.pdf", "size": len(data), "content_type": "application/pdf",
             "sha256": hashlib.sha256(data).hexdigest(), "field_name": "evidence"}
            for i, data in enumerate(contents)
        ],
    }


def files(*contents: bytes) -> list[OutgoingFile]:
    return [OutgoingFile(f"līgums-{i}.pdf", "application/pdf", len(data), chunks(data))
            for i, data in enumerate(contents)]


async def test_a_delivery_is_received_once_with_a_receipt(target: Target) -> None:
    contents = (b"%PDF-1.7 first", b"%PDF-1.7 second" * 1000)
    receipt = await target.adapter.deliver(envelope("VDS-AAAA-AAAA", *contents),
                                           files(*contents), "VDS-AAAA-AAAA")
    assert receipt.back_office_id
    assert not receipt.already_received
    assert await target.stored() == {"VDS-AAAA-AAAA": 1}


async def test_a_repeated_delivery_gets_the_same_receipt_and_is_stored_once(
    target: Target,
) -> None:
    data = b"%PDF-1.7 once"
    first = await target.adapter.deliver(envelope("VDS-BBBB-BBBB", data), files(data),
                                         "VDS-BBBB-BBBB")
    again = await target.adapter.deliver(envelope("VDS-BBBB-BBBB", data), files(data),
                                         "VDS-BBBB-BBBB")
    assert again.back_office_id == first.back_office_id
    assert again.already_received
    assert await target.stored() == {"VDS-BBBB-BBBB": 2}


async def test_different_keys_are_different_submissions(target: Target) -> None:
    first = await target.adapter.deliver(envelope("VDS-CCCC-CCCC"), [], "VDS-CCCC-CCCC")
    second = await target.adapter.deliver(envelope("VDS-DDDD-DDDD"), [], "VDS-DDDD-DDDD")
    assert first.back_office_id != second.back_office_id
    assert await target.stored() == {"VDS-CCCC-CCCC": 1, "VDS-DDDD-DDDD": 1}


async def test_a_file_that_differs_from_the_envelope_is_rejected(target: Target) -> None:
    described = envelope("VDS-EEEE-EEEE", b"what the envelope says")
    sent = b"what the envelope sayz"  # same size, other bytes
    with pytest.raises(Rejected):
        await target.adapter.deliver(described, files(sent), "VDS-EEEE-EEEE")
    assert await target.stored() == {}


async def test_a_back_office_that_is_down_is_unavailable(target: Target) -> None:
    await target.fail("error")
    with pytest.raises(Unavailable):
        await target.adapter.deliver(envelope("VDS-FFFF-FFFF"), [], "VDS-FFFF-FFFF")
    assert await target.stored() == {}


async def test_a_refusal_is_rejected(target: Target) -> None:
    await target.fail("reject")
    with pytest.raises(Rejected):
        await target.adapter.deliver(envelope("VDS-GGGG-GGGG"), [], "VDS-GGGG-GGGG")
    assert await target.stored() == {}


async def test_a_large_file_arrives_intact(target: Target) -> None:
    data = bytes(range(256)) * (12 * 1024)  # 3 MiB, delivered in 64 KiB chunks
    receipt = await target.adapter.deliver(envelope("VDS-HHHH-HHHH", data), files(data),
                                           "VDS-HHHH-HHHH")
    assert receipt.back_office_id
    assert await target.stored() == {"VDS-HHHH-HHHH": 1}
