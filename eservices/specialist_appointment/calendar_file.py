"""An appointment as an iCalendar file (RFC 5545) that calendar programs import.

One VEVENT with times in UTC ("Z"), so no VTIMEZONE is needed and every program
shows the visit at the right Riga time. Lines end in CRLF and are folded at 75
octets without splitting a UTF-8 character (RFC 5545 §3.1); TEXT values are
escaped (§3.3.11). The UID stays the same when the appointment is moved and
SEQUENCE grows, so importing the new file updates the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

PRODUCT = "-//Labklajibas e-pakalpojumi//Pieraksts pie specialista//LV"
LINE_OCTETS = 75


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str
    stamp: datetime
    """When the file was made (DTSTAMP)."""


def calendar_file(event: CalendarEvent) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"LOCATION:{escape_text(event.location)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, joined by CRLF and a space."""
    pieces: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # A continuation line starts with the space, which counts towards its 75.
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += character
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)
