"""One file part on its way from the request body to storage.

The first bytes are held back (at most `SNIFF_WINDOW`) until the type is known,
so a refused file never reaches storage; after that every chunk goes straight
to the storage writer. Size and SHA-256 are computed on the way. When a limit
is crossed the writer is aborted, which removes the partial bytes, and the
rest of the part is read and dropped so the other files and fields of the
request still arrive.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from eservices.attachments.names import sanitise_filename, with_matching_extension
from eservices.attachments.results import RejectedAttachment, RejectionReason, StoredAttachment
from eservices.attachments.sniffing import SNIFF_WINDOW, FileType, Utf8Check, sniff
from eservices.attachments.storage import AttachmentStorage, AttachmentWriter, new_key


class IncomingFile:
    def __init__(
        self,
        field_name: str,
        raw_filename: str,
        storage: AttachmentStorage,
        *,
        max_size: int,
        room_left: int,
        allowed_types: Collection[FileType],
    ) -> None:
        self.field_name = field_name
        self.raw_filename = raw_filename
        self.filename = sanitise_filename(raw_filename)
        self.size = 0
        self._storage = storage
        self._max_size = max_size
        self._room_left = room_left
        self._allowed = allowed_types
        self._hash = hashlib.sha256()
        self._head = bytearray()
        self._type: FileType | None = None
        self._text_check: Utf8Check | None = None
        self._writer: AttachmentWriter | None = None
        self._key: str | None = None
        self._refused: RejectionReason | None = None

    def refuse(self, reason: RejectionReason) -> None:
        """Refuse the file before any byte arrives (e.g. one file too many)."""
        self._refused = reason

    async def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self._refused is not None:
            return
        if self.size > self._max_size:
            await self._refuse_now(RejectionReason.TOO_LARGE)
            return
        if self.size > self._room_left:
            await self._refuse_now(RejectionReason.TOTAL_TOO_LARGE)
            return
        self._hash.update(chunk)
        if self._writer is None:
            self._head += chunk
            if len(self._head) >= SNIFF_WINDOW:
                await self._decide(complete=False)
            return
        if self._text_check is not None and not self._text_check.feed(chunk):
            await self._refuse_now(RejectionReason.TYPE_NOT_ALLOWED)
            return
        await self._writer.write(chunk)

    async def finish(self) -> StoredAttachment | RejectedAttachment | None:
        """Commit the file, or say why not; None for an empty file input."""
        if not self.raw_filename and self.size == 0:
            # A file input left empty: browsers still send a part for it.
            return None
        if self._refused is None and self.size == 0:
            self._refused = RejectionReason.EMPTY
        if self._refused is None and self._writer is None:
            await self._decide(complete=True)
        if self._refused is None and self._text_check is not None and not self._text_check.finish():
            await self._refuse_now(RejectionReason.TYPE_NOT_ALLOWED)
        if self._refused is not None:
            return RejectedAttachment(self.field_name, self.filename, self._refused)
        assert self._writer is not None
        assert self._key is not None
        assert self._type is not None
        await self._writer.commit()
        self._writer = None
        return StoredAttachment(
            field_name=self.field_name,
            key=self._key,
            filename=with_matching_extension(self.filename, self._type),
            size=self.size,
            content_type=self._type,
            sha256=self._hash.hexdigest(),
        )

    async def abort(self) -> None:
        """Drop whatever was written; used when the whole request fails."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            await writer.abort()

    async def _decide(self, *, complete: bool) -> None:
        head = bytes(self._head)
        self._head.clear()
        detected = sniff(head, complete=complete)
        if detected is None or detected not in self._allowed:
            self._refused = RejectionReason.TYPE_NOT_ALLOWED
            return
        self._type = detected
        if detected is FileType.TXT:
            # The window was valid text; the rest must be too.
            self._text_check = Utf8Check()
            self._text_check.feed(head)
        self._key = new_key()
        self._writer = await self._storage.open_writer(self._key)
        await self._writer.write(head)

    async def _refuse_now(self, reason: RejectionReason) -> None:
        self._refused = reason
        self._head.clear()
        await self.abort()
