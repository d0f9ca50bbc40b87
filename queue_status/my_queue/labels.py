"""The words "my queue" uses for SPOLIS' statuses and the providers."""

from __future__ import annotations

from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from queue_status.models import Provider, RequestStatus

STATUS_LABELS = {
    RequestStatus.RECEIVED.value: _l("Received"),
    RequestStatus.UNDER_REVIEW.value: _l("Under review"),
    RequestStatus.IN_QUEUE.value: _l("In the queue"),
    RequestStatus.OFFERED.value: _l("Aid offered"),
    RequestStatus.ISSUED.value: _l("Aid issued"),
    RequestStatus.REJECTED.value: _l("Refused"),
}

PROVIDER_LABELS = {
    Provider.VAIVARI.value: _l("NRC “Vaivari”"),
    Provider.DEAF_ASSOCIATION.value: _l("Latvian Association of the Deaf"),
    Provider.BLIND_SOCIETY.value: _l("Latvian Society of the Blind"),
}


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else _("Unknown status (%(code)s)", code=status)


def provider_label(provider: str) -> str:
    label = PROVIDER_LABELS.get(provider)
    return str(label) if label is not None else provider
