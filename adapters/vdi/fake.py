"""An in-memory VDI holding the demo companies' orders (or any given ones).

SIA Ziemeļu Būve has two active orders with three violations between them and
one closed order; AS Rīgas Maiznīca has only a closed one, so the notice of
remedied violations has nothing to offer it. Numbers and texts are invented.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from adapters.demo_people import RIGAS_MAIZNICA, ZIEMELU_BUVE
from adapters.fakes import Breakable
from adapters.vdi.base import SYSTEM, AdministrativeAct, Violation


@dataclass(frozen=True, slots=True)
class IssuedAct:
    """An act as VDI keeps it: to whom, and whether it is still active."""

    registration_number: str
    act: AdministrativeAct
    active: bool = True


DEMO_ACTS: tuple[IssuedAct, ...] = (
    IssuedAct(ZIEMELU_BUVE.registration_number, AdministrativeAct(
        id="A-2026-0418", number="11-1/2026/418", issued_on=date(2026, 9, 15),
        violations=(
            Violation("P-2026-0418-1",
                      "Darbam augstumā uz sastatnēm būvobjektā nav nodrošinātas aizsargmargas.",
                      date(2026, 10, 15)),
            Violation("P-2026-0418-2",
                      "Nav novērtēts darba vides risks betonēšanas darbos.",
                      date(2026, 12, 1)),
        ))),
    IssuedAct(ZIEMELU_BUVE.registration_number, AdministrativeAct(
        id="A-2026-0502", number="11-1/2026/502", issued_on=date(2026, 10, 20),
        violations=(
            Violation("P-2026-0502-1",
                      "Ar diviem nodarbinātajiem nav noslēgti rakstveida darba līgumi.",
                      date(2026, 11, 30)),
        ))),
    IssuedAct(ZIEMELU_BUVE.registration_number, AdministrativeAct(
        id="A-2025-0977", number="11-1/2025/977", issued_on=date(2025, 6, 2),
        violations=(
            Violation("P-2025-0977-1",
                      "Nodarbinātie nav instruēti darba aizsardzības jautājumos.",
                      date(2025, 7, 1)),
        )), active=False),
    IssuedAct(RIGAS_MAIZNICA.registration_number, AdministrativeAct(
        id="A-2025-0311", number="11-1/2025/311", issued_on=date(2025, 3, 11),
        violations=(
            Violation("P-2025-0311-1",
                      "Maiznīcas cehā nav uzstādītas avārijas izejas norādes.",
                      date(2025, 4, 30)),
        )), active=False),
)


class FakeVdi(Breakable):
    system = SYSTEM

    def __init__(self, acts: Iterable[IssuedAct] = DEMO_ACTS) -> None:
        self._acts = tuple(acts)

    async def list_active_acts(self, registration_number: str) -> list[AdministrativeAct]:
        self._check()
        found = [issued.act for issued in self._acts
                 if issued.active and issued.registration_number == registration_number]
        return sorted(found, key=lambda act: (act.issued_on, act.number))
