"""The forms of the complaint to the State Labour Inspectorate.

The old form's sections for complaints on behalf of a legal person, "proposals"
and "consultation requests" are gone on purpose: hardly anyone used them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wtforms import EmailField, Field, Form, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation

from eservices.submissions.answer_channel import ANSWER_CHANNELS, email_given, offered_channels
from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from portal.address_field import AddressField
from portal.forms import DateInputField, MultiCheckboxField, PortalForm
from portal.identifiers import (
    InvalidRegistrationNumber,
    RegistrationNumberError,
    parse_registration_number,
)
from portal.templating import TIME_ZONE

BY_NUMBER = "number"
BY_NAME = "name"

# The inspectorate's usual complaint topics, as its own forms group them.
VIOLATIONS = (
    SelectChoice("unpaid_wages", _l("Wages not paid, paid late or only in part")),
    SelectChoice("overtime", _l("Overtime work or its pay")),
    SelectChoice("no_written_contract", _l("No written employment contract")),
    SelectChoice("undeclared_work", _l("Work not registered with the State Revenue Service")),
    SelectChoice("working_time", _l("Working time and rest")),
    SelectChoice("annual_leave", _l("Annual leave")),
    SelectChoice("occupational_safety", _l("Occupational safety or health")),
    SelectChoice("discrimination", _l("Discrimination or unequal treatment")),
    SelectChoice("dismissal", _l("Dismissal")),
    SelectChoice("other", _l("Something else")),
)



class EmployerForm(PortalForm):
    identify_by = RadioField(
        _l("How can you identify your employer?"),
        choices=[SelectChoice(BY_NUMBER, _l("By its registration number")),
                 SelectChoice(BY_NAME, _l("I do not know the number: by its name and the "
                                          "address where I work"))],
        description=_l("The registration number is on your employment contract and payslips. "
                       "In a shop or café of a chain or franchise it is often not known."),
        validators=[DataRequired(message=_l("Choose how you will identify your employer"))])


class RegisterNameField(Field):
    """The employer's name as the Enterprise Register gave it: set by the step's
    `prepare` hook after the lookup, never taken from what the browser posts."""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.data = data if isinstance(data, str) else ""


def registration_number_format(form: Form, field: Field) -> None:
    parsed = parse_registration_number(field.data or "")
    if isinstance(parsed, InvalidRegistrationNumber):
        if parsed.error is RegistrationNumberError.INVALID_CHARACTERS:
            raise StopValidation(_("The registration number can only contain digits"))
        raise StopValidation(_("The registration number must be 11 digits"))
    field.data = parsed.value


class EmployerNumberForm(PortalForm):
    registration_number = StringField(
        _l("Employer's registration number"),
        description=_l("11 digits, for example 40003528717"),
        validators=[DataRequired(message=_l("Enter the employer's registration number")),
                    registration_number_format],
        render_kw={"inputmode": "numeric", "spellcheck": False})
    register_name = RegisterNameField(_l("Name in the Enterprise Register"))

    def __init__(self, *args: Any, not_found: str = "", found_name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._not_found = not_found
        if found_name is not None:
            self.register_name.data = found_name

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if valid and self._not_found:
            self.registration_number.errors = [self._not_found]
            return False
        return valid


class EmployerNameForm(PortalForm):
    name = StringField(
        _l("Employer's name"),
        description=_l("As you know it: the company, shop or brand name."),
        validators=[DataRequired(message=_l("Enter the employer's name")), Length(max=200)],
        render_kw={"spellcheck": False})
    workplace = AddressField(
        _l("Address of your workplace"),
        description=_l("Type the address and press “Find address”, or choose the place on "
                       "the map."),
        validators=[DataRequired(message=_l("Enter the address of your workplace"))])


class WorkplaceForm(PortalForm):
    workplace = AddressField(
        _l("Address of your workplace"),
        description=_l("If you work somewhere other than the company's legal address, for "
                       "example in one of its shops or on a building site."),
        validators=[Optional()])


class ViolationsForm(PortalForm):
    categories = MultiCheckboxField(
        _l("What is the complaint about?"), choices=list(VIOLATIONS),
        description=_l("Choose all that apply."),
        validators=[DataRequired(message=_l("Choose at least one thing the complaint is "
                                            "about"))])
    description = TextAreaField(
        _l("Describe what happened"),
        description=_l("What the employer did or did not do, since when, and who is affected. "
                       "Amounts and dates help the inspector."),
        validators=[DataRequired(message=_l("Describe what happened")), Length(max=10000)],
        render_kw={"rows": 8})


def not_in_future(form: Form, field: Field) -> None:
    if field.data and field.data > datetime.now(TIME_ZONE).date():
        raise StopValidation(_("The date cannot be in the future"))


class EmploymentForm(PortalForm):
    period_from = DateInputField(
        _l("Since when has it been happening?"), description=_l("For example, 1 9 2026"),
        validators=[DataRequired(message=_l("Enter the date it started")), not_in_future])
    period_to = DateInputField(
        _l("Until when did it happen?"),
        description=_l("Leave empty if it is still happening."),
        validators=[Optional(), not_in_future])
    still_employed = RadioField(
        _l("Do you still work for this employer?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[DataRequired(message=_l("Say whether you still work for this employer"))])

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        start, end = self.period_from.data, self.period_to.data
        if valid and start and end and end < start:
            self.period_to.errors = [_("The end date must be the same as or after the start "
                                       "date")]
            return False
        return valid


class IdentityForm(PortalForm):
    keep_identity = RadioField(
        _l("Should the inspectorate keep your identity from the employer?"),
        choices=[SelectChoice("yes", _l("Yes, do not tell the employer that the complaint is "
                                        "from me")),
                 SelectChoice("no", _l("No, the employer may know that the complaint is from "
                                       "me"))],
        description=_l("If the complaint is about something only you are affected by, such as "
                       "your own wages, the employer may guess who complained even so."),
        validators=[DataRequired(message=_l("Say whether the inspectorate should keep your "
                                            "identity from the employer"))])


class FilesForm(PortalForm):
    """The files step has nothing to type: the attachments are the answer."""


class AnswerForm(PortalForm):
    channel = RadioField(
        _l("How do you want to receive the answer?"),
        choices=list(ANSWER_CHANNELS),
        validators=[DataRequired(message=_l("Choose how you want to receive the answer"))])
    email = EmailField(
        _l("E-mail address"), description=_l("Only if you chose e-mail."),
        validators=[Optional(), Email(message=_l(
            "Enter an e-mail address in the right format, like name@example.lv")),
                    Length(max=254)])

    def __init__(self, *args: Any, e_address: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel.choices = offered_channels(e_address)

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        return valid and email_given(self.channel, self.email)
