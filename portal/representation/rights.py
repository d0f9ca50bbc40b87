"""Who may act for whom, from the registers and from the mandates table.

The registers are asked afresh whenever someone switches (and on /acting-for);
for the header switch on other pages their answers are kept in the web session
for `representation_register_cache_seconds`, because asking two national
registers on every page view would be slow and load them for nothing. Mandates
are read from the database on every request, so revoking one bites at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from starlette.requests import Request

from adapters.enterprise_register.base import CompanyStatus
from adapters.errors import AdapterError, NotFound
from eservices.registry import SubjectKind
from portal.backends import Adapters
from portal.database import db
from portal.mandates import records
from portal.mandates.models import Mandate
from portal.representation import clock
from portal.representation.subjects import Basis, Subject, self_subject, signed_in_person
from portal.settings import Settings

logger = logging.getLogger(__name__)

ACTING_FOR_KEY = "acting_for"  # session: key and name of the chosen subject, no rights
CACHE_KEY = "representation_registers"  # session: the registers' last answers
SCOPE_KEY = "representation"  # request scope: the checked `Representation`
# After a register failed, ask it again this soon rather than after the whole cache time.
RETRY_AFTER_FAILURE = timedelta(seconds=60)
POPULATION, ENTERPRISE = "population_register", "enterprise_register"


@dataclass(frozen=True, slots=True)
class Representation:
    """What the current request may do: the subject acted for, and every choice."""

    subject: Subject
    subjects: tuple[Subject, ...]
    complete: bool
    """False when a register did not answer, so some choices may be missing."""
    unverified: frozenset[str] = frozenset()
    """Keys of subjects a register did not confirm just now (it did not answer) but
    confirmed earlier in this session: still acted for, not offered for switching."""
    ended: str | None = None
    """The name of the subject chosen earlier whose right has ended since (shown once)."""


def _source(subject: Subject) -> str:
    return POPULATION if subject.kind is SubjectKind.CHILD_OR_WARD else ENTERPRISE


async def register_subjects(
    adapters: Adapters, personal_code: str, on: date
) -> tuple[list[Subject], set[str]]:
    """Children under 18 on `on`, wards, and active companies where the person has
    sole signing rights; with the names of the registers that did not answer."""
    found: list[Subject] = []
    failed: set[str] = set()
    people = adapters.population_register
    try:
        for child in await people.list_minor_children(personal_code, on=on):
            found.append(Subject(SubjectKind.CHILD_OR_WARD, child.personal_code,
                                 child.full_name, Basis.PARENT))
        for ward in await people.list_wards(personal_code):
            found.append(Subject(SubjectKind.CHILD_OR_WARD, ward.personal_code,
                                 ward.full_name, Basis.GUARDIAN))
    except NotFound:  # unknown to the register: no children, no wards
        pass
    except AdapterError as error:
        logger.warning("representation: %s unavailable (%s)", POPULATION, type(error).__name__)
        failed.add(POPULATION)
    try:
        companies = await adapters.enterprise_register.list_companies_with_sole_signing_rights(
            personal_code)
    except AdapterError as error:
        logger.warning("representation: %s unavailable (%s)", ENTERPRISE, type(error).__name__)
        failed.add(ENTERPRISE)
    else:
        # A suspended, liquidated or excluded company cannot be represented by its board.
        found.extend(Subject(SubjectKind.COMPANY, company.registration_number, company.name,
                             Basis.BOARD_MEMBER)
                     for company in companies if company.status is CompanyStatus.ACTIVE)
    return found, failed


def mandate_subject(mandate: Mandate) -> Subject:
    return Subject(SubjectKind.COMPANY, mandate.company_registration_number, mandate.company_name,
                   Basis.MANDATE, mandate_id=mandate.id, services=frozenset(mandate.services),
                   valid_until=mandate.expires_on)


async def _registers(request: Request, personal_code: str, *, fresh: bool) -> tuple[
        list[Subject], set[str]]:
    """The registers' subjects, and the registers that did not answer."""
    session: dict[str, Any] = request.session
    settings: Settings = request.app.state.settings
    now = clock.now()
    cached = session.get(CACHE_KEY)
    previous: list[Subject] = []
    if isinstance(cached, dict) and cached.get("person") == personal_code:
        previous = [Subject.from_session(item) for item in cached.get("subjects", [])]
        age = now - datetime.fromisoformat(cached["at"])
        failed_before = set(cached.get("failed", []))
        lifetime = (RETRY_AFTER_FAILURE if failed_before
                    else timedelta(seconds=settings.representation_register_cache_seconds))
        if not fresh and timedelta(0) <= age < lifetime:
            return previous, failed_before
    found, failed = await register_subjects(request.app.state.adapters, personal_code,
                                            clock.today())
    # A register's short outage must not silently switch a parent who is filling in
    # a form for their child back to acting for themselves: what it said earlier in
    # this session still holds (see `Representation.unverified`).
    found += [subject for subject in previous if _source(subject) in failed]
    session[CACHE_KEY] = {"person": personal_code, "at": now.isoformat(),
                          "failed": sorted(failed),
                          "subjects": [subject.as_session() for subject in found]}
    return found, failed


async def representation(request: Request, *, fresh: bool = False) -> Representation | None:
    """Check the session's choice against the rights; None when nobody is signed in.

    Also keeps the result in the request scope for `current_subject` and the header.
    """
    session: dict[str, Any] = request.session
    person = signed_in_person(session)
    if person is None:
        request.scope.pop(SCOPE_KEY, None)
        return None
    code = str(person["personal_code"])
    yourself = self_subject(person)
    from_registers, failed = await _registers(request, code, fresh=fresh)
    held = await records.held_by(db(request), code, clock.today())
    subjects: dict[str, Subject] = {yourself.key: yourself}
    # A board member who also holds a mandate acts as a board member: the broader right.
    for subject in [*from_registers, *(mandate_subject(m) for m in held)]:
        subjects.setdefault(subject.key, subject)
    chosen = session.get(ACTING_FOR_KEY)
    chosen = chosen if isinstance(chosen, dict) else {}
    current = subjects.get(str(chosen.get("key")), yourself)
    earlier = request.scope.get(SCOPE_KEY)
    # Checked twice in one request (middleware, then the view): keep the notice.
    ended = earlier.ended if isinstance(earlier, Representation) else None
    if chosen and current is yourself and chosen.get("key") != yourself.key:
        # The mandate was revoked or expired, the child turned 18, ...: from now on
        # the person acts for themselves, and is told so once.
        ended = str(chosen.get("name", ""))
        session.pop(ACTING_FOR_KEY, None)
    unverified = frozenset(subject.key for subject in from_registers
                           if _source(subject) in failed)
    result = Representation(current, tuple(subjects.values()), complete=not failed,
                            unverified=unverified, ended=ended)
    request.scope[SCOPE_KEY] = result
    return result


async def available_subjects(request: Request) -> list[Subject]:
    """Everyone the signed-in person may act for now, themselves first; asks the
    registers afresh. Empty when nobody is signed in."""
    checked = await representation(request, fresh=True)
    return list(checked.subjects) if checked else []


def current_subject(request: Request) -> Subject | None:
    """Whom the signed-in person acts for in this request; None when nobody is signed in.

    Checked by `RepresentationMiddleware` at the start of every request (a
    revoked or expired mandate falls back to acting for oneself). Data of a
    subject is filed and filtered by `(subject.kind, subject.identifier)`.
    """
    checked = request.scope.get(SCOPE_KEY)
    if isinstance(checked, Representation):
        return checked.subject
    # Pages answered before the middleware ran (e.g. a refused CSRF token) show
    # the person as acting for themselves; they do nothing on anyone's behalf.
    person = signed_in_person(request.session) if "session" in request.scope else None
    return self_subject(person) if person else None


def choose(request: Request, subject: Subject) -> None:
    """Remember whom the person acts for; it is checked again on every request."""
    if subject.basis is Basis.SELF:
        request.session.pop(ACTING_FOR_KEY, None)
    else:
        request.session[ACTING_FOR_KEY] = {"key": subject.key, "name": subject.name}
