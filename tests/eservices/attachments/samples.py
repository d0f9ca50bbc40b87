"""Minimal files of every accepted type (and some impostors), and multipart bodies.

Office documents are real archives built with zipfile, laid out the way the
writing applications lay them out, so sniffing is tested on the real structure.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from eservices.attachments.sniffing import FileType

BOUNDARY = "----PortalTestBoundary7MA4YWxkTrZu0gW"

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
HEIC = (
    (struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic")
    + struct.pack(">I", 8)
    + b"meta"
)
AVIF = (struct.pack(">I", 24) + b"ftypavif" + b"\x00\x00\x00\x00" + b"avifmif1") + b"\x00" * 8
TXT = "Sveiki! Līgums ir ārā, šķūnī žņaudz ģīmi.\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1 pixel, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def office_open_xml(main_part: str) -> bytes:
    """A DOCX (`word/document.xml`) or XLSX (`xl/workbook.xml`) as Office writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(main_part, '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def open_document(mimetype: str) -> bytes:
    """An OpenDocument file: `mimetype` first and stored, as the standard requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml", '<?xml version="1.0"?><office:document-content/>', zipfile.ZIP_DEFLATED
        )
        archive.writestr("META-INF/manifest.xml", "<manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes/readme.txt", "hello")
    return buffer.getvalue()


SAMPLES: dict[FileType, bytes] = {
    FileType.PDF: PDF,
    FileType.JPEG: JPEG,
    FileType.PNG: png(),
    FileType.HEIC: HEIC,
    FileType.DOCX: office_open_xml("word/document.xml"),
    FileType.XLSX: office_open_xml("xl/workbook.xml"),
    FileType.ODT: open_document("application/vnd.oasis.opendocument.text"),
    FileType.ODS: open_document("application/vnd.oasis.opendocument.spreadsheet"),
    FileType.TXT: TXT,
}

REFUSED: dict[str, bytes] = {
    "exe": EXE,
    "avif": AVIF,
    "zip": plain_zip(),
    "odt-template": open_document("application/vnd.oasis.opendocument.text-template"),
    "binary": bytes(range(256)),
}


@dataclass(frozen=True)
class Part:
    """One part of a multipart/form-data body: a text field, or a file if `filename`."""

    name: str
    content: bytes | str
    filename: str | None = None
    content_type: str | None = None

    def head(self) -> bytes:
        disposition = f'form-data; name="{self.name}"'
        if self.filename is not None:
            disposition += f'; filename="{self.filename}"'
        lines = [f"--{BOUNDARY}", f"Content-Disposition: {disposition}"]
        if self.content_type is not None:
            lines.append(f"Content-Type: {self.content_type}")
        elif self.filename is not None:
            lines.append("Content-Type: application/octet-stream")
        # Browsers send non-ASCII names as raw UTF-8 in the header.
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def encode(self) -> bytes:
        content = self.content.encode() if isinstance(self.content, str) else self.content
        return self.head() + content + b"\r\n"


def closing() -> bytes:
    return f"--{BOUNDARY}--\r\n".encode()


def body(*parts: Part) -> bytes:
    return b"".join(part.encode() for part in parts) + closing()


def headers() -> dict[str, str]:
    return {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
