"""What the portal asks of the Enterprise Register (UR, "Uzņēmumu reģistrs").

Registration numbers are the 11 digits; personal codes the normalised form
`DDMMYY-NNNNN` (see `portal.identifiers`). Every method raises only the errors of
`adapters.errors`: `NotFound` when the register has no such company.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

SYSTEM = "enterprise_register"


class CompanyStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    """Activity suspended ("darbība apturēta"), e.g. by the tax authority."""
    IN_LIQUIDATION = "in_liquidation"
    INSOLVENT = "insolvent"
    EXCLUDED = "excluded"
    """Removed from the register ("izslēgts no reģistra")."""


@dataclass(frozen=True, slots=True)
class Company:
    registration_number: str
    name: str
    """Full name with the legal form as registered, e.g. "SIA Ziemeļu Būve"."""
    legal_form: str
    """The register's abbreviation: "SIA", "AS", "IK", "KS", ... Kept as text because
    the register knows more forms than the portal has any reason to enumerate."""
    status: CompanyStatus
    address: str
    """Legal address ("juridiskā adrese")."""


@dataclass(frozen=True, slots=True)
class BoardMember:
    personal_code: str | None
    """None for a foreign board member who has no Latvian personal code."""
    given_name: str
    family_name: str
    sole_signing_rights: bool
    """"Tiesības pārstāvēt atsevišķi": may represent the company alone. Only such
    a member may act for the company, or grant mandates, in the portal."""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class EnterpriseRegister(Protocol):
    async def get_company(self, registration_number: str) -> Company:
        """The company with this number; `NotFound` if the register has none."""
        ...

    async def list_board_members(self, registration_number: str) -> list[BoardMember]:
        """The current board ("valde"); `NotFound` if the register has no such company."""
        ...

    async def list_companies_with_sole_signing_rights(self, personal_code: str) -> list[Company]:
        """Companies where this person is a board member who may represent alone.

        Companies of every status are returned, with their status, so that the
        caller decides which statuses still allow acting for the company.
        An empty list, not `NotFound`, when there are none: the register does
        not keep persons, only their positions.
        """
        ...
