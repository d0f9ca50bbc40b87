"""The one satisfaction question asked after a submission, and its optional comment."""

from __future__ import annotations

from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from i18n.catalogs import lazy_gettext as _l
from portal.forms import PortalForm

_CHOOSE = _l("Select how you feel about the service, or skip this question")

# The five-point scale of the GOV.UK satisfaction survey, best first as there.
RATING_LABELS = {
    5: _l("Very satisfied"),
    4: _l("Satisfied"),
    3: _l("Neither satisfied nor dissatisfied"),
    2: _l("Dissatisfied"),
    1: _l("Very dissatisfied"),
}


class SatisfactionForm(PortalForm):
    rating = RadioField(
        _l("Overall, how do you feel about the service you used today?"),
        choices=[SelectChoice(str(value), label) for value, label in RATING_LABELS.items()],
        validators=[InputRequired(message=_CHOOSE)],
        # WTForms' own "Not a valid choice" is English and unhelpful.
        invalid_choice_message=_CHOOSE,
    )
    comment = TextAreaField(
        _l("How could we improve this service?"),
        description=_l("Do not include personal information, such as your name, personal "
                       "code or details about your health."),
        validators=[Optional(), Length(max=1200, message=_l(
            "Your comment must be 1,200 characters or fewer"))],
    )


PERIOD_DAYS = (7, 30, 90)
DEFAULT_PERIOD_DAYS = 30


class PeriodForm(PortalForm):
    """The dashboard's period (a GET form: choosing a period changes nothing)."""

    days = SelectField(
        _l("Period"),
        choices=[SelectChoice("7", _l("Last 7 days")), SelectChoice("30", _l("Last 30 days")),
                 SelectChoice("90", _l("Last 90 days"))],
        default=str(DEFAULT_PERIOD_DAYS),
        # A hand-edited address with another number shows the default period.
        validate_choice=False,
    )

    @property
    def day_count(self) -> int:
        value = str(self.days.data or "")
        return int(value) if value in {str(d) for d in PERIOD_DAYS} else DEFAULT_PERIOD_DAYS
