"""Reading mandates: always from the database, never from the web session, so a
revoked or expired mandate stops working on the very next request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.mandates.models import Mandate


async def held_by(db_session: AsyncSession, personal_code: str, today: date) -> Sequence[Mandate]:
    """The mandates in force that this person holds, oldest first."""
    return (await db_session.scalars(
        select(Mandate)
        .where(Mandate.holder_personal_code == personal_code,
               Mandate.revoked_at.is_(None),
               Mandate.expires_on >= today)
        .order_by(Mandate.id)
    )).all()


async def of_company(db_session: AsyncSession, registration_number: str) -> Sequence[Mandate]:
    """Every mandate the company has granted, newest first (revoked and expired too)."""
    return (await db_session.scalars(
        select(Mandate)
        .where(Mandate.company_registration_number == registration_number)
        .order_by(Mandate.id.desc())
    )).all()


async def one_of_company(
    db_session: AsyncSession, registration_number: str, mandate_id: int
) -> Mandate | None:
    """The mandate, only if it belongs to this company: callers answer 404 otherwise,
    so that a guessed number says nothing about other companies' mandates."""
    return await db_session.scalar(
        select(Mandate).where(Mandate.id == mandate_id,
                              Mandate.company_registration_number == registration_number)
    )
