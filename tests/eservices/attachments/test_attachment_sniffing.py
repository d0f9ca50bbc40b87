"""Type detection from the first bytes."""

from __future__ import annotations

import io
import zipfile

import pytest

from eservices.attachments.sniffing import SNIFF_WINDOW, FileType, Utf8Check, sniff
from tests.eservices.attachments.samples import REFUSED, SAMPLES, open_document


@pytest.mark.parametrize("file_type", list(SAMPLES), ids=lambda file_type: file_type.name)
def test_each_sample_is_recognised(file_type: FileType) -> None:
    assert sniff(SAMPLES[file_type], complete=True) is file_type


@pytest.mark.parametrize("kind", list(REFUSED))
def test_impostors_are_refused(kind: str) -> None:
    assert sniff(REFUSED[kind], complete=True) is None


class _Unseekable(io.RawIOBase):
    """A sink zipfile cannot seek in, so it writes data descriptors after entries."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        self.data += chunk
        return len(chunk)


def test_streamed_docx_without_sizes_in_local_headers_is_recognised() -> None:
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")

    assert sniff(bytes(sink.data), complete=True) is FileType.DOCX


def test_office_document_is_recognised_from_its_first_window_only() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/media/image1.png", bytes(200_000))
    head = buffer.getvalue()[:SNIFF_WINDOW]

    assert sniff(head, complete=False) is FileType.XLSX


def test_open_document_needs_the_exact_media_type() -> None:
    assert sniff(open_document("application/vnd.oasis.opendocument.text"), complete=True) is (
        FileType.ODT
    )
    assert (
        sniff(open_document("application/vnd.oasis.opendocument.graphics"), complete=True) is None
    )


def test_heif_with_generic_brand_is_heic_unless_it_is_avif() -> None:
    def ftyp(major: bytes, *compatible: bytes) -> bytes:
        brands = b"".join(compatible)
        return (16 + len(brands)).to_bytes(4, "big") + b"ftyp" + major + bytes(4) + brands

    assert sniff(ftyp(b"mif1", b"mif1", b"heic"), complete=True) is FileType.HEIC
    assert sniff(ftyp(b"msf1", b"msf1"), complete=True) is FileType.HEIC
    assert sniff(ftyp(b"mif1", b"mif1", b"avif"), complete=True) is None
    assert sniff(ftyp(b"isom", b"mp41"), complete=True) is None  # an MP4 video


def test_text_cut_inside_a_letter_is_text_until_the_end_says_otherwise() -> None:
    cut = "ā".encode()[:1]

    assert sniff(b"Sveiki " + cut, complete=False) is FileType.TXT
    assert sniff(b"Sveiki " + cut, complete=True) is None


@pytest.mark.parametrize("raw", [b"", b"text\x00with nul", b"\xff\xfe latin junk"])
def test_not_text(raw: bytes) -> None:
    assert sniff(raw, complete=True) is None


def test_utf8_check_follows_a_stream() -> None:
    check = Utf8Check()
    encoded = "šķūnis".encode()

    assert check.feed(encoded[:3])
    assert check.feed(encoded[3:])
    assert check.finish()
    assert not Utf8Check().feed(b"ok\x00")
