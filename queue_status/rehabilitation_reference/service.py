"""Issuing e-references and finding them: for their subject, or by verification code.

Services flush, never commit (DESIGN, habit 5): the request's transaction holds
the reference and its audit entry together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.sris.base import DocumentStatus, QueuePlace, Sris
from portal.audit import AuditAction, record
from queue_status.rehabilitation_reference import codes
from queue_status.rehabilitation_reference.models import RehabilitationReference


class NoSuchPlace(Exception):
    """SRIS no longer lists the application in a queue of the subject's."""


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issues a reference about whom (`portal.representation.Subject` in parts)."""

    actor_personal_code: str
    subject_kind: str
    personal_code: str
    name: str


async def issue(db: AsyncSession, sris: Sris, issuer: Issuer, application_id: str,
                now: datetime) -> RehabilitationReference:
    """A reference of one of the subject's queue places as SRIS tells it now.

    The place is read from SRIS afresh, never from the form, so a reference can
    only state what SRIS says. Raises `NoSuchPlace`, or an `AdapterError` when
    SRIS cannot answer (then nothing is stored).
    """
    places = await sris.queue_places(issuer.personal_code)
    place = next((p for p in places if p.application_id == application_id), None)
    if place is None:
        raise NoSuchPlace(application_id)
    reference = _reference(place, issuer, codes.new_code(), now)
    db.add(reference)
    await db.flush()
    await record(db, actor=issuer.actor_personal_code,
                 subject=_AuditSubject(issuer.subject_kind, issuer.personal_code),
                 action=AuditAction.REFERENCE_ISSUED,
                 detail=f"rehabilitation reference {reference.id}")
    return reference


@dataclass(frozen=True, slots=True)
class _AuditSubject:
    kind: str
    identifier: str


def _reference(place: QueuePlace, issuer: Issuer, code: str,
               now: datetime) -> RehabilitationReference:
    return RehabilitationReference(
        code=code, code_sha256=codes.digest(code),
        personal_code=issuer.personal_code, person_name=issuer.name,
        subject_kind=issuer.subject_kind,
        issued_by_personal_code=issuer.actor_personal_code,
        application_id=place.application_id, service_code=place.service_code,
        service_name_lv=place.service_name_lv, service_name_en=place.service_name_en,
        position=place.position, queue_size=place.queue_size, queued_on=place.queued_on,
        documents=[{"code": d.code, "name_lv": d.name_lv, "name_en": d.name_en,
                    "received": d.status is DocumentStatus.RECEIVED} for d in place.documents],
        issued_at=now,
    )


async def references_of(db: AsyncSession, personal_code: str) -> Sequence[RehabilitationReference]:
    """Every reference about the person, newest first, whoever of their representatives
    issued it: it is the person's data."""
    return (await db.scalars(
        select(RehabilitationReference)
        .where(RehabilitationReference.personal_code == personal_code)
        .order_by(RehabilitationReference.issued_at.desc(),
                  RehabilitationReference.id.desc()))).all()


async def reference_of(db: AsyncSession, personal_code: str,
                       reference_id: int) -> RehabilitationReference | None:
    """One reference, only if it is about this person."""
    return (await db.scalars(
        select(RehabilitationReference)
        .where(RehabilitationReference.id == reference_id,
               RehabilitationReference.personal_code == personal_code))).one_or_none()


async def by_code(db: AsyncSession, typed: str) -> RehabilitationReference | None:
    """The reference with this verification code, by its digest in the unique index."""
    code = codes.normalise(typed)
    if code is None:
        return None
    return (await db.scalars(
        select(RehabilitationReference)
        .where(RehabilitationReference.code_sha256 == codes.digest(code)))).one_or_none()


def masked_personal_code(personal_code: str) -> str:
    """What the public check shows: the first six digits, the rest hidden (031158-*****)."""
    head, _, tail = personal_code.partition("-")
    return f"{head}-{'*' * len(tail)}" if tail else "*" * len(personal_code)
