"""'Mana rinda TPL saņemšanai' — GET /my-queue.

For the current subject (a person, or the child or ward they act for) and, when
people act for themselves, for their children and wards too: each
technical-aid request with its status, place in the queue, the estimated wait,
the history of changes and when the portal last heard of it.

Each visit asks SPOLIS for these people's requests (waiting at most
`technical_aid_page_timeout_milliseconds`) and stores what it says. When SPOLIS
does not answer, the page shows what the portal holds, with its age. Only the
requests of the people the signed-in person may act for are ever read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import anyio
from babel.dates import format_timedelta
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from adapters.errors import AdapterError
from adapters.spolis.technical_aids import TechnicalAidQueues
from eservices.submissions.flows import service_for
from eservices.submissions.models import Submission
from i18n.catalogs import get_locale, ngettext
from i18n.catalogs import gettext as _
from portal.database import db, utcnow
from portal.representation import Subject, require_subject
from portal.representation.rights import representation
from portal.representation.subjects import Basis
from portal.templating import render
from queue_status.catalogue import aids_by_code, refresh_catalogue
from queue_status.models import RequestStatus, TechnicalAidRequest
from queue_status.my_queue.estimate import (
    WaitEstimate,
    counted_months,
    estimate_wait,
    served_by_month,
)
from queue_status.my_queue.labels import provider_label, status_label
from queue_status.requests import history_of, record_change, requests_of

logger = logging.getLogger(__name__)

SLUG = "technical_aid_queue"
PRIVATE = {"cache-control": "no-store"}


@dataclass
class HistoryRow:
    changed_at: datetime
    status: str
    position: int | None
    queue_size: int | None


@dataclass
class RequestView:
    id: str
    aid_name: str
    group_name: str
    provider: str
    status: str
    status_code: str
    position: int | None
    queue_size: int | None
    estimate: WaitEstimate | None
    served: list[int] | None
    applied_at: datetime
    issued_at: datetime | None
    changed_at: datetime
    received_at: datetime
    reference: str | None
    submission_id: str | None
    history: list[HistoryRow] = field(default_factory=list)

    @property
    def wait_text(self) -> str:
        if self.estimate is None:
            return _("Cannot be estimated: this queue issued no aids in the last 12 months.")
        shortest, longest = self.estimate.shortest_months, self.estimate.longest_months
        if shortest == longest:
            return ngettext("about %(num)s month", "about %(num)s months", longest)
        return ngettext("from %(shortest)s to %(num)s month", "from %(shortest)s to %(num)s months",
                        longest, shortest=shortest)

    @property
    def waiting(self) -> bool:
        return self.status_code == RequestStatus.IN_QUEUE.value and self.position is not None


@dataclass
class PersonView:
    name: str
    personal_code: str
    relation: str
    """"self", "child" or "ward"."""
    requests: list[RequestView]


def _family(subject: Subject, subjects: tuple[Subject, ...]) -> list[tuple[Subject, str]]:
    """Whose requests the page shows: the subject, and for a person acting for
    themselves also their children and wards."""
    people = [(subject, "self" if subject.basis is Basis.SELF else
               "child" if subject.basis is Basis.PARENT else "ward")]
    if subject.basis is Basis.SELF:
        for other in subjects:
            if other.basis is Basis.PARENT:
                people.append((other, "child"))
            elif other.basis is Basis.GUARDIAN:
                people.append((other, "ward"))
    return people


async def _pull(session: AsyncSession, adapter: TechnicalAidQueues, codes: list[str],
                wait_seconds: float, now: datetime) -> bool:
    """Ask SPOLIS for these people's requests and store them; False if it did not answer.

    Only the calls to SPOLIS are cut short, never the writes."""
    try:
        with anyio.fail_after(wait_seconds):
            changes = await adapter.requests_of(codes)
    except (AdapterError, TimeoutError) as error:
        logger.info("my queue: SPOLIS did not answer: %s", error)
        return False
    wanted = set(codes)
    for change in changes:
        if change.personal_code in wanted:  # never anyone else's, whatever it says
            await record_change(session, change, now)
    known = await aids_by_code(session, {c.aid_code for c in changes})
    if any(c.aid_code not in known for c in changes):
        # An aid the stored catalogue does not name yet: SPOLIS' catalogue has it.
        try:
            with anyio.fail_after(wait_seconds):
                catalogue = await adapter.catalogue()
        except (AdapterError, TimeoutError) as error:
            logger.info("my queue: SPOLIS' catalogue did not come: %s", error)
        else:
            await refresh_catalogue(session, catalogue, now)
    return True


async def my_queue(request: Request) -> Response:
    service = service_for(request.app.state.registry, SLUG)
    if service is None:
        raise HTTPException(404)
    subject = await require_subject(request, service)
    checked = await representation(request)
    family = _family(subject, checked.subjects if checked else ())
    codes = [person.identifier for person, _relation in family]
    session = db(request)
    now = utcnow()
    settings = request.app.state.settings
    fresh = await _pull(session, request.app.state.adapters.technical_aids, codes,
                        settings.technical_aid_page_timeout_milliseconds / 1000, now)
    rows = await requests_of(session, codes)
    people = await _people(session, family, rows, subject, now)
    updated_at = max((row.received_at for row in rows), default=None)
    age = None
    if not fresh and updated_at is not None:
        age = format_timedelta(min(updated_at - now, timedelta(0)), add_direction=True,
                               threshold=1.0, locale=get_locale())
    months = counted_months(now)
    return render(request, "my_queue/page.html", {
        "service": service, "subject": subject, "people": people, "fresh": fresh,
        "updated_at": updated_at, "age": age, "any_requests": bool(rows),
        "first_month": datetime(*months[0], 1), "last_month": datetime(*months[-1], 1),
    }, headers=PRIVATE)


async def _people(session: AsyncSession, family: list[tuple[Subject, str]],
                  rows: list[TechnicalAidRequest], subject: Subject,
                  now: datetime) -> list[PersonView]:
    english = get_locale() == "en"
    aids = await aids_by_code(session, {row.aid_code for row in rows})
    history = await history_of(session, [row.id for row in rows])
    served = await served_by_month(session, {(row.group_code, row.provider) for row in rows
                                             if row.status == RequestStatus.IN_QUEUE.value},
                                   now)
    submissions = await _own_submissions(session, subject, {row.reference for row in rows
                                                            if row.reference})
    by_person: dict[str, list[RequestView]] = {}
    for row in rows:
        aid, group = aids.get(row.aid_code, (None, None))
        monthly = served.get((row.group_code, row.provider))
        view = RequestView(
            id=row.id,
            aid_name=(aid.name_en if english else aid.name_lv) if aid else row.aid_code,
            group_name=(group.name_en if english else group.name_lv) if group else row.group_code,
            provider=provider_label(row.provider), status=status_label(row.status),
            status_code=row.status, position=row.position, queue_size=row.queue_size,
            estimate=(estimate_wait(row.position, monthly)
                      if monthly is not None and row.position else None),
            served=monthly, applied_at=row.applied_at, issued_at=row.issued_at,
            changed_at=row.changed_at, received_at=row.received_at, reference=row.reference,
            submission_id=submissions.get(row.reference or ""),
            history=[HistoryRow(e.changed_at, status_label(e.status), e.position, e.queue_size)
                     for e in reversed(history.get(row.id, []))])
        by_person.setdefault(row.personal_code, []).append(view)
    return [PersonView(person.name, person.identifier, relation,
                       by_person.get(person.identifier, []))
            for person, relation in family]


async def _own_submissions(session: AsyncSession, subject: Subject,
                           references: set[str]) -> dict[str, str]:
    """Reference -> submission id, for the current subject's own submissions (the only
    ones whose page the person can open while acting for this subject)."""
    if not references:
        return {}
    found = await session.execute(
        select(Submission.reference, Submission.id).where(
            Submission.reference.in_(sorted(references)),
            Submission.subject_kind == subject.kind.value,
            Submission.subject_id == subject.identifier))
    return {reference: submission_id for reference, submission_id in found.all()}
