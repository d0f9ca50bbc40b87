"""An in-memory SPOLIS calendar, loaded with the demo calendar unless told otherwise.

Tests add their own sessions and slots, mark a slot taken as if somebody had
phoned SPOLIS for it, or make every call fail.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from adapters.errors import NotFound
from adapters.fakes import Breakable
from adapters.spolis import demo_calendar
from adapters.spolis.base import (
    SYSTEM,
    Region,
    Slot,
    SpecialistType,
    TrainingSession,
    TrainingType,
)


def riga_today() -> date:
    return datetime.now(demo_calendar.RIGA).date()


class FakeSpolis(Breakable):
    system = SYSTEM

    def __init__(self, today: date | None = None, *, demo: bool = True) -> None:
        self._sessions: dict[str, TrainingSession] = {}
        self._slots: dict[str, Slot] = {}
        if demo:
            day = today or riga_today()
            for session in demo_calendar.training_sessions(day):
                self.add_session(session)
            for slot in demo_calendar.slots(day):
                self.add_slot(slot)

    def add_session(self, session: TrainingSession) -> None:
        self._sessions[session.id] = session

    def add_slot(self, slot: Slot) -> None:
        self._slots[slot.id] = slot

    def take(self, slot_id: str) -> None:
        """Somebody booked the slot in SPOLIS itself; `NotFound` for an unknown slot."""
        self._slots[slot_id] = dataclasses.replace(self._slot(slot_id), free=False)

    def clear(self) -> None:
        self._sessions.clear()
        self._slots.clear()

    def _slot(self, slot_id: str) -> Slot:
        try:
            return self._slots[slot_id]
        except KeyError:
            raise NotFound(SYSTEM, "no such slot") from None

    async def training_sessions(self, training_type: TrainingType,
                                region: Region) -> list[TrainingSession]:
        self._check()
        found = [s for s in self._sessions.values()
                 if s.training_type == training_type and s.region == region]
        return sorted(found, key=lambda s: (s.days[0], s.id))

    async def training_session(self, session_id: str) -> TrainingSession:
        self._check()
        try:
            return self._sessions[session_id]
        except KeyError:
            raise NotFound(SYSTEM, "no such training session") from None

    async def free_slots(self, specialist_type: SpecialistType, *, start: datetime,
                         end: datetime) -> list[Slot]:
        self._check()
        found = [s for s in self._slots.values() if s.free and s.specialist_type == specialist_type
                 and start <= s.starts_at < end]
        return sorted(found, key=lambda s: (s.starts_at, s.id))

    async def slot(self, slot_id: str) -> Slot:
        self._check()
        return self._slot(slot_id)
