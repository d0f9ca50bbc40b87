"""Decide what a file is from its first bytes, never from its name or declared type.

A browser's Content-Type for a part is only a guess from the file extension, and a
person (or a program) can name anything `.pdf`. Back-office clerks open what we
forward, so only formats on the allow-list pass, and each is recognised by its
own signature:

- PDF, JPEG, PNG: magic numbers at offset 0;
- HEIC: an ISO base media file whose first box is `ftyp` with a HEIF brand;
- DOCX / XLSX: ZIP archives (Office Open XML) with `word/` or `xl/` entries among
  the local file headers found in the sniffed window;
- ODT / ODS: ZIP archives whose first entry is an uncompressed `mimetype` holding
  exactly the OpenDocument media type (the format requires it to come first);
- TXT: valid UTF-8 without NUL bytes. The window is only the beginning of the
  file, so the upload keeps validating the rest as it streams (`Utf8Check`).
"""

from __future__ import annotations

import codecs
import struct
from enum import StrEnum

# How many leading bytes the upload buffers before deciding. 64 KB holds the
# first ZIP entries of any office document we have seen, and is small enough to
# keep per upload in memory.
SNIFF_WINDOW = 64 * 1024


class FileType(StrEnum):
    """The accepted formats; the value is the media type we record and forward."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    HEIC = "image/heic"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ODT = "application/vnd.oasis.opendocument.text"
    ODS = "application/vnd.oasis.opendocument.spreadsheet"
    TXT = "text/plain"

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self]


_EXTENSIONS: dict[FileType, str] = {
    FileType.PDF: ".pdf",
    FileType.JPEG: ".jpg",
    FileType.PNG: ".png",
    FileType.HEIC: ".heic",
    FileType.DOCX: ".docx",
    FileType.XLSX: ".xlsx",
    FileType.ODT: ".odt",
    FileType.ODS: ".ods",
    FileType.TXT: ".txt",
}

# Other spellings of the extension that a person may legitimately use.
EXTENSION_ALIASES: dict[FileType, frozenset[str]] = {
    FileType.JPEG: frozenset({".jpg", ".jpeg", ".jpe"}),
    FileType.HEIC: frozenset({".heic", ".heif"}),
    FileType.TXT: frozenset({".txt", ".text"}),
}

ALL_TYPES: frozenset[FileType] = frozenset(FileType)

_ZIP_LOCAL_HEADER = b"PK\x03\x04"
# Brands of HEVC-coded HEIF images (what phones produce).
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
# Generic HEIF brands: accepted unless the file says it is really AVIF, a format
# the back offices cannot open.
_HEIF_GENERIC_BRANDS = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})


def sniff(head: bytes, *, complete: bool) -> FileType | None:
    """Return the type of a file whose first bytes are `head`, or None when refused.

    `complete` says that `head` is the whole file; it matters for text, where a
    multi-byte UTF-8 character may be cut at the end of a partial window.
    """
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if _is_heic(head):
        return FileType.HEIC
    if head.startswith(_ZIP_LOCAL_HEADER):
        return _sniff_zip(head)
    if _is_text(head, final=complete):
        return FileType.TXT
    return None


def _is_heic(head: bytes) -> bool:
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    (box_size,) = struct.unpack(">I", head[:4])
    if box_size < 16:
        return False
    major = head[8:12]
    # After the major brand comes a 4-byte minor version, then compatible brands.
    compatible_end = min(box_size, len(head))
    compatible = {head[i : i + 4] for i in range(16, compatible_end - 3, 4)}
    brands = compatible | {major}
    if brands & _HEIC_BRANDS:
        return True
    return major in _HEIF_GENERIC_BRANDS and not brands & _AVIF_BRANDS


def _zip_entries(head: bytes) -> list[tuple[str, int, bytes]]:
    """(name, compression method, first stored bytes) of local headers in `head`.

    Entries written with a data descriptor carry no sizes in their local header,
    so the archive cannot be walked entry by entry; finding each local-header
    signature instead works for both layouts.
    """
    entries: list[tuple[str, int, bytes]] = []
    position = head.find(_ZIP_LOCAL_HEADER)
    while position != -1 and position + 30 <= len(head):
        method, size, name_length, extra_length = struct.unpack(
            "<H8xI4xHH", head[position + 8 : position + 30]
        )
        name_start = position + 30
        raw_name = head[name_start : name_start + name_length]
        if len(raw_name) == name_length:
            data_start = name_start + name_length + extra_length
            name = raw_name.decode("utf-8", errors="replace")
            data = head[data_start : data_start + min(size, 256)]
            entries.append((name, method, data))
        position = head.find(_ZIP_LOCAL_HEADER, position + 4)
    return entries


def _sniff_zip(head: bytes) -> FileType | None:
    entries = _zip_entries(head)
    if not entries:
        return None
    first_name, first_method, first_data = entries[0]
    if first_name == "mimetype" and first_method == 0:
        # Exact match: templates and other OpenDocument kinds share the prefix.
        for file_type in (FileType.ODT, FileType.ODS):
            if first_data == file_type.value.encode("ascii"):
                return file_type
        return None
    # `[Content_Types].xml` is not required: LibreOffice writes it last, beyond
    # the window for any document with pictures.
    names = [name for name, _, _ in entries]
    if any(name.startswith("word/") for name in names):
        return FileType.DOCX
    if any(name.startswith("xl/") for name in names):
        return FileType.XLSX
    return None


def _is_text(head: bytes, *, final: bool) -> bool:
    if not head:
        return False
    check = Utf8Check()
    return check.feed(head) and (not final or check.finish())


class Utf8Check:
    """Incremental check that a stream is UTF-8 without NUL bytes."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")

    def feed(self, chunk: bytes) -> bool:
        if b"\x00" in chunk:
            return False
        try:
            self._decoder.decode(chunk, final=False)
        except UnicodeDecodeError:
            return False
        return True

    def finish(self) -> bool:
        try:
            self._decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
        return True
