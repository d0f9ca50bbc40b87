"""An in-memory SOPA with the demo people's statuses (or any given ones).

The Kalniņi household in Rīga (Ilze and her children Mārtiņš and Elza) has the
low-income status; Anna Bērziņa the needy status in Valmieras novads; Laura
Vītola's needy status has expired. Everyone else has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from adapters.demo_people import (
    ANNA_BERZINA,
    ELZA_KALNINA,
    ILZE_KALNINA,
    LAURA_VITOLA,
    MARTINS_KALNINS,
)
from adapters.fakes import PersonRecords
from adapters.social_assistance.base import SYSTEM, IncomeStatus, IncomeStatusKind

_RIGA = "Rīgas valstspilsētas pašvaldība"
_KALNINI = IncomeStatus(IncomeStatusKind.LOW_INCOME, _RIGA, date(2026, 10, 1),
                        date(2027, 3, 31))

DEMO_STATUSES: Mapping[str, IncomeStatus] = {
    ILZE_KALNINA.personal_code: _KALNINI,
    MARTINS_KALNINS.personal_code: _KALNINI,
    ELZA_KALNINA.personal_code: _KALNINI,
    ANNA_BERZINA.personal_code: IncomeStatus(
        IncomeStatusKind.NEEDY, "Valmieras novada pašvaldība", date(2026, 9, 1),
        date(2027, 2, 28)),
    LAURA_VITOLA.personal_code: IncomeStatus(
        IncomeStatusKind.NEEDY, _RIGA, date(2025, 6, 1), date(2025, 11, 30)),
}


class FakeSocialAssistance(PersonRecords[IncomeStatus]):
    system = SYSTEM

    def __init__(self, statuses: Mapping[str, IncomeStatus] = DEMO_STATUSES) -> None:
        super().__init__(statuses)

    async def income_status(self, personal_code: str, *, on: date) -> IncomeStatus | None:
        status = self._record(personal_code)
        return status if status is not None and status.valid_on(on) else None
