"""The demo's SPOLIS calendar: training sessions and specialists' slots from a given day on.

Generated rather than listed, so the demo always has sessions and slots in the
future whatever day it starts. Venues, addresses and specialists are invented.
Every fifth slot is already taken by someone who phoned SPOLIS, so the lists
have gaps as real calendars do; the second session of each type and region has
only two seats, so its waiting list is easy to see.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from adapters.spolis.base import Region, Slot, SpecialistType, TrainingSession, TrainingType

RIGA = ZoneInfo("Europe/Riga")

VENUES: dict[Region, tuple[str, str]] = {
    Region.RIGA: ("Ārpusģimenes aprūpes atbalsta centrs „Rīga”", "Baznīcas iela 20, Rīga, LV-1010"),
    Region.VIDZEME: ("Ārpusģimenes aprūpes atbalsta centrs „Valmiera”",
                     "Rīgas iela 25, Valmiera, LV-4201"),
    Region.KURZEME: ("Ārpusģimenes aprūpes atbalsta centrs „Liepāja”",
                     "Graudu iela 24, Liepāja, LV-3401"),
    Region.ZEMGALE: ("Ārpusģimenes aprūpes atbalsta centrs „Jelgava”",
                     "Lielā iela 15, Jelgava, LV-3001"),
    Region.LATGALE: ("Ārpusģimenes aprūpes atbalsta centrs „Daugavpils”",
                     "Saules iela 7, Daugavpils, LV-5401"),
}
# Knowledge improvement is one day; the status trainings run over several Saturdays.
TRAINING_DAYS = {
    TrainingType.ADOPTIVE_PARENT: 4,
    TrainingType.FOSTER_FAMILY: 4,
    TrainingType.SPECIALISED_FOSTER_FAMILY: 5,
    TrainingType.ANNUAL_IMPROVEMENT: 1,
}
SPECIALISTS: dict[SpecialistType, tuple[tuple[str, str, str], ...]] = {
    SpecialistType.TECHNICAL_AID_FITTING: (
        ("Pēteris Zariņš", "NRC „Vaivari”", "Asaru prospekts 61, Jūrmala, LV-2008"),
        ("Inese Kalēja", "NRC „Vaivari” Rīgas nodaļa", "Rūpniecības iela 18, Rīga, LV-1010"),
    ),
    SpecialistType.OCCUPATIONAL_THERAPIST: (
        ("Sanita Ozoliņa", "NRC „Vaivari”", "Asaru prospekts 61, Jūrmala, LV-2008"),
    ),
    SpecialistType.AUDIOLOGIST: (
        ("Marta Grīnberga", "Latvijas Nedzirdīgo savienība", "Elijas iela 17, Rīga, LV-1050"),
    ),
}
# Hours before the visit until which SPOLIS lets a booking be moved or cancelled: a
# therapist's visit is prepared for (the room, the aids to try), so it is fixed earlier.
CHANGE_UNTIL_HOURS = {
    SpecialistType.TECHNICAL_AID_FITTING: 24,
    SpecialistType.OCCUPATIONAL_THERAPIST: 48,
    SpecialistType.AUDIOLOGIST: 24,
}
SLOT_HOURS = (9, 10, 11, 13, 14, 15)
SLOT_MINUTES = 45
SLOT_DAYS = 28


def riga_time(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=RIGA).astimezone(UTC)


def _next_saturday(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7 or 7)


def training_sessions(today: date) -> list[TrainingSession]:
    sessions = []
    first_saturday = _next_saturday(today)
    for type_index, training_type in enumerate(TrainingType):
        for region_index, region in enumerate(Region):
            place, address = VENUES[region]
            for number, seats in ((1, 12), (2, 2)):
                start = first_saturday + timedelta(weeks=type_index + region_index % 2
                                                   + 3 * (number - 1))
                days = tuple(start + timedelta(weeks=week)
                             for week in range(TRAINING_DAYS[training_type]))
                sessions.append(TrainingSession(
                    id=f"{training_type.value}-{region.value}-{number}",
                    training_type=training_type, region=region, place=place,
                    address=address, days=days, seats=seats))
    return sessions


def slots(today: date) -> list[Slot]:
    found = []
    for specialist_type, specialists in SPECIALISTS.items():
        for number, (specialist, place, address) in enumerate(specialists, start=1):
            for offset in range(1, SLOT_DAYS + 1):
                day = today + timedelta(days=offset)
                if day.weekday() >= 5:
                    continue
                for index, hour in enumerate(SLOT_HOURS):
                    starts_at = riga_time(day, hour)
                    found.append(Slot(
                        id=f"{specialist_type.value}-{number}-{day:%Y%m%d}{hour:02d}00",
                        specialist_type=specialist_type, specialist=specialist, place=place,
                        address=address, starts_at=starts_at,
                        ends_at=starts_at + timedelta(minutes=SLOT_MINUTES),
                        change_until_hours_before=CHANGE_UNTIL_HOURS[specialist_type],
                        free=(day.toordinal() + index + number) % 5 != 0))
    return sorted(found, key=lambda slot: (slot.starts_at, slot.id))
