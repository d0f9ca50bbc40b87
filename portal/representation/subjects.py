"""Whom a signed-in person acts for: themselves, a child or ward, or a company."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from eservices.registry import SubjectKind
from i18n.catalogs import gettext as _


class Basis(StrEnum):
    """How the right to act for the subject was established."""

    SELF = "self"
    PARENT = "parent"  # Population Register: a child under 18
    GUARDIAN = "guardian"  # Population Register: a ward of any age
    BOARD_MEMBER = "board_member"  # Enterprise Register: sole signing rights, active company
    MANDATE = "mandate"  # a mandate granted in this portal


@dataclass(frozen=True, slots=True)
class Subject:
    kind: SubjectKind
    identifier: str
    """A personal code `DDMMYY-NNNNN` or a registration number of 11 digits.
    Data that belongs to a subject is filed under `(kind, identifier)`."""
    name: str
    basis: Basis
    mandate_id: int | None = None
    services: frozenset[str] | None = None
    """The e-service slugs a mandate covers; None when the right covers every
    e-service open to this kind of subject."""
    valid_until: date | None = None
    """The last day of a mandate."""

    @property
    def key(self) -> str:
        """What the switch posts; only ever looked up among freshly checked subjects."""
        return f"{self.kind.value}:{self.identifier}"

    @property
    def label(self) -> str:
        """The subject as the switch names it, in the reader's language."""
        if self.basis is Basis.SELF:
            return _("%(name)s (yourself)", name=self.name)
        if self.basis is Basis.PARENT:
            return _("%(name)s (your child)", name=self.name)
        if self.basis is Basis.GUARDIAN:
            return _("%(name)s (your ward)", name=self.name)
        if self.basis is Basis.BOARD_MEMBER:
            return _("%(name)s (company, as a board member)", name=self.name)
        return _("%(name)s (company, by mandate)", name=self.name)

    def as_session(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "identifier": self.identifier, "name": self.name,
                "basis": self.basis.value}

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> Subject:
        """Only for register answers kept in the session; mandates are never kept there."""
        return cls(kind=SubjectKind(data["kind"]), identifier=str(data["identifier"]),
                   name=str(data["name"]), basis=Basis(data["basis"]))


def signed_in_person(session: dict[str, Any]) -> dict[str, Any] | None:
    """The login's `session["person"]`, when someone is signed in."""
    person = session.get("person")
    if isinstance(person, dict) and person.get("personal_code"):
        return person
    return None


def self_subject(person: dict[str, Any]) -> Subject:
    return Subject(kind=SubjectKind.SELF, identifier=str(person["personal_code"]),
                   name=str(person.get("name") or ""), basis=Basis.SELF)
