"""Usage metrics of the e-services: events, daily figures, the satisfaction question,
the operators' dashboard, and publishing to the national service platform.

What the submission life cycle calls (in the request's transaction):

    await record_request_usage(request, service_slug=..., event=UsageEvent.STARTED,
                               draft_id=draft.id, step=first_step.slug)
    await record_request_usage(request, ..., event=UsageEvent.STEP, step=step.slug)
    await record_request_usage(request, ..., event=UsageEvent.STEP, step=CHECK_STEP)
    await record_request_usage(request, ..., event=UsageEvent.SUBMITTED,
                               started_at=draft.created_at)
    satisfaction_link(request, service_slug=..., draft_id=submission.draft_id)

or `record_usage(db_session, ...)` with the journey, device class and language
given explicitly (`journey_for`, `device_class_from`).
"""

from portal.usage_metrics.events import (
    CHECK_STEP,
    DeviceClass,
    UsageEvent,
    device_class_from,
    journey_for,
    new_journey_id,
    record_request_usage,
    record_usage,
)
from portal.usage_metrics.survey import satisfaction_link

__all__ = [
    "CHECK_STEP",
    "DeviceClass",
    "UsageEvent",
    "device_class_from",
    "journey_for",
    "new_journey_id",
    "record_request_usage",
    "record_usage",
    "satisfaction_link",
]
