"""What the portal asks of the functioning assessment database.

A functioning assessment ("funkcionēšanas novērtējums") or a specialist's
recommendation for technical aids names the aid groups of SPOLIS' catalogue
(ISO 9999 codes such as "12-22", wheelchairs) that suit the person. The portal
asks for the latest one, to show it and to put the recommended groups first.
Personal codes are in the normalised form `DDMMYY-NNNNN`. The method raises only
the errors of `adapters.errors`: `Unavailable` when the database does not answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

SYSTEM = "functioning"


@dataclass(frozen=True, slots=True)
class Recommendation:
    assessed_on: date
    specialist: str
    """Who assessed or recommended, as recorded: profession and name, e.g.
    "fizioterapeite Ieva Liepiņa"."""
    institution: str
    """Where, e.g. "NRC “Vaivari” Funkcionēšanas laboratorija"."""
    recommended_groups: tuple[str, ...]
    """Catalogue group codes, most important first; may be empty when the
    assessment recommended no technical aid."""


class FunctioningDatabase(Protocol):
    async def latest_recommendation(self, personal_code: str) -> Recommendation | None:
        """The latest assessment or recommendation; None when there is none."""
        ...
