"""How answers read back: check-your-answers sections, messages about files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from eservices.attachments import RejectedAttachment, RejectionReason
from eservices.registry import EService
from eservices.submissions.flow import AttachmentRule, SubmissionFlow, display_value, restore
from eservices.submissions.models import Attachment, SubmissionStatus
from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from portal.templating import local_number

Row = tuple[str, str, str | None, str | None]  # label, value, change URL, change label


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row]


STATUS_LABELS = {
    SubmissionStatus.RECEIVED: _l("Received by the portal"),
    SubmissionStatus.DELIVERED: _l("Delivered to the institution"),
    SubmissionStatus.IN_REVIEW: _l("Under review"),
    SubmissionStatus.NEEDS_INFORMATION: _l("More information needed"),
    SubmissionStatus.IN_QUEUE: _l("In the queue"),
    SubmissionStatus.ANSWERED: _l("Answered"),
    SubmissionStatus.REJECTED: _l("Rejected"),
    SubmissionStatus.CLOSED: _l("Closed"),
}


def status_label(status: str) -> str:
    try:
        return str(STATUS_LABELS[SubmissionStatus(status)])
    except ValueError:  # a status this portal version does not know yet
        return status


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return _("%(size)s MB", size=local_number(round(size / 1024 / 1024, 1)))
    return _("%(size)s KB", size=local_number(max(1, round(size / 1024))))


def summary_sections(
    request: Request,
    service: EService,
    flow: SubmissionFlow,
    answers: dict[str, Any],
    attachments: Sequence[Attachment],
    *,
    editable: bool,
) -> list[Section]:
    sections = []
    for step in flow.needed_steps(answers):
        form = step.form(data=restore(step.form, answers.get(step.slug)))
        change = None
        if editable:
            change = str(request.url_for("eservice_step", service=service.slug,
                                         step=step.slug).path) + "?change=1"
        rows: list[Row] = [
            (str(f.label.text), display_value(f), change, str(f.label.text)) for f in form
        ]
        if step.attachments is not None:
            names = [f"{a.filename} ({file_size(a.size)})"
                     for a in step.attachments.files_among(attachments)]
            rows.append((str(step.attachments.label), ", ".join(names), change,
                         str(step.attachments.label)))
        sections.append(Section(str(step.title), rows))
    return sections


def rejection_message(rejected: RejectedAttachment, rule: AttachmentRule | None) -> str:
    name = rejected.filename or _("The file")
    limits = rule.limits if rule else None
    if rejected.reason == RejectionReason.TOO_LARGE and limits:
        return _("%(name)s is larger than %(limit)s", name=name,
                 limit=file_size(limits.max_file_size))
    if rejected.reason == RejectionReason.TOTAL_TOO_LARGE and limits:
        return _("%(name)s was not added: all files together must be smaller than %(limit)s",
                 name=name, limit=file_size(limits.max_total_size))
    if rejected.reason == RejectionReason.TYPE_NOT_ALLOWED:
        return _("%(name)s must be a PDF, JPG, PNG, HEIC, DOCX, XLSX, ODT, ODS or TXT file",
                 name=name)
    if rejected.reason == RejectionReason.EMPTY:
        return _("%(name)s is empty", name=name)
    if rejected.reason == RejectionReason.INFECTED:
        return _("%(name)s contains a virus and was deleted", name=name)
    if rejected.reason == RejectionReason.TOO_MANY_FILES:
        return _("%(name)s was not added: too many files", name=name)
    return _("%(name)s could not be added", name=name)


def missing_attachment_message(rule: AttachmentRule) -> str:
    return _("Attach at least one file: %(label)s", label=str(rule.label))
