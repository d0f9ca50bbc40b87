"""The virus scanners: one contract for the real clamd client and the fake."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterable, Iterator

import pytest

from adapters.errors import Unavailable
from adapters.virus_scan.base import ScanResult, VirusScanner
from adapters.virus_scan.clamd import ClamdScanner
from adapters.virus_scan.fake import EICAR, FakeVirusScanner
from tests.support.clamd import Clamd, running_clamd
from tests.support.ports import free_port

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clamd]:
    with running_clamd(tmp_path_factory.mktemp("clamd")) as daemon:
        yield daemon


@pytest.fixture(params=["clamd", "fake"])
def scanner(request: pytest.FixtureRequest) -> VirusScanner:
    if request.param == "fake":
        return FakeVirusScanner()
    daemon: Clamd = request.getfixturevalue("clamd")
    return ClamdScanner(daemon.host, daemon.port)


async def chunks(parts: Iterable[bytes]) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


def split(data: bytes, size: int) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)]


@pytest.mark.anyio
async def test_eicar_is_caught(scanner: VirusScanner) -> None:
    result = await scanner.scan(chunks([EICAR]))

    assert result.infected
    assert result.signature is not None
    assert "eicar" in result.signature.lower()


@pytest.mark.anyio
async def test_eicar_split_across_chunks_inside_other_data_is_caught(
    scanner: VirusScanner,
) -> None:
    data = os.urandom(300_000) + EICAR + os.urandom(1000)

    result = await scanner.scan(chunks(split(data, 7_001)))

    assert result.infected


@pytest.mark.anyio
async def test_clean_pdf_passes(scanner: VirusScanner) -> None:
    assert await scanner.scan(chunks([MINIMAL_PDF])) == ScanResult.clean()


@pytest.mark.anyio
async def test_large_clean_stream_passes(scanner: VirusScanner) -> None:
    data = MINIMAL_PDF + bytes(range(256)) * 20_000  # about 5 MB

    assert await scanner.scan(chunks(split(data, 65_536))) == ScanResult.clean()


@pytest.mark.anyio
async def test_empty_stream_is_clean(scanner: VirusScanner) -> None:
    assert await scanner.scan(chunks([])) == ScanResult.clean()


@pytest.mark.anyio
async def test_real_clamd_answers_ping(clamd: Clamd) -> None:
    await ClamdScanner(clamd.host, clamd.port).ping()


@pytest.mark.anyio
async def test_unreachable_clamd_is_unavailable() -> None:
    scanner = ClamdScanner("127.0.0.1", free_port(), connect_timeout=2)

    with pytest.raises(Unavailable):
        await scanner.scan(chunks([MINIMAL_PDF]))
    with pytest.raises(Unavailable):
        await scanner.ping()


@pytest.mark.anyio
async def test_fake_that_is_down_is_unavailable() -> None:
    scanner = FakeVirusScanner()
    scanner.available = False

    with pytest.raises(Unavailable):
        await scanner.scan(chunks([MINIMAL_PDF]))


async def _serve_once(answer: bytes | None) -> tuple[asyncio.Server, int]:
    """A stand-in daemon that reads the stream, then answers or just hangs up."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\0")
        while True:
            length = int.from_bytes(await reader.readexactly(4), "big")
            if length == 0:
                break
            await reader.readexactly(length)
        if answer is not None:
            writer.write(answer)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port: int = server.sockets[0].getsockname()[1]
    return server, port


@pytest.mark.anyio
@pytest.mark.parametrize(
    "answer",
    [b"INSTREAM size limit exceeded. ERROR\0", b"stream: something odd\0", None],
    ids=["error", "unexpected", "hang-up"],
)
async def test_error_answers_are_unavailable(answer: bytes | None) -> None:
    server, port = await _serve_once(answer)
    async with server:
        with pytest.raises(Unavailable):
            await ClamdScanner("127.0.0.1", port).scan(chunks([MINIMAL_PDF]))


@pytest.mark.anyio
async def test_clamd_refusing_an_oversized_stream_is_unavailable() -> None:
    # Past its StreamMaxLength clamd answers an ERROR and hangs up while the
    # client is still sending; depending on timing the reason is readable or
    # lost to the connection reset. Either way: no verdict, so Unavailable.
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\0")
        writer.write(b"INSTREAM size limit exceeded. ERROR\0")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port: int = server.sockets[0].getsockname()[1]
    async with server:
        with pytest.raises(Unavailable):
            await ClamdScanner("127.0.0.1", port).scan(chunks(split(os.urandom(4_000_000), 65_536)))
