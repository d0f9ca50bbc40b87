"""Receive a multipart/form-data request body as a stream, files straight to storage.

Starlette's `request.form()` spools every file to a temporary file before the
view sees it, so a 100 MB attachment is written to disk twice and read once
more. Here python-multipart's push parser is fed the body chunk by chunk as it
arrives and each file part is piped into the storage backend (`incoming.py`),
so memory stays bounded by a few chunks whatever the file size and the bytes
are written once.

python-multipart calls back synchronously while storage writes are async, so
each callback only records an event; the events of one fed slice are then
handled in order before the next slice is fed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable, Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import anyio
from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from starlette.datastructures import FormData, UploadFile
from starlette.requests import ClientDisconnect, Request

from adapters.errors import Unavailable
from adapters.virus_scan.base import VirusScanner
from eservices.attachments.incoming import IncomingFile
from eservices.attachments.results import (
    RejectedAttachment,
    RejectionReason,
    ScanStatus,
    StoredAttachment,
    UploadResult,
)
from eservices.attachments.sniffing import ALL_TYPES, FileType
from eservices.attachments.storage import AttachmentStorage

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

logger = logging.getLogger(__name__)

MiB = 1024 * 1024
# Slices fed to the parser at a time: bounds the events held in memory even when
# a server hands over a large body chunk at once.
_FEED_SLICE = 64 * 1024


class UploadError(Exception):
    """The request as a whole cannot be accepted; nothing of it was kept."""


class MalformedUpload(UploadError):
    """Not a well-formed multipart/form-data body (wrong type, broken, truncated)."""


class UploadTooLarge(UploadError):
    """The body, its text fields or its number of parts exceed what we read."""


@dataclass(frozen=True)
class UploadLimits:
    """Limits of one request. For a submission built over several requests (a
    saved draft), pass `max_total_size` minus what the draft already holds."""

    max_file_size: int = 100 * MiB
    max_total_size: int = 300 * MiB
    max_fields_size: int = 1 * MiB
    max_files: int = 20
    max_parts: int = 1000
    # Rejected files are read and dropped so that the rest of the form arrives,
    # but not without end. None: room for the accepted total, as much again of
    # refused files, the fields and multipart overhead.
    max_body_size: int | None = None

    @property
    def body_limit(self) -> int:
        if self.max_body_size is not None:
            return self.max_body_size
        return 2 * self.max_total_size + self.max_fields_size + MiB


DEFAULT_LIMITS = UploadLimits()


async def receive_upload(
    request: Request,
    storage: AttachmentStorage,
    *,
    limits: UploadLimits = DEFAULT_LIMITS,
    allowed_types: Collection[FileType] = ALL_TYPES,
    scanner: VirusScanner | None = None,
) -> UploadResult:
    """Parse the request's multipart body, storing files as they stream in.

    Raises `MalformedUpload` or `UploadTooLarge` (after deleting every file of
    the request already stored); per-file problems are in the result instead.
    """
    return await receive_multipart(
        request.headers,
        request.stream(),
        storage,
        limits=limits,
        allowed_types=allowed_types,
        scanner=scanner,
    )


async def receive_multipart(
    headers: Mapping[str, str],
    body: AsyncIterable[bytes],
    storage: AttachmentStorage,
    *,
    limits: UploadLimits = DEFAULT_LIMITS,
    allowed_types: Collection[FileType] = ALL_TYPES,
    scanner: VirusScanner | None = None,
) -> UploadResult:
    """`receive_upload` for any source: request headers and the raw body stream."""
    boundary = _boundary(headers.get("content-type", ""))
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.body_limit:
        raise UploadTooLarge("request body larger than allowed")
    reception = _Reception(storage, limits, allowed_types)
    try:
        await reception.consume(boundary, body)
        files = await _scan(reception.files, storage, scanner)
    except BaseException:
        # Also on cancellation (client gone, server shutting down): the caller
        # never learns the keys, so anything kept would be orphaned.
        with anyio.CancelScope(shield=True):
            await reception.discard()
        raise
    return UploadResult(fields=FormData(reception.fields), files=tuple(files))


def _boundary(content_type: str) -> bytes:
    media_type, options = parse_options_header(content_type)
    boundary = options.get(b"boundary", b"")
    if media_type != b"multipart/form-data" or not boundary:
        raise MalformedUpload("expected multipart/form-data with a boundary")
    return boundary


class _Reception:
    """Parser state for one request body."""

    def __init__(
        self,
        storage: AttachmentStorage,
        limits: UploadLimits,
        allowed_types: Collection[FileType],
    ) -> None:
        self.storage = storage
        self.limits = limits
        self.allowed_types = allowed_types
        self.fields: list[tuple[str, str | UploadFile]] = []
        self.files: list[StoredAttachment | RejectedAttachment] = []
        self._events: list[tuple[str, bytes]] = []
        self._ended = False
        self._body_size = 0
        self._fields_size = 0
        self._parts = 0
        self._files_seen = 0
        self._stored_size = 0
        self._headers: dict[str, bytes] = {}
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._field_name = ""
        self._text: bytearray | None = None
        self._file: IncomingFile | None = None

    async def consume(self, boundary: bytes, body: AsyncIterable[bytes]) -> None:
        try:
            parser = MultipartParser(boundary, self._callbacks())
        except FormParserError as error:
            raise MalformedUpload(str(error)) from None
        try:
            async for chunk in body:
                self._body_size += len(chunk)
                if self._body_size > self.limits.body_limit:
                    raise UploadTooLarge("request body larger than allowed")
                for start in range(0, len(chunk), _FEED_SLICE):
                    parser.write(chunk[start : start + _FEED_SLICE])
                    await self._handle_events()
            parser.finalize()
        except FormParserError as error:
            raise MalformedUpload(f"broken multipart body: {error}") from None
        except ClientDisconnect:
            raise MalformedUpload("the client disconnected before the end") from None
        if not self._ended:
            raise MalformedUpload("the body ended before the closing boundary")

    async def discard(self) -> None:
        if self._file is not None:
            await self._file.abort()
        for item in self.files:
            if isinstance(item, StoredAttachment):
                await self.storage.delete(item.key)

    def _callbacks(self) -> MultipartCallbacks:
        events = self._events

        def mark(name: str) -> Callable[[], None]:
            return lambda: events.append((name, b""))

        def data(name: str) -> Callable[[bytes, int, int], None]:
            return lambda buffer, start, end: events.append((name, buffer[start:end]))

        return {
            "on_part_begin": mark("part_begin"),
            "on_header_field": data("header_field"),
            "on_header_value": data("header_value"),
            "on_header_end": mark("header_end"),
            "on_headers_finished": mark("headers_finished"),
            "on_part_data": data("part_data"),
            "on_part_end": mark("part_end"),
            "on_end": mark("end"),
        }

    async def _handle_events(self) -> None:
        events = self._events[:]
        self._events.clear()
        for kind, payload in events:
            if kind == "part_data":
                await self._part_data(payload)
            elif kind == "header_field":
                self._header_name += payload
            elif kind == "header_value":
                self._header_value += payload
            elif kind == "header_end":
                name = self._header_name.decode("latin-1").strip().lower()
                self._headers[name] = bytes(self._header_value)
                self._header_name.clear()
                self._header_value.clear()
            elif kind == "part_begin":
                self._part_begin()
            elif kind == "headers_finished":
                self._headers_finished()
            elif kind == "part_end":
                await self._part_end()
            elif kind == "end":
                self._ended = True

    def _part_begin(self) -> None:
        self._parts += 1
        if self._parts > self.limits.max_parts:
            raise UploadTooLarge("too many parts")
        self._headers = {}

    def _headers_finished(self) -> None:
        disposition, options = parse_options_header(self._headers.get("content-disposition"))
        if disposition != b"form-data" or b"name" not in options:
            raise MalformedUpload("part without a form-data Content-Disposition")
        # parse_options_header maps header bytes through latin-1; browsers send
        # names in UTF-8 (the page's encoding).
        self._field_name = options[b"name"].decode("utf-8", errors="replace")
        if b"filename" not in options:
            self._text = bytearray()
            self._count_field_bytes(len(options[b"name"]))
            return
        raw_filename = options[b"filename"].decode("utf-8", errors="replace")
        self._file = IncomingFile(
            self._field_name,
            raw_filename,
            self.storage,
            max_size=self.limits.max_file_size,
            room_left=self.limits.max_total_size - self._stored_size,
            allowed_types=self.allowed_types,
        )
        if raw_filename:
            self._files_seen += 1
            if self._files_seen > self.limits.max_files:
                self._file.refuse(RejectionReason.TOO_MANY_FILES)

    async def _part_data(self, payload: bytes) -> None:
        if self._file is not None:
            await self._file.feed(payload)
        elif self._text is not None:
            self._count_field_bytes(len(payload))
            self._text += payload

    async def _part_end(self) -> None:
        if self._file is not None:
            incoming, self._file = self._file, None
            outcome = await incoming.finish()
            if outcome is not None:
                self.files.append(outcome)
            if isinstance(outcome, StoredAttachment):
                self._stored_size += outcome.size
        elif self._text is not None:
            value = self._text.decode("utf-8", errors="replace")
            self.fields.append((self._field_name, value))
            self._text = None

    def _count_field_bytes(self, count: int) -> None:
        self._fields_size += count
        if self._fields_size > self.limits.max_fields_size:
            raise UploadTooLarge("text fields larger than allowed")


async def _scan(
    files: list[StoredAttachment | RejectedAttachment],
    storage: AttachmentStorage,
    scanner: VirusScanner | None,
) -> list[StoredAttachment | RejectedAttachment]:
    """Scan stored files once the whole body is in.

    Scanning after the body, rather than alongside it, keeps a clamd thread
    busy for seconds instead of for the length of a slow mobile upload.
    """
    if scanner is None:
        return files
    scanned: list[StoredAttachment | RejectedAttachment] = []
    available = True
    for item in files:
        if not isinstance(item, StoredAttachment) or not available:
            scanned.append(item)
            continue
        try:
            verdict = await scanner.scan(storage.open_reader(item.key))
        except Unavailable:
            # Keep the upload: the person should not lose their files because
            # the scanner is down. The rest stay NOT_SCANNED, to be scanned
            # before delivery.
            logger.warning("virus scanner unavailable; attachments kept unscanned")
            available = False
            scanned.append(item)
            continue
        if verdict.infected:
            await storage.delete(item.key)
            scanned.append(
                RejectedAttachment(
                    item.field_name, item.filename, RejectionReason.INFECTED, verdict.signature
                )
            )
        else:
            scanned.append(replace(item, scan=ScanStatus.CLEAN))
    return scanned
