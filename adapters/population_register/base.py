"""What the portal asks of the Population Register (PMLP, "Fizisko personu reģistrs").

Personal codes are passed and returned in the normalised form `DDMMYY-NNNNN`
(see `portal.identifiers`). Every method raises only the errors of
`adapters.errors`: `NotFound` when the register has no such person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

SYSTEM = "population_register"


@dataclass(frozen=True, slots=True)
class Address:
    """A declared address ("deklarētā dzīvesvieta") as the register writes it."""

    text: str
    """Full address, e.g. "Brīvības iela 101 - 12, Rīga, LV-1001"."""
    code: str | None = None
    """Its code in the State Address Register ("Valsts adrešu reģistrs"), when known:
    it identifies the municipality without parsing the text."""


@dataclass(frozen=True, slots=True)
class Person:
    personal_code: str
    given_name: str
    family_name: str
    birth_date: date
    declared_address: Address | None
    """None when the person has no declared address (it is not compulsory for everyone)."""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day`; negative before birth."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


class PopulationRegister(Protocol):
    async def get_person(self, personal_code: str) -> Person:
        """The person with this code; `NotFound` if the register has none."""
        ...

    async def list_minor_children(self, personal_code: str, *, on: date) -> list[Person]:
        """The person's children who are under 18 on `on` (and already born).

        The date is a parameter rather than "today" so that callers own the clock
        and a parent's representation rights can be checked for a given day.
        `NotFound` if the register has no such person.
        """
        ...

    async def list_wards(self, personal_code: str) -> list[Person]:
        """Persons of any age under the guardianship of this person.

        `NotFound` if the register has no such person.
        """
        ...
