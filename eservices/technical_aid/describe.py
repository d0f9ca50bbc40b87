"""How the registers' answers read: on the "what the state knows" page, on the check
page and on the receipt. The stored answers are language-neutral (see
`state_data`); these words are the reader's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eservices.technical_aid.state_data import (
    DISABILITY,
    FOUND,
    FUNCTIONING,
    NONE,
    RESIDENCE,
    SOCIAL_ASSISTANCE,
    SOURCES,
    data_of,
    status_of,
)
from i18n.catalogs import get_locale
from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from portal.templating import local_date

TOPICS = {
    DISABILITY: _l("Disability"),
    FUNCTIONING: _l("Functioning assessment or specialist's recommendation"),
    RESIDENCE: _l("Declared residence"),
    SOCIAL_ASSISTANCE: _l("Needy or low-income person status"),
}
SOURCE_NAMES = {
    DISABILITY: _l("VDEĀVK disability information system"),
    FUNCTIONING: _l("NRC “Vaivari” functioning assessment database and e-health"),
    RESIDENCE: _l("Population Register"),
    SOCIAL_ASSISTANCE: _l("municipal social assistance system SOPA"),
}
NOTHING_FOUND = {
    DISABILITY: _l("No disability is recorded."),
    FUNCTIONING: _l("No functioning assessment or recommendation for a technical aid is "
                    "recorded."),
    RESIDENCE: _l("No declared residence is recorded."),
    SOCIAL_ASSISTANCE: _l("No needy or low-income person status is recorded."),
}


# Dates inside sentences: Latvian numerals need no case ending ("no 04.03.2025."),
# which a month's name after "no" or "līdz" would.
DATE_PATTERNS = {"lv": "dd.MM.yyyy.", "en": "d MMMM yyyy"}


def _day(value: Any) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return local_date(day, DATE_PATTERNS.get(get_locale(), "long"))


def _disability(data: Mapping[str, Any]) -> str:
    group = str(data.get("group", ""))
    what = (_("Child with a disability") if group == "child"
            else _("Disability group %(group)s", group=group))
    if data.get("valid_until"):
        when = _("valid from %(start)s until %(end)s", start=_day(data.get("valid_from")),
                 end=_day(data["valid_until"]))
    else:
        when = _("valid from %(start)s without a time limit", start=_day(data.get("valid_from")))
    return _("%(what)s, %(when)s (decision No. %(number)s)", what=what, when=when,
             number=str(data.get("decision_number", "")))


def group_name(data: Mapping[str, Any], code: str) -> str:
    """A recommended group's name as the catalogue had it when the answer came."""
    names = (data.get("group_names") or {}).get(code) or {}
    return str(names.get(get_locale()) or names.get("lv") or code)


def _functioning(data: Mapping[str, Any]) -> str:
    groups = [group_name(data, str(code)) for code in data.get("recommended_groups") or []]
    said = _("Assessed on %(day)s by %(specialist)s, %(institution)s.",
             day=_day(data.get("assessed_on")), specialist=str(data.get("specialist", "")),
             institution=str(data.get("institution", "")))
    if not groups:
        return said + " " + _("No technical aid was recommended.")
    return said + " " + _("Recommended: %(groups)s.", groups=", ".join(groups))


def _income(data: Mapping[str, Any]) -> str:
    kind = (_("Needy person") if data.get("kind") == "needy" else _("Low-income person"))
    return _("%(kind)s, %(municipality)s, valid until %(end)s", kind=kind,
             municipality=str(data.get("municipality", "")), end=_day(data.get("valid_until")))


def describe(key: str, fetched: Any) -> str:
    """One source's answer as a sentence."""
    status = status_of(fetched)
    if status == NONE:
        return str(NOTHING_FOUND[key])
    if status != FOUND:
        return _("Not known: the %(source)s did not answer.", source=str(SOURCE_NAMES[key]))
    data = data_of(fetched)
    if key == DISABILITY:
        return _disability(data)
    if key == FUNCTIONING:
        return _functioning(data)
    if key == SOCIAL_ASSISTANCE:
        return _income(data)
    return str(data.get("address", ""))


def co_payment(fetched: Any) -> str:
    """What the social assistance answer means for the co-payment."""
    status = status_of(fetched)
    if status == FOUND and data_of(fetched).get("exempt_from_co_payment"):
        return _("You do not pay the co-payment: the status frees you from it.")
    if status == NONE:
        return _("The co-payment applies, unless you attach a municipality's decision on the "
                 "needy or low-income person status.")
    return _("The institution will check whether the co-payment applies.")


def state_rows(consent: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(topic, answer) for every source, and the co-payment that follows."""
    rows = [(str(TOPICS[key]), describe(key, consent.get(key))) for key in SOURCES]
    rows.append((_("Co-payment"), co_payment(consent.get(SOCIAL_ASSISTANCE))))
    return rows
