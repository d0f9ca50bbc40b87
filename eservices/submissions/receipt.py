"""A receipt as plain text: opens anywhere, reads well aloud, prints on any printer."""

from __future__ import annotations

from collections.abc import Sequence

from eservices.registry import EService
from eservices.submissions.models import Submission
from eservices.submissions.presentation import Section
from i18n.catalogs import get_locale
from i18n.catalogs import gettext as _
from portal.templating import local_date, local_datetime


def receipt_text(submission: Submission, service: EService | None,
                 sections: Sequence[Section]) -> str:
    lines = [
        _("Welfare e-services"),
        _("Receipt"),
        "",
        f"{_('Reference number')}: {submission.reference}",
        f"{_('E-service')}: {service.title if service else submission.service_slug}",
        f"{_('Sent')}: {local_datetime(submission.submitted_at)}",
        f"{_('Sent by')}: {submission.actor_name}",
        f"{_('On behalf of')}: {submission.subject_name}",
    ]
    if submission.purged_at is not None:  # the retention rule (portal/housekeeping)
        keeper = (_("%(institution)s keeps the original. If you need a copy, ask the "
                    "institution.", institution=str(service.institution)) if service else
                  _("The institution that received it keeps the original. If you need a copy, "
                    "ask the institution."))
        lines += ["", _("The details were removed from the portal on %(date)s, after the "
                        "retention period for submissions.",
                        date=local_date(submission.purged_at, "d MMMM yyyy" if get_locale() == "en"
                                        else "dd.MM.yyyy.")), keeper]
    for section in sections:
        lines += ["", section.title, "-" * len(section.title)]
        lines += [f"{label}: {value or _('Not given')}" for label, value, *_rest in section.rows]
    return "\n".join(lines) + "\n"
