"""ClamAV's daemon (clamd) over TCP, with the INSTREAM command.

Protocol (clamd(8)): a command prefixed with `z` is terminated by a NUL byte and
so is the answer. `zINSTREAM\\0` is followed by chunks, each preceded by its
length as a 4-byte big-endian integer; a zero length ends the stream. clamd
answers `stream: OK`, `stream: <Signature> FOUND` or `<message> ERROR` (for
instance when the stream exceeds its StreamMaxLength, after which it closes
the connection even while we are still sending).

The daemon must be configured for the portal's file sizes: StreamMaxLength,
MaxFileSize and MaxScanSize at least the per-file upload limit. Otherwise clamd
stops reading or silently scans only the beginning of large files.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from collections.abc import AsyncIterable

from adapters.errors import Unavailable
from adapters.virus_scan.base import ScanResult

SYSTEM = "clamav"


class ClamdScanner:
    """Scans streams on a clamd reachable at `host:port`.

    One connection per scan: clamd serves each connection on its own thread, so
    concurrent uploads scan in parallel up to clamd's MaxThreads.
    """

    # clamd reads chunks of any length; 64 KiB keeps each write small.
    chunk_size = 64 * 1024

    def __init__(
        self,
        host: str,
        port: int,
        *,
        connect_timeout: float = 5.0,
        scan_timeout: float = 300.0,
    ) -> None:
        self.host = host
        self.port = port
        self.connect_timeout = connect_timeout
        self.scan_timeout = scan_timeout

    async def ping(self) -> None:
        """Raise `Unavailable` unless clamd answers PONG."""
        reader, writer = await self._connect()
        try:
            async with asyncio.timeout(self.connect_timeout):
                writer.write(b"zPING\0")
                await writer.drain()
                answer = await self._read_answer(reader)
        except (OSError, TimeoutError) as error:
            raise Unavailable(SYSTEM, f"ping failed: {error!r}") from None
        finally:
            await _close(writer)
        if answer != "PONG":
            raise Unavailable(SYSTEM, f"unexpected answer to PING: {answer!r}")

    async def scan(self, chunks: AsyncIterable[bytes]) -> ScanResult:
        reader, writer = await self._connect()
        try:
            async with asyncio.timeout(self.scan_timeout):
                answer = await self._instream(reader, writer, chunks)
        except TimeoutError:
            raise Unavailable(SYSTEM, "scan timed out") from None
        except OSError as error:
            raise Unavailable(SYSTEM, f"connection failed: {error!r}") from None
        finally:
            await _close(writer)
        return _verdict(answer)

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            async with asyncio.timeout(self.connect_timeout):
                return await asyncio.open_connection(self.host, self.port)
        except (OSError, TimeoutError) as error:
            raise Unavailable(
                SYSTEM, f"cannot connect to {self.host}:{self.port}: {error!r}"
            ) from None

    async def _instream(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        chunks: AsyncIterable[bytes],
    ) -> str:
        try:
            writer.write(b"zINSTREAM\0")
            async for chunk in chunks:
                for start in range(0, len(chunk), self.chunk_size):
                    piece = chunk[start : start + self.chunk_size]
                    writer.write(struct.pack(">I", len(piece)) + piece)
                    # Waiting for the socket buffer to drain keeps memory flat
                    # however fast the source is.
                    await writer.drain()
            writer.write(struct.pack(">I", 0))
            await writer.drain()
        except ConnectionError:
            # clamd hangs up mid-stream when it refuses the stream (size
            # limit); its reason is usually still waiting to be read.
            try:
                return await self._read_answer(reader)
            except (OSError, Unavailable):
                raise Unavailable(SYSTEM, "connection closed while sending") from None
        return await self._read_answer(reader)

    @staticmethod
    async def _read_answer(reader: asyncio.StreamReader) -> str:
        try:
            raw = await reader.readuntil(b"\0")
        except asyncio.IncompleteReadError:
            raise Unavailable(SYSTEM, "connection closed without an answer") from None
        except asyncio.LimitOverrunError:
            raise Unavailable(SYSTEM, "answer too long") from None
        return raw[:-1].decode("utf-8", errors="replace").strip()


def _verdict(answer: str) -> ScanResult:
    if answer == "stream: OK":
        return ScanResult.clean()
    if answer.startswith("stream: ") and answer.endswith(" FOUND"):
        return ScanResult.found(answer.removeprefix("stream: ").removesuffix(" FOUND"))
    raise Unavailable(SYSTEM, f"clamd answered: {answer}")


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    # Already reset by the peer: nothing left to release.
    with contextlib.suppress(OSError):
        await writer.wait_closed()
