"""The http delivery adapter on its own: what it sends, and how answers become errors."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from adapters.back_office.base import OutgoingFile
from adapters.back_office.http import HttpBackOffice
from adapters.errors import Rejected, Unavailable

pytestmark = pytest.mark.anyio

Handler = Callable[[httpx.Request], httpx.Response]


async def chunks(data: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


def one_file(data: bytes, size: int | None = None) -> list[OutgoingFile]:
    return [OutgoingFile("a.txt", "text/plain", len(data) if size is None else size,
                         chunks(data))]


def envelope_for(data: bytes) -> dict[str, object]:
    return {"reference": "VDS-AAAA-AAAA", "attachments": [
        {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}]}


async def deliver_to(handler: Handler, data: bytes = b"hello") -> object:
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        adapter = HttpBackOffice(client, "http://bo.example/", "spolis")
        return await adapter.deliver(envelope_for(data), one_file(data), "TPL-AAAA-AAAA")


class RecordingTransport(httpx.AsyncBaseTransport):
    """Reads the request body piece by piece, as a server would (MockTransport
    joins it first, which would hide whether it was streamed)."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []
        self.request: httpx.Request | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.request = request
        assert isinstance(request.stream, httpx.AsyncByteStream)
        self.pieces = [piece async for piece in request.stream]
        return httpx.Response(201, json={"id": "SPOLIS-1"})


async def test_one_streamed_multipart_post_with_the_key_and_exact_length() -> None:
    transport = RecordingTransport()
    data = os.urandom(200_000)  # read from storage in 1,000-byte chunks
    async with httpx.AsyncClient(transport=transport) as client:
        adapter = HttpBackOffice(client, "http://bo.example/", "spolis")
        receipt = await adapter.deliver(envelope_for(data), one_file(data), "TPL-AAAA-AAAA")
    assert receipt.back_office_id == "SPOLIS-1"
    request = transport.request
    assert request is not None
    assert str(request.url) == "http://bo.example/spolis/submissions"
    assert request.headers["idempotency-key"] == "TPL-AAAA-AAAA"
    body = b"".join(transport.pieces)
    assert int(request.headers["content-length"]) == len(body)
    assert "transfer-encoding" not in request.headers
    # Streamed: small chunks are gathered into writes of at most 64 KiB, never the
    # whole file in one piece.
    assert len(transport.pieces) >= 4
    assert max(len(piece) for piece in transport.pieces) <= 64 * 1024
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    assert body.count(b"--" + boundary) == 3 and body.endswith(b"--" + boundary + b"--\r\n")
    assert b'name="envelope"' in body and b'name="attachment.0"; filename="a.txt"' in body


async def test_409_is_a_receipt_of_an_earlier_delivery() -> None:
    receipt = await deliver_to(lambda r: httpx.Response(409, json={"id": "SPOLIS-7"}))
    assert receipt == type(receipt)("SPOLIS-7", already_received=True)  # type: ignore[call-arg]


async def test_409_without_a_body_is_still_a_receipt() -> None:
    receipt = await deliver_to(lambda r: httpx.Response(409, text="Conflict"))
    assert getattr(receipt, "already_received", False)


@pytest.mark.parametrize("status", [500, 502, 503, 408, 429])
async def test_server_errors_and_later_are_unavailable(status: int) -> None:
    with pytest.raises(Unavailable, match=f"HTTP {status}"):
        await deliver_to(lambda r: httpx.Response(status))


@pytest.mark.parametrize("status", [400, 403, 413, 422])
async def test_client_errors_are_rejected_with_the_problem_title(status: int) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"title": "SHA-256 mismatch",
                                            "detail": "personal things"})

    with pytest.raises(Rejected) as caught:
        await deliver_to(handler)
    assert "SHA-256 mismatch" in str(caught.value)
    assert "personal things" not in str(caught.value)


async def test_a_2xx_without_a_receipt_is_unavailable() -> None:
    with pytest.raises(Unavailable, match="without a receipt"):
        await deliver_to(lambda r: httpx.Response(200, text="<html>proxy</html>"))


async def test_a_timeout_is_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(Unavailable, match="timed out"):
        await deliver_to(handler)


async def test_connection_refused_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with httpx.AsyncClient() as client:
        adapter = HttpBackOffice(client, f"http://127.0.0.1:{port}", "vdi")
        with pytest.raises(Unavailable, match="ConnectError"):
            await adapter.deliver({"attachments": []}, [], "VDS-AAAA-AAAA")


@pytest.mark.parametrize("recorded_size", [4, 6])
async def test_a_stored_file_of_another_size_than_recorded_is_rejected(
    recorded_size: int,
) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await request.aread()
        return httpx.Response(201, json={"id": "x"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        adapter = HttpBackOffice(client, "http://bo.example", "vdi")
        with pytest.raises(Rejected, match="bytes on record"):
            await adapter.deliver({"attachments": []}, one_file(b"hello", recorded_size),
                                  "VDS-AAAA-AAAA")
