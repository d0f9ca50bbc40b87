"""The questions of booking a specialist, and the forms that read a booking back."""

from __future__ import annotations

from typing import Any

from wtforms import EmailField, RadioField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Optional

from adapters.spolis.base import SpecialistType
from i18n.catalogs import lazy_gettext as _l
from portal.forms import DateInputField, PortalForm

SPECIALIST_TYPES = {
    SpecialistType.TECHNICAL_AID_FITTING: _l("Technical aid fitting"),
    SpecialistType.OCCUPATIONAL_THERAPIST: _l("Occupational therapist"),
    SpecialistType.AUDIOLOGIST: _l("Audiologist"),
}
CHANNELS = {
    "portal": _l("Only in the portal"),
    "email": _l("By e-mail"),
    "e_address": _l("To my official e-address"),
}


def _choices(labels: dict[Any, Any]) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in labels.items()]


class WeekForm(PortalForm):
    """Which week of free times to show (the links to earlier and later weeks set it)."""

    from_day = DateInputField(
        _l("From which day?"),
        description=_l("Optional: we show free times for a week from this day, for example "
                       "3 12 2026. Without a day we start from today."),
        validators=[Optional()])


class SpecialistChoiceForm(WeekForm):
    specialist_type = RadioField(
        _l("Which specialist do you need?"), choices=_choices(SPECIALIST_TYPES),
        validators=[InputRequired(message=_l("Choose the specialist"))])


class MoveForm(PortalForm):
    # The time is one of the radios the page lists (rendered by slots.html, not `field`),
    # checked against SPOLIS when the booking is made.
    slot = StringField(_l("Time"), validators=[InputRequired(message=_l("Choose a time"))])


class BookForm(MoveForm):
    channel = RadioField(
        _l("How should we remind you?"), choices=_choices(CHANNELS),
        description=_l("We send a reminder before the appointment. You always see it in the "
                       "portal too."),
        validators=[InputRequired(message=_l("Choose how we remind you"))])
    # Checked by `validate_email`: needed only when the channel is e-mail, so not Optional(),
    # which would stop the check before it asks.
    email = EmailField(_l("E-mail address"))

    def validate_email(self, field: Any) -> None:
        if not (field.data or "").strip():
            if self.channel.data == "email":
                raise ValidationError(_l("Enter the e-mail address we should write to"))
            return
        Email(message=_l("Enter an e-mail address like name@example.lv"))(self, field)


# --- read back in "My submissions" and on the receipt ---------------------------------

class AppointmentAnswers(PortalForm):
    specialist_type = RadioField(_l("Specialist"), choices=_choices(SPECIALIST_TYPES))
    specialist = StringField(_l("Name"))
    place = StringField(_l("Place"))
    day = DateInputField(_l("Day"))
    time = StringField(_l("Time"))


class ContactAnswers(PortalForm):
    channel = RadioField(_l("Reminder"), choices=_choices(CHANNELS))
    email = StringField(_l("E-mail address"))


class CancellationAnswers(PortalForm):
    booking = StringField(_l("Booking cancelled"))
    day = DateInputField(_l("Day"))
    time = StringField(_l("Time"))


class MoveAnswers(PortalForm):
    booking = StringField(_l("Booking moved"))
    day = DateInputField(_l("New day"))
    time = StringField(_l("New time"))
