"""What the accident report decides from who is reporting, and how its lists read back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eservices.registry import SubjectKind
from eservices.submissions.flow import Answers, Preparation, StepInput
from eservices.submissions.models import Attachment
from eservices.workplace_accident.forms import (
    EMPLOYER,
    REPORT_AT_ONCE,
    ROLES,
    VICTIM,
    CompanyReporterForm,
    PersonReporterForm,
)
from i18n.catalogs import gettext as _

# The inspectorate's phone for accidents that must be reported at once; written as
# people dial it in Latvia, and in international form for the tel: link.
VDI_PHONE = "67186522"
VDI_PHONE_LINK = "tel:+37167186522"


def severity(answers: Answers) -> str:
    return str(answers.get("severity", {}).get("severity") or "")


def report_at_once(answers: Answers) -> bool:
    return severity(answers) in REPORT_AT_ONCE


def role(answers: Answers) -> str:
    return str(answers.get("reporter", {}).get("role") or "")


def employer_not_reporting(answers: Answers) -> bool:
    return role(answers) != EMPLOYER


def victim_not_reporting(answers: Answers) -> bool:
    return role(answers) != VICTIM


async def prepare_reporter(step: StepInput) -> Preparation:
    """The employer reports only through a company subject; a person chooses the rest."""
    if step.subject.kind is SubjectKind.COMPANY:
        return Preparation(context={"company": step.subject.name}, form=CompanyReporterForm)
    return Preparation(context={"company": ""}, form=PersonReporterForm)


async def prepare_urgent(step: StepInput) -> Preparation:
    return Preparation(context={"phone": VDI_PHONE, "phone_link": VDI_PHONE_LINK})


def summarise_reporter(answers: Mapping[str, Any],
                       attachments: Sequence[Attachment]) -> list[tuple[str, str]]:
    labels = {choice.value: str(choice.label) for choice in ROLES}
    rows = [(_("Who are you in this accident?"), labels.get(str(answers.get("role")), ""))]
    if answers.get("position"):
        rows.append((_("Your position at the company"), str(answers["position"])))
    return rows


def summarise_witnesses(answers: Mapping[str, Any],
                        attachments: Sequence[Attachment]) -> list[tuple[str, str]]:
    given = [w for w in answers.get("witnesses") or [] if isinstance(w, dict)]
    if not given:
        return [(_("Witnesses"), "")]
    return [(_("Witness %(number)s", number=number),
             f"{w.get('name', '')} ({w['contact']})" if w.get("contact") else str(w.get("name")))
            for number, w in enumerate(given, start=1)]
