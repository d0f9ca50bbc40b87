"""The appointment booking as the shared life cycle sees it.

Free times come from SPOLIS while the page is built and a slot is taken in the
transaction that sends the booking, so those pages are this package's own
(`views.py`). The shared start page leads to the first step below, which asks
for the kind of specialist and hands over to `/appointments/slots`; "My
submissions" and the receipt read a booking, a move or a cancellation back
through the other steps, each shown only when the submission has its answers.
"""

from __future__ import annotations

from eservices.specialist_appointment.forms import (
    AppointmentAnswers,
    CancellationAnswers,
    ContactAnswers,
    MoveAnswers,
    SpecialistChoiceForm,
)
from eservices.submissions.flow import Step, SubmissionFlow, never, present
from i18n.catalogs import lazy_gettext as _l

FLOW = SubmissionFlow(
    slug="specialist_appointment",
    steps=(
        Step("choose", _l("Specialist"), SpecialistChoiceForm, is_needed=never,
             template="specialist_appointment/choose.html"),
        Step("appointment", _l("Appointment"), AppointmentAnswers,
             is_needed=present("appointment")),
        Step("move", _l("Moved"), MoveAnswers, is_needed=present("move")),
        Step("contact", _l("Reminder"), ContactAnswers, is_needed=present("contact")),
        Step("cancellation", _l("Cancellation"), CancellationAnswers,
             is_needed=present("cancellation")),
    ),
    channel_answer=("contact", "channel"),
    email_answer=("contact", "email"),
    description_template="specialist_appointment/about.html",
)
