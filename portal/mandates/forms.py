"""Granting a mandate: to whom (personal code), for which e-services, until when."""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from eservices.registry import REGISTRY, SubjectKind
from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from portal.forms import DateInputField, MultiCheckboxField, PortalForm
from portal.identifiers import InvalidPersonalCode, PersonalCodeError, parse_personal_code
from portal.representation import clock
from portal.templating import local_date

# Only e-services a company may use can be covered by a company's mandate.
COMPANY_SERVICES = [service for service in REGISTRY if SubjectKind.COMPANY in service.subject_kinds]

PERSONAL_CODE_MESSAGES = {
    PersonalCodeError.INVALID_CHARACTERS: _l(
        "Enter the personal code in digits, for example 320987-51426"),
    PersonalCodeError.WRONG_LENGTH: _l("The personal code must have 11 digits"),
    PersonalCodeError.UNKNOWN_CENTURY: _l(
        "Check the personal code: its seventh digit must be 0, 1 or 2"),
    PersonalCodeError.IMPOSSIBLE_DATE: _l(
        "Check the personal code: its first six digits must be a real date of birth"),
    PersonalCodeError.CHECK_DIGIT_MISMATCH: _l(
        "Check the personal code: one of its digits seems to be mistyped"),
}


def latest_expiry(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


class MandateForm(PortalForm):
    personal_code = StringField(
        _l("Personal code of the person you give the mandate to"),
        description=_l("For example, 320987-51426. We check the name in the Population "
                       "Register before you confirm."),
        validators=[InputRequired(message=_l(
            "Enter the personal code of the person you give the mandate to"))],
        render_kw={"autocomplete": "off", "spellcheck": False},
    )
    services = MultiCheckboxField(
        _l("E-services the mandate covers"),
        description=_l("The person can act for the company in these e-services only."),
        choices=[SelectChoice(service.slug, service.title) for service in COMPANY_SERVICES],
        validators=[InputRequired(message=_l("Select at least one e-service"))],
        # Checked by `validate_services`, in our own words.
        validate_choice=False,
    )
    expires_on = DateInputField(
        _l("Valid until"),
        description=_l("The last day on which the mandate can be used, for example 31 12 2027"),
        validators=[InputRequired(message=_l("Enter the last day of the mandate"))],
    )

    def __init__(self, *args: Any, max_years: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_years = max_years
        self.holder_code: str | None = None

    def validate_personal_code(self, field: Any) -> None:
        parsed = parse_personal_code(field.data or "")
        if isinstance(parsed, InvalidPersonalCode):
            raise ValidationError(PERSONAL_CODE_MESSAGES[parsed.error])
        self.holder_code = parsed.value

    def validate_services(self, field: Any) -> None:
        allowed = {service.slug for service in COMPANY_SERVICES}
        if not set(field.data or ()) <= allowed:
            raise ValidationError(_l("Select e-services from the list"))

    def validate_expires_on(self, field: Any) -> None:
        today = clock.today()
        if field.data is None:
            return
        if field.data <= today:
            raise ValidationError(_l("The last day of the mandate must be in the future"))
        latest = latest_expiry(today, self.max_years)
        if field.data > latest:
            raise ValidationError(_("A mandate can be valid for at most %(years)s years, "
                                    "until %(date)s", years=self.max_years,
                                    date=local_date(latest)))
