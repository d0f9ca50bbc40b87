"""How a reference's facts are worded, in the reader's language, on pages and in the PDF."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from i18n.catalogs import get_locale
from portal.templating import local_date
from queue_status.rehabilitation_reference.models import RehabilitationReference

# "On <day>" in Latvian needs the locative ("23. novembrī"), which Babel's long date
# does not give; the numeric date reads right in any sentence.
ON_DAY_PATTERNS = {"lv": "dd.MM.yyyy.", "en": "d MMMM yyyy"}


def on_day(moment: datetime) -> str:
    return local_date(moment, ON_DAY_PATTERNS.get(get_locale(), ON_DAY_PATTERNS["lv"]))


def in_locale(latvian: str, english: str) -> str:
    return english if get_locale() == "en" else latvian


def reference_context(found: RehabilitationReference) -> dict[str, Any]:
    """What the reference pages show besides the row itself."""
    locale = get_locale()
    return {
        "service_name": found.service_name(locale),
        "received": found.document_names(locale, received=True),
        "missing": found.document_names(locale, received=False),
        "on_day": on_day(found.issued_at),
    }
