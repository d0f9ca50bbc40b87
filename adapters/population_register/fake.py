"""An in-memory Population Register serving the demo people (or any given ones)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from adapters.demo_people import DEMO_PEOPLE, DemoPerson
from adapters.errors import NotFound
from adapters.fakes import digits
from adapters.population_register.base import SYSTEM, Person, age_on


class FakePopulationRegister:
    def __init__(self, people: Iterable[DemoPerson] = DEMO_PEOPLE) -> None:
        self._people = {digits(p.personal_code): p for p in people}

    def _find(self, personal_code: str) -> DemoPerson:
        try:
            return self._people[digits(personal_code)]
        except KeyError:
            raise NotFound(SYSTEM, "no such person") from None

    def _related(self, codes: Iterable[str]) -> list[Person]:
        # A relation to someone the register does not hold would be a data error
        # in the fake; failing loudly beats silently dropping a child.
        return [self._people[digits(code)].as_person() for code in codes]

    async def get_person(self, personal_code: str) -> Person:
        return self._find(personal_code).as_person()

    async def list_minor_children(self, personal_code: str, *, on: date) -> list[Person]:
        children = self._related(self._find(personal_code).children)
        return [c for c in children if 0 <= age_on(c.birth_date, on) < 18]

    async def list_wards(self, personal_code: str) -> list[Person]:
        return self._related(self._find(personal_code).wards)
