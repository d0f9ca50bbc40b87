from __future__ import annotations

from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from i18n.catalogs import lazy_gettext as _l
from portal.forms import PortalForm


class FeedbackForm(PortalForm):
    description = TextAreaField(
        _l("What is the problem?"),
        description=_l("Tell us what you were trying to do and what stopped you. "
                       "Do not include personal codes or health information."),
        validators=[
            DataRequired(message=_l("Describe the problem")),
            Length(max=3000, message=_l("The description must be 3,000 characters or fewer")),
        ],
    )
    page_address = StringField(
        _l("Address or name of the page"),
        validators=[Optional(), Length(max=500, message=_l(
            "The page address must be 500 characters or fewer"))],
    )
    reply_email = EmailField(
        _l("Email address for a reply"),
        description=_l("Only if you want an answer. We reply within 10 working days."),
        validators=[
            Optional(),
            Email(message=_l("Enter an email address in the correct format, "
                             "like name@example.lv")),
            Length(max=254, message=_l("The email address must be 254 characters or fewer")),
        ],
    )
