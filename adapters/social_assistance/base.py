"""What the portal asks of the municipalities' social assistance system (SOPA).

A municipality's social service grants a household the status of a needy person
("trūcīgas personas statuss") or of a low-income person ("maznodrošinātas
personas statuss") for a period, after assessing its means. Either frees the
person from the co-payment ("līdzmaksājums") for a technical aid. Personal codes
are in the normalised form `DDMMYY-NNNNN`. The method raises only the errors of
`adapters.errors`: `Unavailable` when SOPA does not answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

SYSTEM = "social_assistance"


class IncomeStatusKind(StrEnum):
    NEEDY = "needy"
    """"Trūcīga persona"."""
    LOW_INCOME = "low_income"
    """"Maznodrošināta persona"."""


@dataclass(frozen=True, slots=True)
class IncomeStatus:
    kind: IncomeStatusKind
    municipality: str
    """The municipality that granted it, e.g. "Rīgas valstspilsētas pašvaldība"."""
    valid_from: date
    valid_until: date

    @property
    def exempt_from_co_payment(self) -> bool:
        # Both statuses free from the co-payment; kept as a property so that the
        # rule lives in one place should the regulations ever tell them apart.
        return True

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until


class SocialAssistance(Protocol):
    async def income_status(self, personal_code: str, *, on: date) -> IncomeStatus | None:
        """The needy or low-income status valid on `on`; None when there is none."""
        ...
