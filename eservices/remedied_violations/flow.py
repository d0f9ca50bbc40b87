"""Darba devēja paziņojums par novērstiem pārkāpumiem: the steps.

Only for a company (board member or mandate holder; `require_subject` sees to it).
The violations come from VDI as soon as the company is the subject; when it has
no active orders there is nothing to file, and the step says so.
"""

from __future__ import annotations

from eservices.attachments import UploadLimits
from eservices.remedied_violations.forms import ContactForm, ViolationsForm
from eservices.remedied_violations.service import prepare_violations, summarise_violations
from eservices.submissions.flow import AttachmentRule, Step, SubmissionFlow
from i18n.catalogs import lazy_gettext as _l

MiB = 1024 * 1024

FLOW = SubmissionFlow(
    slug="remedied_violations",
    steps=(
        Step("violations", _l("Violations in the inspectorate's orders"), ViolationsForm,
             # Evidence goes in one file input per violation (`evidence-<key>`); the rule
             # sets the limits for all of them together.
             attachments=AttachmentRule(
                 "evidence", _l("Evidence"),
                 limits=UploadLimits(max_file_size=100 * MiB, max_total_size=300 * MiB)),
             template="remedied_violations/violations.html",
             prepare=prepare_violations, summarise=summarise_violations),
        Step("contact", _l("Contact details"), ContactForm),
    ),
    description_template="remedied_violations/description.html",
)
