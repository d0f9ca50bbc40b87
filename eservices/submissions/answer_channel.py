"""How a person gets the answer: in the portal, an e-mail saying it is there, or the
official e-address.

Shared by the services that ask: the choices, the rule that an e-mail address is
needed only for e-mail, and the e-address offered only to a subject who has one.
"""

from __future__ import annotations

from wtforms import EmailField, RadioField
from wtforms.fields.choices import SelectChoice

from adapters.e_address.base import EAddress, RecipientKind
from adapters.errors import AdapterError
from eservices.registry import SubjectKind
from eservices.submissions.flow import StepInput
from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l

PORTAL = "portal"
EMAIL = "email"
E_ADDRESS = "e_address"

ANSWER_CHANNELS = (
    SelectChoice(PORTAL, _l("In this portal, in “My submissions”")),
    SelectChoice(EMAIL, _l("By e-mail: a message that the answer is in the portal")),
    SelectChoice(E_ADDRESS, _l("To the official e-address")),
)


def offered_channels(e_address: bool) -> list[SelectChoice]:
    """Without an e-address that choice is neither offered nor accepted."""
    return [c for c in ANSWER_CHANNELS if e_address or c.value != E_ADDRESS]


def email_given(channel: RadioField, email: EmailField) -> bool:
    """False, with the error on `email`, when e-mail was chosen without an address."""
    if channel.data == EMAIL and not (email.data or "").strip():
        email.errors = [_("Enter the e-mail address to send the message to")]
        return False
    return True


async def has_e_address(step: StepInput) -> bool:
    """Whether the subject has an active e-address. Not offered when the e-address
    system cannot tell: e-mail and the portal still are."""
    kind = (RecipientKind.COMPANY if step.subject.kind is SubjectKind.COMPANY
            else RecipientKind.PERSON)
    adapter: EAddress = step.request.app.state.adapters.e_address
    try:
        return await adapter.has_e_address(kind, step.subject.identifier)
    except AdapterError:
        return False
