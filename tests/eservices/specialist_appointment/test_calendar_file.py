"""The .ics file: valid RFC 5545 that reads back to the appointment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from eservices.specialist_appointment.calendar_file import escape_text, fold
from tests.eservices.specialist_appointment.test_booking import ILZE, add_slot, book, only_booking
from tests.support.signin import sign_in

pytestmark = pytest.mark.anyio


def parse(text: str) -> list[tuple[str, dict[str, str], str]]:
    """Content lines as (name, parameters, value), after unfolding (RFC 5545 §3.1)."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    parsed = []
    for line in logical:
        head, value = line.split(":", 1)
        name, *params = head.split(";")
        parsed.append((name, dict(p.split("=", 1) for p in params), value))
    return parsed


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def utc(value: str) -> datetime:
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


async def test_the_calendar_file_reads_back_to_the_appointment(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    slot = add_slot(app, "audiologist-test-ics", timedelta(days=3))
    await book(client, slot.id)
    booking = await only_booking(app)
    response = await client.get(f"/appointments/{booking.id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"].endswith('.ics"')

    lines = parse(response.text)
    names = [name for name, _params, _value in lines]
    assert names[:1] == ["BEGIN"] and lines[0][2] == "VCALENDAR" and lines[-1][2] == "VCALENDAR"
    assert ("VERSION", {}, "2.0") in lines
    event = {name: value for name, _params, value in
             lines[names.index("BEGIN", 1) + 1:names.index("END")]}
    assert event["UID"] == f"{booking.uid}@testserver"
    assert utc(event["DTSTART"]) == slot.starts_at and utc(event["DTEND"]) == slot.ends_at
    assert abs(utc(event["DTSTAMP"]) - datetime.now(UTC)) < timedelta(minutes=1)
    assert unescape(event["LOCATION"]) == "Latvijas Nedzirdīgo savienība, Elijas iela 17, Rīga"
    assert "Marta Grīnberga" in unescape(event["SUMMARY"])
    assert event["SEQUENCE"] == "0"


def test_long_lines_fold_without_splitting_a_character() -> None:
    line = "DESCRIPTION:" + escape_text("Ārpusģimenes aprūpe; šķēršļi, ūdens\n" * 5)
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 2 and all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    assert "\\;" in line and "\\," in line and "\\n" in line and "\n" not in line
