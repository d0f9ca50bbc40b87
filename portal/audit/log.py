"""Writing the audit log: one row per login, logout, switch of subject and mandate event."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from i18n.catalogs import lazy_gettext as _l
from portal.audit.models import AuditEvent
from portal.database import utcnow

MAX_DETAIL = 200


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGOUT = "logout"
    SUBJECT_SWITCHED = "subject_switched"
    MANDATE_GRANTED = "mandate_granted"
    MANDATE_REVOKED = "mandate_revoked"
    MANDATE_USED = "mandate_used"
    # Back-office access by operators (portal/operator): a dead letter sent again.
    DELIVERY_RETRIED = "delivery_retried"
    # Queue e-references (queue_status/rehabilitation_reference): one was issued.
    REFERENCE_ISSUED = "reference_issued"
    # Retention (portal/housekeeping): details of old delivered submissions removed.
    SUBMISSIONS_PURGED = "submissions_purged"


ACTION_LABELS = {
    AuditAction.LOGIN: _l("Signed in"),
    AuditAction.LOGOUT: _l("Signed out"),
    AuditAction.SUBJECT_SWITCHED: _l("Switched whom they act for"),
    AuditAction.MANDATE_GRANTED: _l("Granted a mandate"),
    AuditAction.MANDATE_REVOKED: _l("Revoked a mandate"),
    AuditAction.MANDATE_USED: _l("Used a mandate"),
    AuditAction.DELIVERY_RETRIED: _l("Put a delivery back in the queue"),
    AuditAction.REFERENCE_ISSUED: _l("Issued a queue e-reference"),
    AuditAction.SUBMISSIONS_PURGED: _l("Removed the details of old submissions"),
}


class AuditSubject(Protocol):
    """Whom the actor acted for; `portal.representation.Subject` is one.

    A protocol rather than an import, so that representation can write to the
    audit log without the two packages importing each other.
    """

    @property
    def kind(self) -> str: ...

    @property
    def identifier(self) -> str: ...


async def record(
    db_session: AsyncSession,
    *,
    actor: str,
    subject: AuditSubject | None,
    action: AuditAction,
    detail: str | None = None,
) -> AuditEvent:
    """Add one entry to the request's transaction (committed with it, rolled back with it).

    `actor` is the signed-in person's personal code; `subject` None means they
    acted for themselves (as at login and logout). `detail` is for identifiers
    such as "mandate 12" or an e-service slug: never pass form content here.
    """
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_personal_code=actor,
        subject_kind=str(subject.kind) if subject is not None else "self",
        subject_identifier=subject.identifier if subject is not None else actor,
        action=action.value,
        detail=(detail or "")[:MAX_DETAIL],
    )
    db_session.add(event)
    await db_session.flush()
    return event
