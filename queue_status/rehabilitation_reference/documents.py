"""What a person can do about a document SIVA still misses, by SRIS' document code."""

from __future__ import annotations

from babel.support import LazyProxy

from i18n.catalogs import lazy_gettext as _l

GUIDANCE: dict[str, LazyProxy] = {
    "application": _l("Sign the application for the service and send it to SIVA."),
    "family_doctor_statement": _l(
        "Ask your family doctor for a statement on your health for social rehabilitation. "
        "The doctor can send it to SIVA electronically; otherwise send it yourself."),
    "functioning_assessment": _l(
        "Ask the specialist who assessed your functioning to send the assessment to SIVA, "
        "or send a copy yourself."),
}


def guidance(document_code: str) -> LazyProxy | None:
    """Advice for one kind of document; None for kinds the portal does not know yet
    (the page then gives only the general way to send documents)."""
    return GUIDANCE.get(document_code)
