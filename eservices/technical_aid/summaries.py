"""How the steps whose answers are not plain fields read back (check page, receipt)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eservices.submissions.flow import Summarise
from eservices.submissions.models import Attachment
from eservices.technical_aid.describe import state_rows
from eservices.technical_aid.forms import CONSENT_CHOICES, CONSENT_QUESTION, YES
from eservices.technical_aid.places import HOME, PROVIDER_NAMES, place_label
from i18n.catalogs import get_locale
from i18n.catalogs import gettext as _


def summarise_consent(answers: Mapping[str, Any],
                      attachments: Sequence[Attachment]) -> list[tuple[str, str]]:
    given = answers.get("consent") == YES
    rows = [(str(CONSENT_QUESTION), str(CONSENT_CHOICES[0 if given else 1].label))]
    return rows + (state_rows(answers) if given else [])


def summarise_aids(answers: Mapping[str, Any],
                   attachments: Sequence[Attachment]) -> list[tuple[str, str]]:
    suffix = "en" if get_locale() == "en" else "lv"
    chosen = [item for item in answers.get("chosen") or [] if isinstance(item, dict)]
    names = [f"{item.get(f'name_{suffix}')} ({PROVIDER_NAMES.get(str(item.get('provider')), '')})"
             for item in chosen]
    return [(_("Technical aids"), "; ".join(names))]


def summarise_place(provider: str) -> Summarise:
    def summarise(answers: Mapping[str, Any],
                  attachments: Sequence[Attachment]) -> list[tuple[str, str]]:
        place = str(answers.get("place") or "")
        where = place_label(place)
        if place == HOME:
            where = f"{where}: {answers.get('delivery_address') or ''}"
        return [(_("Where the aid from %(provider)s is received",
                   provider=str(PROVIDER_NAMES.get(provider, provider))), where)]

    return summarise
