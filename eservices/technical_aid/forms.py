"""The forms of the application for a technical aid.

Fields the person does not type (what the registers answered, the aids' names
as the catalogue gives them) are `KeptField`s: set by a step's `prepare` hook,
never taken from what the browser posts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from wtforms import (
    EmailField,
    Field,
    Form,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation

from eservices.submissions.answer_channel import ANSWER_CHANNELS, email_given, offered_channels
from eservices.technical_aid.places import BRANCHES, HOME, PROVIDER_NAMES
from eservices.technical_aid.state_data import SOURCES
from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from portal.forms import MultiCheckboxField, PortalForm

YES = "yes"
NO = "no"


class KeptField(Field):
    """A value the service sets (from a register or the catalogue), never the browser."""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.data = data


CONSENT_QUESTION = _l("May the service get this information from the state registers?")
CONSENT_CHOICES = (SelectChoice(YES, _l("Yes, get it from the registers")),
                   SelectChoice(NO, _l("No, I will attach the documents myself")))


class ConsentForm(PortalForm):
    consent = RadioField(
        CONSENT_QUESTION, choices=list(CONSENT_CHOICES),
        validators=[DataRequired(message=_l("Say whether the service may get the information "
                                            "from the state registers"))])
    disability = KeptField()
    functioning = KeptField()
    residence = KeptField()
    social_assistance = KeptField()

    def __init__(self, *args: Any, fetched: dict[str, Any] | None = None, **kwargs: Any
                 ) -> None:
        super().__init__(*args, **kwargs)
        if fetched is not None:
            for key in SOURCES:
                self[key].data = fetched[key]
        elif self.consent.data != YES:
            # Without consent nothing fetched earlier is kept or sent.
            for key in SOURCES:
                self[key].data = None


class StateDataForm(PortalForm):
    remarks = TextAreaField(
        _l("Is any of this wrong or out of date?"),
        description=_l("For example, a new decision that the register does not show yet. "
                       "The provider will check it."),
        validators=[Optional(), Length(max=2000)], render_kw={"rows": 4})


class DocumentForm(PortalForm):
    """A documents step has nothing to type: the attachments are the answer."""


class ResidenceForm(PortalForm):
    address = StringField(
        _l("Address where the person lives"),
        description=_l("Street, house and flat, town or parish, postcode. The provider uses "
                       "it to find the nearest place to receive the aid."),
        validators=[DataRequired(message=_l("Enter the address where the person lives")),
                    Length(max=300)],
        render_kw={"autocomplete": "street-address"})


class AidsForm(PortalForm):
    aid_codes = MultiCheckboxField(
        _l("Which technical aids are needed?"),
        validators=[DataRequired(message=_l("Choose at least one technical aid"))])
    chosen = KeptField()

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (),
                 chosen: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aid_codes.choices = list(choices)
        if chosen is not None:
            self.chosen.data = chosen


class PlaceForm(PortalForm):
    """One provider's place: a branch, or the home when the aids allow it."""

    place = SelectField(
        _l("Where would you like to receive it?"),
        validators=[DataRequired(message=_l("Choose where you would like to receive the aid"))])
    delivery_address = StringField(
        _l("Address to bring it to"), description=_l("Only if you chose to have it brought "
                                                     "to the home."),
        validators=[Optional(), Length(max=300)], render_kw={"autocomplete": "street-address"})

    def __init__(self, *args: Any, provider: str = "", home: bool = False,
                 suggested: str | None = None, address: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [SelectChoice("", _("Choose a place"))]
        options += [SelectChoice(code, city) for code, city in BRANCHES.get(provider, ())]
        if home:
            options.append(SelectChoice(HOME, _("Bring it to the home")))
        else:
            del self["delivery_address"]
        self.place.choices = options
        self.place.label.text = _("Where would you like to receive the aid from %(provider)s?",
                                  provider=str(PROVIDER_NAMES.get(provider, provider)))
        # Suggestions fill a question shown for the first time, never what was posted
        # (a place or an address cleared on purpose must not come back by itself).
        if not self.place.raw_data and not self.place.data and suggested:
            self.place.data = suggested
        if (home and not self.delivery_address.raw_data and not self.delivery_address.data
                and address):
            self.delivery_address.data = address

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if (valid and self.place.data == HOME and "delivery_address" in self
                and not (self.delivery_address.data or "").strip()):
            self.delivery_address.errors = [_("Enter the address to bring the aid to")]
            return False
        return valid


_PHONE = re.compile(r"\+?[0-9]{8,15}")


def phone_number(form: Form, field: Field) -> None:
    digits = re.sub(r"[\s()-]", "", field.data or "")
    if not _PHONE.fullmatch(digits):
        raise StopValidation(_("Enter a phone number like 22012345 or +371 22012345"))
    field.data = digits


class ContactsForm(PortalForm):
    phone = TelField(
        _l("Phone number"),
        description=_l("The provider calls to agree on fitting and handing out the aid."),
        validators=[DataRequired(message=_l("Enter a phone number")), phone_number])
    email = EmailField(
        _l("E-mail address"), description=_l("Needed if you choose to be told by e-mail."),
        validators=[Optional(), Email(message=_l(
            "Enter an e-mail address in the right format, like name@example.lv")),
                    Length(max=254)])
    channel = RadioField(
        _l("How do you want to receive the answer?"), choices=list(ANSWER_CHANNELS),
        validators=[DataRequired(message=_l("Choose how you want to receive the answer"))])

    def __init__(self, *args: Any, e_address: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel.choices = offered_channels(e_address)

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        return valid and email_given(self.channel, self.email)
