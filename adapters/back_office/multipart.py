"""A multipart/form-data request body produced as a stream of bytes.

httpx builds multipart bodies only from in-memory bytes or synchronous file
objects, while attachments come from the storage backend as asynchronous
streams (a local file today, an object store tomorrow). So the body is written
out here, part by part, as an async generator httpx can send chunk by chunk;
memory stays at one storage chunk whatever the file sizes.

The length is known in advance (every file's size is on record), so the
request carries `Content-Length` rather than chunked transfer encoding, which
some gateways in front of back offices refuse. A file whose stream does not
have the size on record would make that header a lie: the stream stops with
`StoredFileMismatch` before sending a byte too many, and the request fails.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Sequence

from adapters.back_office.base import OutgoingFile

ENVELOPE_PART = "envelope"
_GATHER = 64 * 1024


def attachment_part(index: int) -> str:
    """The name of the part carrying the envelope's `attachments[index]`."""
    return f"attachment.{index}"


class StoredFileMismatch(Exception):
    """An attachment's stream is longer or shorter than the size on record."""

    def __init__(self, index: int, expected: int) -> None:
        super().__init__(f"{attachment_part(index)}: the stored file does not have the "
                         f"{expected} bytes on record")
        self.index = index


def _quote(value: str) -> str:
    # As browsers do (WHATWG HTML, "multipart/form-data encoding algorithm"): the
    # name stays UTF-8, only the characters that would end the header are escaped.
    return value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


class MultipartBody:
    def __init__(self, envelope_json: bytes, files: Sequence[OutgoingFile]) -> None:
        self.boundary = "portal-" + secrets.token_hex(16)
        self._envelope = envelope_json
        self._files = files
        self._heads = [self._head(attachment_part(i), f.content_type, f.file_name)
                       for i, f in enumerate(files)]
        self._envelope_head = self._head(ENVELOPE_PART, "application/json", None)
        self._tail = f"--{self.boundary}--\r\n".encode()

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    @property
    def content_length(self) -> int:
        # Each part is head + content + CRLF.
        return (len(self._envelope_head) + len(self._envelope) + 2
                + sum(len(head) + f.size + 2 for head, f in zip(self._heads, self._files,
                                                                 strict=True))
                + len(self._tail))

    async def stream(self) -> AsyncIterator[bytes]:
        # Small pieces (part heads, small files) are gathered into one write: each
        # piece handed to httpx is a system call, and most submissions fit in one.
        pending = bytearray(self._envelope_head + self._envelope + b"\r\n")
        for index, (head, outgoing) in enumerate(zip(self._heads, self._files, strict=True)):
            pending += head
            sent = 0
            async for chunk in outgoing.chunks:
                sent += len(chunk)
                if sent > outgoing.size:
                    raise StoredFileMismatch(index, outgoing.size)
                if len(pending) + len(chunk) <= _GATHER:
                    pending += chunk
                    continue
                if pending:
                    yield bytes(pending)
                    pending.clear()
                yield chunk
            if sent != outgoing.size:
                raise StoredFileMismatch(index, outgoing.size)
            pending += b"\r\n"
        pending += self._tail
        yield bytes(pending)

    def _head(self, name: str, content_type: str, file_name: str | None) -> bytes:
        disposition = f'form-data; name="{name}"'
        if file_name is not None:
            disposition += f'; filename="{_quote(file_name)}"'
        return (f"--{self.boundary}\r\n"
                f"Content-Disposition: {disposition}\r\n"
                f"Content-Type: {content_type}\r\n\r\n").encode()
