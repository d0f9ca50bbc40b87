"""The forms of the report of an accident at work."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from wtforms import EmailField, Field, Form, RadioField, StringField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation

from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from portal.address_field import AddressField
from portal.forms import DateInputField, PortalForm
from portal.identifiers import (
    InvalidPersonalCode,
    InvalidRegistrationNumber,
    parse_personal_code,
    parse_registration_number,
)
from portal.templating import TIME_ZONE

FATAL, SEVERE, GROUP, OTHER = "fatal", "severe", "group", "other"
# These must be reported to the inspectorate at once, by phone, before anything else.
REPORT_AT_ONCE = frozenset({FATAL, SEVERE, GROUP})

VICTIM, WITNESS, KNOWS, EMPLOYER = "victim", "witness", "knows", "employer"
ROLES = (
    SelectChoice(VICTIM, _l("I was injured (the victim)")),
    SelectChoice(WITNESS, _l("I saw it happen (a witness)")),
    SelectChoice(KNOWS, _l("I know about it")),
    SelectChoice(EMPLOYER, _l("The employer")),
)
WITNESS_SLOTS = 3


class SeverityForm(PortalForm):
    severity = RadioField(
        _l("How serious is the accident?"),
        choices=[
            SelectChoice(FATAL, _l("Someone died")),
            SelectChoice(SEVERE, _l("Someone was severely injured")),
            SelectChoice(GROUP, _l("Two or more people were injured")),
            SelectChoice(OTHER, _l("None of these")),
        ],
        description=_l("Choose the first that applies."),
        validators=[DataRequired(message=_l("Choose how serious the accident is"))])


class ReportedForm(PortalForm):
    called = RadioField(
        _l("Have you told the inspectorate by phone?"),
        choices=[SelectChoice("yes", _l("Yes, I have called")),
                 SelectChoice("no", _l("Not yet"))],
        validators=[DataRequired(message=_l("Say whether you have told the inspectorate by "
                                            "phone"))])


class HeldRole(Field):
    """The role when acting for a company: the employer, whatever was posted."""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.data = EMPLOYER


class ReporterForm(PortalForm):
    """As declared for the summary; `reporter_form` gives the form a person answers."""

    role = RadioField(
        _l("Who are you in this accident?"), choices=list(ROLES),
        validators=[DataRequired(message=_l("Choose who you are in this accident"))])
    position = StringField(
        _l("Your position at the company"),
        description=_l("For example, occupational safety specialist or site manager."),
        validators=[Optional(), Length(max=200)])


class PersonReporterForm(ReporterForm):
    """Acting for themselves: not the employer (that needs acting for the company)."""

    role = RadioField(
        _l("Who are you in this accident?"),
        choices=[c for c in ROLES if c.value != EMPLOYER],
        description=_l("To report as the employer, switch to acting for the company."),
        validators=[DataRequired(message=_l("Choose who you are in this accident"))])
    position = None  # asked only of an employer's representative


class CompanyReporterForm(ReporterForm):
    role = HeldRole(_l("Who are you in this accident?"))
    position = StringField(
        _l("Your position at the company"),
        description=_l("For example, occupational safety specialist or site manager."),
        validators=[DataRequired(message=_l("Enter your position at the company")),
                    Length(max=200)])


def not_in_future(form: Form, field: Field) -> None:
    if field.data and field.data > datetime.now(TIME_ZONE).date():
        raise StopValidation(_("The date cannot be in the future"))


_TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")


def time_of_day(form: Form, field: Field) -> None:
    text = (field.data or "").strip()
    if not text:
        return
    match = _TIME.fullmatch(text)
    if match is None:
        raise StopValidation(_("Enter the time as hours and minutes, for example 14:30"))
    field.data = f"{int(match.group(1)):02d}:{match.group(2)}"


class WhenWhereForm(PortalForm):
    happened_on = DateInputField(
        _l("Date of the accident"), description=_l("For example, 17 11 2026"),
        validators=[DataRequired(message=_l("Enter the date of the accident")), not_in_future])
    happened_at = StringField(
        _l("Time of the accident"), description=_l("If you know it, for example 14:30"),
        validators=[Optional(), time_of_day], render_kw={"inputmode": "numeric"})
    place = AddressField(
        _l("Where did it happen?"),
        description=_l("The address: type it and press “Find address”, or choose the place "
                       "on the map."),
        validators=[DataRequired(message=_l("Enter where the accident happened"))])
    place_details = StringField(
        _l("Where exactly at that address"),
        description=_l("For example, warehouse, loading ramp, 3rd floor."),
        validators=[Optional(), Length(max=300)])


def registration_number_if_given(form: Form, field: Field) -> None:
    if not (field.data or "").strip():
        return
    parsed = parse_registration_number(field.data)
    if isinstance(parsed, InvalidRegistrationNumber):
        raise StopValidation(_("The registration number must be 11 digits"))
    field.data = parsed.value


class EmployerForm(PortalForm):
    name = StringField(
        _l("Employer's name"),
        validators=[DataRequired(message=_l("Enter the employer's name")), Length(max=200)],
        render_kw={"spellcheck": False})
    registration_number = StringField(
        _l("Employer's registration number"), description=_l("11 digits, if you know it"),
        validators=[Optional(), registration_number_if_given],
        render_kw={"inputmode": "numeric", "spellcheck": False})


def personal_code_if_given(form: Form, field: Field) -> None:
    if not (field.data or "").strip():
        return
    parsed = parse_personal_code(field.data)
    if isinstance(parsed, InvalidPersonalCode):
        raise StopValidation(_("Enter the personal code as 11 digits, for example "
                               "010190-12345"))
    field.data = parsed.value


class VictimForm(PortalForm):
    name = StringField(
        _l("Name and surname of the injured person"),
        description=_l("If several people were injured, give one here and the others in the "
                       "description."),
        validators=[DataRequired(message=_l("Enter the name of the injured person")),
                    Length(max=200)],
        render_kw={"spellcheck": False})
    personal_code = StringField(
        _l("Personal code of the injured person"), description=_l("If you know it"),
        validators=[Optional(), personal_code_if_given],
        render_kw={"inputmode": "numeric", "spellcheck": False})
    occupation = StringField(
        _l("Their job"), description=_l("For example, concrete worker."),
        validators=[Optional(), Length(max=200)])


class WhatHappenedForm(PortalForm):
    description = TextAreaField(
        _l("What happened?"),
        description=_l("What the injured person was doing, what went wrong and what was done "
                       "straight after."),
        validators=[DataRequired(message=_l("Describe what happened")), Length(max=10000)],
        render_kw={"rows": 8})
    injuries = TextAreaField(
        _l("What injuries were there?"),
        description=_l("For example, a broken arm; and whether the person was taken to "
                       "hospital."),
        validators=[DataRequired(message=_l("Describe the injuries")), Length(max=4000)])


class WitnessesField(Field):
    """Up to `WITNESS_SLOTS` witnesses, each a name and a contact, posted as
    `<name>-<i>-name` and `<name>-<i>-contact`; the answer is the list of those given.

    One field rather than a list of sub-forms so that its errors are plain messages,
    which the page's error summary can show and link (to the group, `id` = name).
    """

    widget_kind = "witnesses"

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.slots: list[dict[str, str]] = []
        self.slot_errors: dict[int, str] = {}

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        given = [w for w in data if isinstance(w, dict)] if isinstance(data, list) else []
        if formdata is not None and any(k.startswith(f"{self.name}-") for k in formdata):
            given = [{"name": _text(formdata, f"{self.name}-{i}-name"),
                      "contact": _text(formdata, f"{self.name}-{i}-contact")}
                     for i in range(WITNESS_SLOTS)]
        self.slots = [{"name": str(w.get("name") or ""), "contact": str(w.get("contact") or "")}
                      for w in given][:WITNESS_SLOTS]
        self.slots += [{"name": "", "contact": ""}] * (WITNESS_SLOTS - len(self.slots))
        self.data = [w for w in self.slots if w["name"] or w["contact"]]

    def pre_validate(self, form: Form) -> None:
        self.slot_errors = {}
        for index, witness in enumerate(self.slots):
            if len(witness["name"]) > 200 or len(witness["contact"]) > 200:
                self.slot_errors[index] = _("Witness %(number)s: use at most 200 characters",
                                            number=index + 1)
            elif witness["contact"] and not witness["name"]:
                self.slot_errors[index] = _("Enter the name of witness %(number)s",
                                            number=index + 1)
        if self.slot_errors:
            raise StopValidation(next(iter(self.slot_errors.values())))


def _text(formdata: Any, name: str) -> str:
    value = formdata.get(name)
    return " ".join(value.split()) if isinstance(value, str) else ""


class WitnessesForm(PortalForm):
    witnesses = WitnessesField(_l("Witnesses"))


class FilesForm(PortalForm):
    """The files step has nothing to type: the attachments are the answer."""


class ContactForm(PortalForm):
    phone = TelField(_l("Phone number"), validators=[Optional(), Length(max=40)])
    email = EmailField(
        _l("E-mail address"),
        validators=[Optional(), Email(message=_l(
            "Enter an e-mail address in the right format, like name@example.lv")),
                    Length(max=254)])

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if valid and not (self.phone.data or "").strip() and not (self.email.data or "").strip():
            self.phone.errors = [_("Enter a phone number or an e-mail address")]
            return False
        return valid
