"""What the portal asks of the SPOLIS calendar: training sessions and specialists' free slots.

SPOLIS ("Valsts sociālās politikas monitoringa informācijas sistēma") schedules the
trainings for adoptive parents and foster families and keeps the specialists'
calendars. The portal reads both here; sign-ups, bookings and cancellations reach
SPOLIS as submissions through the outbox (`adapters/back_office`), not through
this interface.

Times are timezone-aware and in UTC; days of a training are calendar days in
Latvia. Every method raises only the errors of `adapters.errors`: `NotFound`
for an unknown session or slot, `Unavailable` when SPOLIS does not answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

SYSTEM = "spolis"


class TrainingType(StrEnum):
    ADOPTIVE_PARENT = "adoptive_parent"
    FOSTER_FAMILY = "foster_family"
    SPECIALISED_FOSTER_FAMILY = "specialised_foster_family"
    ANNUAL_IMPROVEMENT = "annual_improvement"  # "ikgadējā zināšanu pilnveide"


class Region(StrEnum):
    """Latvia's planning regions, where the trainings are held."""

    RIGA = "riga"
    VIDZEME = "vidzeme"
    KURZEME = "kurzeme"
    ZEMGALE = "zemgale"
    LATGALE = "latgale"


class SpecialistType(StrEnum):
    TECHNICAL_AID_FITTING = "technical_aid_fitting"
    OCCUPATIONAL_THERAPIST = "occupational_therapist"
    AUDIOLOGIST = "audiologist"


@dataclass(frozen=True, slots=True)
class TrainingSession:
    id: str
    training_type: TrainingType
    region: Region
    place: str
    """The venue's name, e.g. "Ārpusģimenes aprūpes atbalsta centrs „Valmiera”"."""
    address: str
    days: tuple[date, ...]
    """Every day of the training, in order; at least one."""
    seats: int
    """Seats SPOLIS offers through the portal; the portal counts who took them."""


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    specialist_type: SpecialistType
    specialist: str
    """The specialist's name as SPOLIS shows it to visitors."""
    place: str
    address: str
    starts_at: datetime
    ends_at: datetime
    change_until_hours_before: int
    """Set by SPOLIS per kind of visit: a booking of this slot can be moved or
    cancelled until this many hours before it starts."""
    free: bool = True
    """False once somebody booked it through SPOLIS itself (e.g. by phone)."""


class Spolis(Protocol):
    async def training_sessions(self, training_type: TrainingType,
                                region: Region) -> list[TrainingSession]:
        """Scheduled sessions of this type in this region, by first day."""
        ...

    async def training_session(self, session_id: str) -> TrainingSession:
        """One session; `NotFound` if SPOLIS has no such session (any longer)."""
        ...

    async def free_slots(self, specialist_type: SpecialistType, *, start: datetime,
                         end: datetime) -> list[Slot]:
        """Free slots starting in [start, end), by start time."""
        ...

    async def slot(self, slot_id: str) -> Slot:
        """One slot, free or not; `NotFound` if SPOLIS has no such slot."""
        ...
