"""The questions of the training sign-up, and the forms that read its answers back.

`TrainingChoiceForm` and `SignUpForm` are asked; the others only describe what
was sent, so "My submissions" and the receipt show it in the reader's language.
"""

from __future__ import annotations

from typing import Any

from wtforms import EmailField, RadioField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Optional

from adapters.spolis.base import Region, TrainingType
from i18n.catalogs import lazy_gettext as _l
from portal.forms import DateInputField, PortalForm
from portal.identifiers import InvalidPersonalCode, parse_personal_code
from portal.mandates.forms import PERSONAL_CODE_MESSAGES

TRAINING_TYPES = {
    TrainingType.ADOPTIVE_PARENT: _l("Training for adoptive parent status"),
    TrainingType.FOSTER_FAMILY: _l("Training for foster family status"),
    TrainingType.SPECIALISED_FOSTER_FAMILY: _l("Training for specialised foster family status"),
    TrainingType.ANNUAL_IMPROVEMENT: _l("Annual knowledge improvement"),
}
REGIONS = {
    Region.RIGA: _l("Riga"),
    Region.VIDZEME: _l("Vidzeme"),
    Region.KURZEME: _l("Kurzeme"),
    Region.ZEMGALE: _l("Zemgale"),
    Region.LATGALE: _l("Latgale"),
}
CHANNELS = {
    "portal": _l("Only in the portal"),
    "email": _l("By e-mail"),
    "e_address": _l("To my official e-address"),
}
YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]
PLACEMENTS = [SelectChoice("seat", _l("A seat")), SelectChoice("waiting", _l("The waiting list"))]


def _choices(labels: dict[Any, Any]) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in labels.items()]


class TrainingChoiceForm(PortalForm):
    training_type = RadioField(
        _l("Which training?"), choices=_choices(TRAINING_TYPES),
        validators=[InputRequired(message=_l("Choose the training"))])
    region = RadioField(
        _l("In which region?"), choices=_choices(REGIONS),
        description=_l("Trainings are held in each of Latvia's planning regions."),
        validators=[InputRequired(message=_l("Choose the region"))])
    from_day = DateInputField(
        _l("Sessions starting on or after"),
        description=_l("Optional. For example, 15 1 2027"), validators=[Optional()])


class SignUpForm(PortalForm):
    co_applicant = RadioField(
        _l("Will your spouse or partner take part with you?"), choices=YES_NO,
        description=_l("Spouses and partners who apply together take part together."),
        validators=[InputRequired(message=_l("Say whether your spouse or partner takes part"))])
    co_applicant_code = StringField(
        _l("Personal code of your spouse or partner"),
        description=_l("For example, 320987-51426. We check the name in the Population "
                       "Register before you confirm."),
        render_kw={"autocomplete": "off", "spellcheck": False})
    channel = RadioField(
        _l("How should we tell you when something changes?"), choices=_choices(CHANNELS),
        description=_l("For example, when a seat becomes free for you. You always see it in "
                       "the portal too."),
        validators=[InputRequired(message=_l("Choose how we tell you"))])
    # Checked by `validate_email`: needed only when the channel is e-mail, so not Optional(),
    # which would stop the check before it asks.
    email = EmailField(_l("E-mail address"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.co_applicant_normalised = ""

    def validate_co_applicant_code(self, field: Any) -> None:
        if self.co_applicant.data != "yes":
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the personal code of your spouse or partner"))
        parsed = parse_personal_code(field.data)
        if isinstance(parsed, InvalidPersonalCode):
            raise ValidationError(PERSONAL_CODE_MESSAGES[parsed.error])
        self.co_applicant_normalised = parsed.value

    def validate_email(self, field: Any) -> None:
        if not (field.data or "").strip():
            if self.channel.data == "email":
                raise ValidationError(_l("Enter the e-mail address we should write to"))
            return
        Email(message=_l("Enter an e-mail address like name@example.lv"))(self, field)


# --- read back in "My submissions" and on the receipt ---------------------------------

class TrainingAnswers(PortalForm):
    training_type = RadioField(_l("Training"), choices=_choices(TRAINING_TYPES))
    region = RadioField(_l("Region"), choices=_choices(REGIONS))


class SessionAnswers(PortalForm):
    place = StringField(_l("Place"))
    first_day = DateInputField(_l("First day"))
    last_day = DateInputField(_l("Last day"))
    placement = RadioField(_l("Signed up for"), choices=PLACEMENTS)


class ApplicantsAnswers(PortalForm):
    co_applicant = RadioField(_l("Spouse or partner takes part"), choices=YES_NO)
    co_applicant_name = StringField(_l("Spouse or partner, as in the Population Register"))
    co_applicant_code = StringField(_l("Personal code of your spouse or partner"))


class ContactAnswers(PortalForm):
    channel = RadioField(_l("How we tell you about changes"), choices=_choices(CHANNELS))
    email = StringField(_l("E-mail address"))


class CancellationAnswers(PortalForm):
    sign_up = StringField(_l("Sign-up cancelled"))
    place = StringField(_l("Place"))
    first_day = DateInputField(_l("First day"))
