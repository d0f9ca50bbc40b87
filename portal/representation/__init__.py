"""Representation: whom a signed-in person acts for, and what that lets them do.

What other features use:

    current_subject(request) -> Subject | None     whom this request acts for
    await available_subjects(request) -> list[Subject]
    may_use(service, subject) -> bool               registry-aware check
    await require_subject(request, service) -> Subject   the guard for e-service views

Data belonging to a subject is filed and filtered by `(subject.kind, subject.identifier)`;
`subject.basis` says how the right was established (self, parent, guardian,
board_member, mandate).
"""

from portal.representation.guard import SubjectRefused, may_use, require_subject
from portal.representation.rights import available_subjects, current_subject
from portal.representation.subjects import Basis, Subject

__all__ = [
    "Basis",
    "Subject",
    "SubjectRefused",
    "available_subjects",
    "current_subject",
    "may_use",
    "require_subject",
]
