"""An in-memory Enterprise Register serving the demo companies (or any given ones)."""

from __future__ import annotations

from collections.abc import Iterable

from adapters.demo_people import DEMO_COMPANIES, DemoCompany
from adapters.enterprise_register.base import SYSTEM, BoardMember, Company
from adapters.errors import NotFound
from adapters.fakes import digits


class FakeEnterpriseRegister:
    def __init__(self, companies: Iterable[DemoCompany] = DEMO_COMPANIES) -> None:
        self._companies = {c.registration_number: c for c in companies}

    def _find(self, registration_number: str) -> DemoCompany:
        try:
            return self._companies[registration_number]
        except KeyError:
            raise NotFound(SYSTEM, "no such company") from None

    async def get_company(self, registration_number: str) -> Company:
        return self._find(registration_number).as_company()

    async def list_board_members(self, registration_number: str) -> list[BoardMember]:
        return list(self._find(registration_number).board_members)

    async def list_companies_with_sole_signing_rights(self, personal_code: str) -> list[Company]:
        wanted = digits(personal_code)
        return [
            company.as_company()
            for company in self._companies.values()
            if any(
                member.sole_signing_rights
                and member.personal_code is not None
                and digits(member.personal_code) == wanted
                for member in company.board_members
            )
        ]
