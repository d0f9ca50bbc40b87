"""Every table of the portal, gathered so Alembic sees the whole schema.

Each feature keeps its models in its own package; import them here when adding one.
"""

from __future__ import annotations

from eservices.foster_parent_training.models import TrainingBooking, TrainingSessionRecord
from eservices.specialist_appointment.models import AppointmentBooking
from eservices.submissions.models import (
    Answer,
    Attachment,
    DeliveryAttempt,
    Draft,
    OutboxEntry,
    StatusEvent,
    Submission,
)
from portal.audit.models import AuditEvent
from portal.database import Base
from portal.feedback.models import AccessibilityFeedback
from portal.housekeeping.models import StorageDeletion
from portal.inbound_api.models import QueuePositionReport, UsedTokenId
from portal.mandates.models import Mandate
from portal.notifications.models import AnswerNotification
from portal.usage_metrics.models import SatisfactionAnswer, UsageEventRecord, UsagePublication
from portal.web_sessions import WebSessionRecord
from queue_status.models import (
    Aid,
    AidGroup,
    FeedCursor,
    TechnicalAidRequest,
    TechnicalAidRequestEvent,
)
from queue_status.open_data.models import OpenDataPublication
from queue_status.rehabilitation_reference.models import (
    ReferenceVerificationFailure,
    RehabilitationReference,
)
from queue_status.statistics.models import (
    QueueStatistic,
    QueueStatisticMonth,
    QueueStatisticsSnapshot,
)

metadata = Base.metadata

__all__ = [
    "AccessibilityFeedback",
    "Aid",
    "AidGroup",
    "Answer",
    "AnswerNotification",
    "AppointmentBooking",
    "Attachment",
    "AuditEvent",
    "DeliveryAttempt",
    "Draft",
    "FeedCursor",
    "Mandate",
    "OpenDataPublication",
    "OutboxEntry",
    "QueuePositionReport",
    "QueueStatistic",
    "QueueStatisticMonth",
    "QueueStatisticsSnapshot",
    "ReferenceVerificationFailure",
    "RehabilitationReference",
    "SatisfactionAnswer",
    "StatusEvent",
    "StorageDeletion",
    "Submission",
    "TechnicalAidRequest",
    "TechnicalAidRequestEvent",
    "TrainingBooking",
    "TrainingSessionRecord",
    "UsageEventRecord",
    "UsagePublication",
    "UsedTokenId",
    "WebSessionRecord",
    "metadata",
]
