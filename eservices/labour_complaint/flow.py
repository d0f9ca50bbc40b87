"""Iesniegums Darba inspekcijai: the steps.

The employer is given by registration number (the name is shown back from the
Enterprise Register) or, when the number is not known, by name and the address
of the workplace (register search, or a point on the map; both work without
JavaScript). Only a person acting for themselves can complain here.
"""

from __future__ import annotations

from eservices.attachments import UploadLimits
from eservices.labour_complaint.forms import (
    BY_NAME,
    BY_NUMBER,
    AnswerForm,
    EmployerForm,
    EmployerNameForm,
    EmployerNumberForm,
    EmploymentForm,
    FilesForm,
    IdentityForm,
    ViolationsForm,
    WorkplaceForm,
)
from eservices.labour_complaint.service import (
    prepare_answer,
    prepare_employer_number,
    prepare_workplace,
)
from eservices.submissions.flow import Answers, AttachmentRule, Step, SubmissionFlow
from i18n.catalogs import lazy_gettext as _l

MiB = 1024 * 1024


def by_number(answers: Answers) -> bool:
    return answers.get("employer", {}).get("identify_by") == BY_NUMBER


def by_name(answers: Answers) -> bool:
    return answers.get("employer", {}).get("identify_by") == BY_NAME


FLOW = SubmissionFlow(
    slug="labour_complaint",
    steps=(
        Step("employer", _l("Your employer"), EmployerForm),
        Step("employer_number", _l("Employer's registration number"), EmployerNumberForm,
             is_needed=by_number, prepare=prepare_employer_number,
             template="labour_complaint/employer_number.html"),
        Step("workplace", _l("Your workplace"), WorkplaceForm, is_needed=by_number,
             prepare=prepare_workplace, template="labour_complaint/workplace.html"),
        Step("employer_name", _l("Employer's name and your workplace"), EmployerNameForm,
             is_needed=by_name),
        Step("violations", _l("What the complaint is about"), ViolationsForm),
        Step("employment", _l("When it happened"), EmploymentForm),
        Step("identity", _l("Your identity"), IdentityForm),
        # Scanned bank statements and contracts are large: the old 4 MB cap is gone, and a
        # year of scanned statements can pass 100 MB, so one file may have 200 MB here.
        Step("files", _l("Documents"), FilesForm, attachments=AttachmentRule(
            "evidence", _l("Documents"),
            hint=_l("For example, your employment contract, payslips, bank statements or "
                    "photos. You can add several files, up to 300 MB together."),
            limits=UploadLimits(max_file_size=200 * MiB, max_total_size=300 * MiB))),
        Step("answer", _l("How you get the answer"), AnswerForm, prepare=prepare_answer),
    ),
    channel_answer=("answer", "channel"),
    email_answer=("answer", "email"),
    description_template="labour_complaint/description.html",
)
