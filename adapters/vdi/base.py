"""What the portal asks of VDI's information system: the active orders of a company.

An administrative act here is an order ("rīkojums") an inspector issued after an
inspection; it lists violations the employer must remedy, each by a deadline.
An act is *active* until VDI closes it (every violation remedied, or the order
cancelled); only active acts are returned.

Registration numbers are the 11 digits (see `portal.identifiers`). Methods raise
only the errors of `adapters.errors`: `Unavailable` when VDI cannot answer now,
`Rejected` when it refuses the request. A company VDI has never inspected is not
an error: it simply has no active acts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

SYSTEM = "vdi"


@dataclass(frozen=True, slots=True)
class Violation:
    id: str
    """VDI's identifier of the violation, unique across acts; the answer names it."""
    description: str
    """As the order words it, in Latvian (VDI issues orders in the state language)."""
    deadline: date
    """The day by which it must be remedied ("novērst līdz")."""


@dataclass(frozen=True, slots=True)
class AdministrativeAct:
    id: str
    """VDI's identifier of the act."""
    number: str
    """The number printed on the order, e.g. "11-1/2026/418"."""
    issued_on: date
    violations: tuple[Violation, ...]


class Vdi(Protocol):
    async def list_active_acts(self, registration_number: str) -> list[AdministrativeAct]:
        """The company's active acts, oldest first; an empty list when it has none."""
        ...
