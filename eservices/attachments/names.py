"""File names a person's browser sent, made safe to show, store and forward.

The name is only a label: storage keys are random (see `storage.new_key`). Still,
the name travels on to back-office document systems, which often write it to a
Windows file share and open it by extension, so it must be a plain Windows-safe
file name whose extension matches the sniffed content.
"""

from __future__ import annotations

import re
import unicodedata

from eservices.attachments.sniffing import EXTENSION_ALIASES, FileType

DEFAULT_NAME = "pielikums"  # "attachment": back offices work in Latvian
MAX_NAME_LENGTH = 120

# Device names Windows refuses as file names, with any extension ("CON.txt").
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{device}{digit}" for device in ("COM", "LPT") for digit in "0123456789¹²³"}
)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_WHITESPACE_RUN = re.compile(r"\s+")


def sanitise_filename(raw: str | None) -> str:
    """Return a safe version of a client-supplied file name.

    Keeps letters of every script (Latvian `ā č ē ģ ī ķ ļ ņ š ū ž` included, in
    NFC so that a macOS-decomposed `ā` and a Windows `ā` compare equal), drops
    directories, control and format characters (right-to-left overrides are
    used to disguise `exe.pdf` as `fdp.exe`), Windows-forbidden characters and
    device names, and falls back to a default when nothing usable remains.
    """
    name = unicodedata.normalize("NFC", raw or "")
    # Browsers send a base name, but old ones sent the whole path with either
    # separator.
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"})
    name = _WINDOWS_FORBIDDEN.sub("_", name)
    name = _WHITESPACE_RUN.sub(" ", name)
    # Leading dots hide files on Unix; trailing dots and spaces are silently
    # dropped by Windows, which would change the extension.
    name = name.strip(" ").lstrip(".").rstrip(". ")
    if not name:
        return DEFAULT_NAME
    stem, dot, extension = name.partition(".")
    if stem.strip().upper() in _WINDOWS_RESERVED:
        name = f"_{stem}{dot}{extension}"
    return _shorten(name)


def with_matching_extension(name: str, file_type: FileType) -> str:
    """Make the extension of `name` say what the content is.

    A text file called `run.bat` passes sniffing as TXT; forwarded under that
    name, a double click in the back office would execute it. So an extension
    that does not belong to the sniffed type is replaced, and a missing one added.
    """
    aliases = EXTENSION_ALIASES.get(file_type, frozenset({file_type.extension}))
    stem, dot, extension = name.rpartition(".")
    if dot and stem and f".{extension.lower()}" in aliases:
        return name
    if dot and stem and len(extension) <= 5 and extension.isalnum():
        name = stem
    return _shorten(name + file_type.extension)


def _shorten(name: str) -> str:
    """Limit the length while keeping the extension, the part that matters most."""
    if len(name) <= MAX_NAME_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        return name[:MAX_NAME_LENGTH].rstrip(". ")
    keep = MAX_NAME_LENGTH - len(extension) - 1
    return f"{stem[:keep].rstrip('. ')}.{extension}"
