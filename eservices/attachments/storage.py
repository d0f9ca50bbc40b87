"""Where attachment bytes live: a small streaming interface and a local backend.

Callers see only `AttachmentStorage`: open a writer for a new key, push chunks,
then `commit` (the object becomes visible under the key) or `abort` (nothing is
left behind); read back as a stream of chunks; delete; ask whether a key exists.
No method takes or returns a whole file.

The shape follows what an S3-compatible object store offers, so an `S3Storage`
can be added next to `LocalDirectoryStorage` and chosen by a setting without
touching any caller:

    open_writer(key)  -> CreateMultipartUpload
    writer.write()    -> buffer to the 5 MiB minimum part size, then UploadPart
    writer.commit()   -> upload the last part, CompleteMultipartUpload
    writer.abort()    -> AbortMultipartUpload (the store drops uploaded parts)
    open_reader(key)  -> GetObject, iterating the response body
    delete(key)       -> DeleteObject;  exists(key) -> HeadObject

Keys come from `new_key()`: random, never derived from user input, so a file
name cannot steer where bytes are written.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import anyio
import anyio.to_thread
from anyio import AsyncFile

_KEY_PATTERN = re.compile(r"[0-9a-f]{32}")


def new_key() -> str:
    """A fresh storage key: 128 random bits, hex-encoded."""
    return secrets.token_hex(16)


class AttachmentNotFound(LookupError):
    """No committed attachment is stored under the key."""


class AttachmentWriter(Protocol):
    async def write(self, chunk: bytes) -> None: ...

    async def commit(self) -> None:
        """Make the written bytes visible under the key; the writer is then closed."""
        ...

    async def abort(self) -> None:
        """Discard everything written; safe to call more than once or after commit fails."""
        ...


class AttachmentStorage(Protocol):
    async def open_writer(self, key: str) -> AttachmentWriter: ...

    def open_reader(self, key: str) -> AsyncIterator[bytes]:
        """Chunks of a committed attachment; raises `AttachmentNotFound` when iterated."""
        ...

    async def delete(self, key: str) -> None:
        """Remove an attachment; deleting a missing key is not an error."""
        ...

    async def exists(self, key: str) -> bool: ...


class LocalDirectoryStorage:
    """Attachments as files under `root`, for development, tests and single hosts.

    Each key lives at `root/ab/cd/abcd...` so no directory grows unbounded. A
    writer fills a hidden temporary file in the same directory and renames it
    on commit: the rename is atomic on one file system, so a reader never sees
    half a file, and a crash leaves only `.partial` files behind. File I/O runs
    in worker threads (anyio) to keep the event loop free.
    """

    # Small network chunks are gathered before each thread hop: one hop per
    # 256 KiB is cheap, one per 8 KiB request chunk is not.
    write_buffer_size = 256 * 1024
    read_chunk_size = 256 * 1024

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, key: str) -> Path:
        if not _KEY_PATTERN.fullmatch(key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key[2:4] / key

    async def open_writer(self, key: str) -> LocalFileWriter:
        final = self.path_for(key)
        await anyio.Path(final.parent).mkdir(parents=True, exist_ok=True)
        partial = final.with_name(f".{key}.{secrets.token_hex(4)}.partial")
        handle = await anyio.open_file(partial, "xb")
        return LocalFileWriter(handle, partial, final, self.write_buffer_size)

    async def open_reader(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = await anyio.open_file(self.path_for(key), "rb")
        except FileNotFoundError:
            raise AttachmentNotFound(key) from None
        async with handle:
            while chunk := await handle.read(self.read_chunk_size):
                yield chunk

    async def delete(self, key: str) -> None:
        await anyio.Path(self.path_for(key)).unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await anyio.Path(self.path_for(key)).is_file()


class LocalFileWriter:
    def __init__(self, handle: AsyncFile[bytes], partial: Path, final: Path, buffer: int) -> None:
        self._handle = handle
        self._partial = partial
        self._final = final
        self._buffer = bytearray()
        self._buffer_size = buffer
        self._closed = False

    async def write(self, chunk: bytes) -> None:
        if self._closed:
            raise RuntimeError("writer is closed")
        self._buffer += chunk
        if len(self._buffer) >= self._buffer_size:
            await self._flush()

    async def commit(self) -> None:
        if self._closed:
            raise RuntimeError("writer is closed")
        try:
            await self._flush()
            # A submission's receipt promises the files are kept: make the
            # bytes durable before they become visible under the key.
            await anyio.to_thread.run_sync(os.fsync, self._handle.wrapped.fileno())
            await self._handle.aclose()
            await anyio.Path(self._partial).rename(self._final)
            self._closed = True
        except BaseException:
            await self.abort()
            raise

    async def abort(self) -> None:
        self._closed = True
        self._buffer.clear()
        with anyio.CancelScope(shield=True):
            await self._handle.aclose()
            await anyio.Path(self._partial).unlink(missing_ok=True)

    async def _flush(self) -> None:
        if self._buffer:
            data = bytes(self._buffer)
            self._buffer.clear()
            await self._handle.write(data)
