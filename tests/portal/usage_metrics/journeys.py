"""A generated set of journeys over three days, with figures worked out by hand.

Days are in Riga. 20 November has traffic, 21 November none, 22 November traffic
again; J9 began the day before the window and J8 the day after it.

    J1  mobile  lv  20.11 09:00 employer, 09:05 workplace, 09:10 description, sent 09:20
    J2  desktop lv  20.11 10:00 employer, sent 10:10
    J3  desktop en  20.11 11:00 employer, 11:02 workplace                  abandoned 20.11
    J4  tablet  lv  20.11 23:50 employer, 22.11 08:00 workplace, sent 22.11 08:30
    J5  mobile  en  22.11 12:00 employer                                  abandoned 22.11
    J6  mobile  lv  22.11 13:00 employer, 13:05 workplace, 13:10 description, sent 13:40
    J7  desktop lv  22.11 14:00 employer, sent 14:05
    J8  mobile  lv  23.11 20:00 employer                                  outside the days
    J9  desktop lv  19.11 22:00 employer, 20.11 08:00 workplace           abandoned 20.11
    J10 mobile  lv  22.11 00:30 employer (still 21.11 in UTC), sent 00:40

Satisfaction answers: 20.11: 5 (mobile lv), 4 (desktop lv);
22.11: 2 (mobile en), 5 (tablet lv), 3 (mobile lv), 1 (desktop lv).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

RIGA = ZoneInfo("Europe/Riga")
D0, D1, D2, D3, D4 = (date(2026, 11, day) for day in (19, 20, 21, 22, 23))
DAYS = [D1, D2, D3]
# Every journey is settled: the last step of each was more than 24 hours ago.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=RIGA).astimezone(UTC)


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=RIGA).astimezone(UTC)


# journey: (device, locale, [(kind, step, time)])
JOURNEYS: dict[str, tuple[str, str, list[tuple[str, str, datetime]]]] = {
    "J1": ("mobile", "lv", [("started", "employer", at(D1, 9, 0)),
                            ("step", "workplace", at(D1, 9, 5)),
                            ("step", "description", at(D1, 9, 10)),
                            ("submitted", "", at(D1, 9, 20))]),
    "J2": ("desktop", "lv", [("started", "employer", at(D1, 10, 0)),
                             ("submitted", "", at(D1, 10, 10))]),
    "J3": ("desktop", "en", [("started", "employer", at(D1, 11, 0)),
                             ("step", "workplace", at(D1, 11, 2))]),
    "J4": ("tablet", "lv", [("started", "employer", at(D1, 23, 50)),
                            ("step", "workplace", at(D3, 8, 0)),
                            ("submitted", "", at(D3, 8, 30))]),
    "J5": ("mobile", "en", [("started", "employer", at(D3, 12, 0))]),
    "J6": ("mobile", "lv", [("started", "employer", at(D3, 13, 0)),
                            ("step", "workplace", at(D3, 13, 5)),
                            ("step", "description", at(D3, 13, 10)),
                            ("submitted", "", at(D3, 13, 40))]),
    "J7": ("desktop", "lv", [("started", "employer", at(D3, 14, 0)),
                             ("submitted", "", at(D3, 14, 5))]),
    "J8": ("mobile", "lv", [("started", "employer", at(D4, 20, 0))]),
    "J9": ("desktop", "lv", [("started", "employer", at(D0, 22, 0)),
                             ("step", "workplace", at(D1, 8, 0))]),
    "J10": ("mobile", "lv", [("started", "employer", at(D3, 0, 30)),
                             ("submitted", "", at(D3, 0, 40))]),
}

# (rating, device, locale, time)
ANSWERS = [
    (5, "mobile", "lv", at(D1, 9, 25)), (4, "desktop", "lv", at(D1, 10, 15)),
    (2, "mobile", "en", at(D3, 9, 0)), (5, "tablet", "lv", at(D3, 8, 35)),
    (3, "mobile", "lv", at(D3, 13, 45)), (1, "desktop", "lv", at(D3, 14, 10)),
]


def journey_id(name: str, service: str = "labour_complaint") -> str:
    """A 32-hex-digit journey id, as `new_journey_id` draws them, fixed for a test."""
    return hashlib.sha256(f"{service}:{name}".encode()).hexdigest()[:32]
