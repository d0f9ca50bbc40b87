"""An in-memory VDEĀVK serving the demo people's disabilities (or any given ones).

Elza Kalniņa (9) is a child with a disability; Jānis Ozols has group II without
a time limit; his ward Anna Bērziņa group I; Andris Liepa's group III expired
last year. Everyone else has none. Decision numbers are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from adapters.demo_people import ANDRIS_LIEPA, ANNA_BERZINA, ELZA_KALNINA, JANIS_OZOLS
from adapters.disability_system.base import SYSTEM, DisabilityGroup, DisabilityStatus
from adapters.fakes import PersonRecords

DEMO_DISABILITIES: Mapping[str, DisabilityStatus] = {
    ELZA_KALNINA.personal_code: DisabilityStatus(
        DisabilityGroup.CHILD, date(2025, 3, 4), date(2028, 3, 3), "2-11/2025/0387"),
    JANIS_OZOLS.personal_code: DisabilityStatus(
        DisabilityGroup.II, date(2019, 6, 12), None, "2-04/2019/1156"),
    ANNA_BERZINA.personal_code: DisabilityStatus(
        DisabilityGroup.I, date(2024, 1, 22), date(2029, 1, 21), "2-08/2024/0094"),
    ANDRIS_LIEPA.personal_code: DisabilityStatus(
        DisabilityGroup.III, date(2023, 2, 1), date(2025, 1, 31), "2-01/2023/0212"),
}


class FakeDisabilitySystem(PersonRecords[DisabilityStatus]):
    system = SYSTEM

    def __init__(self, statuses: Mapping[str, DisabilityStatus] = DEMO_DISABILITIES) -> None:
        super().__init__(statuses)

    async def disability_status(self, personal_code: str, *, on: date) -> DisabilityStatus | None:
        status = self._record(personal_code)
        return status if status is not None and status.valid_on(on) else None
