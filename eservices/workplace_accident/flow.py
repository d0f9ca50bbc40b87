"""Paziņojums par nelaimes gadījumu darbā: the steps.

The first question is how serious the accident is: a fatal, severe or group
accident must be reported to the inspectorate at once by phone, so for those the
service says so, and how, before asking anything else; then the written report
follows. The employer reports through a company subject; anyone involved may
report for themselves.
"""

from __future__ import annotations

from eservices.attachments import UploadLimits
from eservices.submissions.flow import AttachmentRule, Step, SubmissionFlow
from eservices.workplace_accident.forms import (
    ContactForm,
    EmployerForm,
    FilesForm,
    ReportedForm,
    ReporterForm,
    SeverityForm,
    VictimForm,
    WhatHappenedForm,
    WhenWhereForm,
    WitnessesForm,
)
from eservices.workplace_accident.service import (
    employer_not_reporting,
    prepare_reporter,
    prepare_urgent,
    report_at_once,
    summarise_reporter,
    summarise_witnesses,
    victim_not_reporting,
)
from i18n.catalogs import lazy_gettext as _l

MiB = 1024 * 1024

FLOW = SubmissionFlow(
    slug="workplace_accident",
    steps=(
        Step("severity", _l("How serious it is"), SeverityForm),
        Step("report_at_once", _l("Report it to the inspectorate at once"), ReportedForm,
             is_needed=report_at_once, prepare=prepare_urgent,
             template="workplace_accident/report_at_once.html"),
        Step("reporter", _l("About you"), ReporterForm, prepare=prepare_reporter,
             summarise=summarise_reporter, template="workplace_accident/reporter.html"),
        Step("when_where", _l("When and where"), WhenWhereForm),
        Step("employer", _l("The employer"), EmployerForm, is_needed=employer_not_reporting),
        Step("victim", _l("The injured person"), VictimForm, is_needed=victim_not_reporting),
        Step("what_happened", _l("What happened"), WhatHappenedForm),
        Step("witnesses", _l("Witnesses"), WitnessesForm, summarise=summarise_witnesses,
             template="workplace_accident/witnesses.html"),
        Step("files", _l("Photos and documents"), FilesForm, attachments=AttachmentRule(
            "evidence", _l("Photos and documents"),
            hint=_l("For example, photos of the place, a medical certificate or the "
                    "employer's internal report."),
            limits=UploadLimits(max_file_size=100 * MiB, max_total_size=300 * MiB))),
        Step("contact", _l("Your contact details"), ContactForm),
    ),
    description_template="workplace_accident/description.html",
)
