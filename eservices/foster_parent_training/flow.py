"""The training sign-up as the shared life cycle sees it.

Choosing a session, confirming the co-applicant with the Population Register and
taking a seat need SPOLIS and the database while the page is built, so those
pages are this package's own (`views.py`), and a sign-up is sent in the same
transaction that takes its seat. The shared parts still serve it: the start page
(whose first step asks for the training and region, then hands over to
`/trainings/sessions`), and "My submissions" and the receipt, which read a
sign-up or a cancellation back through the steps below. A step is shown only
when the submission has its answers, and the shared step pages accept none:
nothing can be sent around the seat count.
"""

from __future__ import annotations

from eservices.foster_parent_training.forms import (
    ApplicantsAnswers,
    CancellationAnswers,
    ContactAnswers,
    SessionAnswers,
    TrainingAnswers,
    TrainingChoiceForm,
)
from eservices.submissions.flow import Step, SubmissionFlow, never, present
from i18n.catalogs import lazy_gettext as _l

FLOW = SubmissionFlow(
    slug="foster_parent_training",
    steps=(
        Step("choose", _l("Training and region"), TrainingChoiceForm, is_needed=never,
             template="foster_parent_training/choose.html"),
        Step("training", _l("Training"), TrainingAnswers, is_needed=present("training")),
        Step("session", _l("Training session"), SessionAnswers, is_needed=present("session")),
        Step("applicants", _l("Applicants"), ApplicantsAnswers,
             is_needed=present("applicants")),
        Step("contact", _l("Telling you about changes"), ContactAnswers,
             is_needed=present("contact")),
        Step("cancellation", _l("Cancellation"), CancellationAnswers,
             is_needed=present("cancellation")),
    ),
    channel_answer=("contact", "channel"),
    email_answer=("contact", "email"),
    description_template="foster_parent_training/about.html",
)
