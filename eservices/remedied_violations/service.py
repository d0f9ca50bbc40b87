"""Where the notice meets VDI: the company's active orders for the violations step,
and how the answers about them read back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from adapters.errors import AdapterError
from adapters.vdi.base import AdministrativeAct
from eservices.remedied_violations.forms import (
    NOT_YET,
    REMEDIED,
    evidence_field,
    listed_violations,
    violations_form,
)
from eservices.submissions.flow import Preparation, StepInput
from eservices.submissions.models import Attachment
from eservices.submissions.presentation import file_size
from i18n.catalogs import gettext as _
from portal.templating import local_date


async def prepare_violations(step: StepInput) -> Preparation:
    """VDI's active orders of the company the person acts for, asked afresh each time:
    an order closed since the last visit must not be answered again."""
    vdi = step.request.app.state.adapters.vdi
    try:
        acts: list[AdministrativeAct] = await vdi.list_active_acts(step.subject.identifier)
    except AdapterError:
        # Nothing can be answered without the list; the draft stays as it is.
        return Preparation(context={"vdi_unavailable": True, "acts": []},
                           form=violations_form([], _(
                               "The orders cannot be fetched from the State Labour "
                               "Inspectorate at the moment. Please try again later")))
    listed = listed_violations(acts)
    # The template names each violation's fields by key and by its number in the list.
    numbered = {item["violation_id"]: (item["key"], n) for n, item in enumerate(listed, start=1)}
    return Preparation(context={"vdi_unavailable": False, "acts": acts, "listed": numbered},
                       form=violations_form(listed))


def summarise_violations(answers: Mapping[str, Any],
                         attachments: Sequence[Attachment]) -> list[tuple[str, str]]:
    rows = []
    for number, item in enumerate(answers.get("listed") or [], start=1):
        key = item["key"]
        label = _("Violation %(number)s, order %(act)s: %(description)s", number=number,
                  act=item["act_number"], description=item["description"])
        parts = []
        remedied = answers.get(f"{key}-remedied")
        if remedied == REMEDIED:
            when = answers.get(f"{key}-remedied_on")
            parts.append(_("Remedied on %(date)s.", date=local_date(date.fromisoformat(when)))
                         if when else _("Remedied."))
        elif remedied == NOT_YET:
            parts.append(_("Not remedied yet."))
        if answers.get(f"{key}-measures"):
            parts.append(_("Measures: %(measures)s", measures=answers[f"{key}-measures"]))
        files = [f"{a.filename} ({file_size(a.size)})" for a in attachments
                 if a.field_name == evidence_field(key)]
        if files:
            parts.append(_("Evidence: %(files)s", files=", ".join(files)))
        rows.append((label, " ".join(parts)))
    return rows
