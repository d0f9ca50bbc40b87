"""File names from browsers made safe."""

from __future__ import annotations

import unicodedata

import pytest

from eservices.attachments.names import (
    DEFAULT_NAME,
    MAX_NAME_LENGTH,
    sanitise_filename,
    with_matching_extension,
)
from eservices.attachments.sniffing import FileType


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("CON.txt", "_CON.txt"),
        ("lpt1", "_lpt1"),
        ("com¹.pdf", "_com¹.pdf"),
        ("CONSOLE.txt", "CONSOLE.txt"),
        ("Līgums ārā.pdf", "Līgums ārā.pdf"),
        ("ĢĶĻŅŠŪŽ čēģīķļņšūž.docx", "ĢĶĻŅŠŪŽ čēģīķļņšūž.docx"),
        ("rēķins\x00\x1b[31m.pdf", "rēķins[31m.pdf"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("  .hidden.pdf  ", "hidden.pdf"),
        ("report.pdf. . ", "report.pdf"),
        ("tab\tand\nnewline.txt", "tabandnewline.txt"),
        ("many    spaces.pdf", "many spaces.pdf"),
    ],
)
def test_sanitise(raw: str, expected: str) -> None:
    assert sanitise_filename(raw) == expected


def test_decomposed_letters_are_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Līgums ārā.pdf")
    assert decomposed != "Līgums ārā.pdf"

    assert sanitise_filename(decomposed) == "Līgums ārā.pdf"


@pytest.mark.parametrize("raw", [None, "", "   ", "...", "/", "../", "\x00\x01"])
def test_nothing_usable_falls_back_to_the_default(raw: str | None) -> None:
    assert sanitise_filename(raw) == DEFAULT_NAME


def test_long_names_are_shortened_keeping_the_extension() -> None:
    name = sanitise_filename("ā" * 500 + ".pdf")

    assert len(name) == MAX_NAME_LENGTH
    assert name.endswith("ā.pdf")


@pytest.mark.parametrize(
    ("name", "file_type", "expected"),
    [
        ("scan.pdf", FileType.PDF, "scan.pdf"),
        ("scan.PDF", FileType.PDF, "scan.PDF"),
        ("photo.jpeg", FileType.JPEG, "photo.jpeg"),
        ("photo.png", FileType.JPEG, "photo.jpg"),
        ("run.bat", FileType.TXT, "run.txt"),
        ("passwd", FileType.TXT, "passwd.txt"),
        ("v1.2 līgums", FileType.PDF, "v1.2 līgums.pdf"),
        ("IMG_0001.HEIF", FileType.HEIC, "IMG_0001.HEIF"),
    ],
)
def test_extension_matches_the_content(name: str, file_type: FileType, expected: str) -> None:
    assert with_matching_extension(name, file_type) == expected
