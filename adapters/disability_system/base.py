"""What the portal asks of VDEĀVK's disability information system.

One question: the disability a person has now, as VDEĀVK last decided it. Adults
get a group (I is the most severe, III the least); a child under 18 is
recognised as "bērns ar invaliditāti" without a group. Personal codes are in the
normalised form `DDMMYY-NNNNN`. The method raises only the errors of
`adapters.errors`: `Unavailable` when the system does not answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

SYSTEM = "disability_system"


class DisabilityGroup(StrEnum):
    I = "I"  # noqa: E741 - the group's own name (Roman numeral one)
    II = "II"
    III = "III"
    CHILD = "child"
    """"Bērns ar invaliditāti": a child's disability, which has no group."""


@dataclass(frozen=True, slots=True)
class DisabilityStatus:
    group: DisabilityGroup
    valid_from: date
    valid_until: date | None
    """None for a disability set without a time limit ("beztermiņa")."""
    decision_number: str
    """VDEĀVK's decision ("lēmums"), e.g. "2-11/2026/1043"."""

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class DisabilitySystem(Protocol):
    async def disability_status(self, personal_code: str, *, on: date) -> DisabilityStatus | None:
        """The disability valid on `on`; None when VDEĀVK has none for this person
        (including a person it has never assessed)."""
        ...
