"""The two forms: issuing a reference of a queue place, and checking a code."""

from __future__ import annotations

from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from i18n.catalogs import lazy_gettext as _l
from portal.forms import PortalForm


class IssueForm(PortalForm):
    # Which of the subject's queue places; checked against SRIS when issuing.
    application_id = HiddenField(validators=[InputRequired(), Length(max=40)])


class VerifyForm(PortalForm):
    code = StringField(
        _l("Verification code"),
        description=_l("It is printed on the e-reference, for example "
                       "7KQ2-M9XH-4RTB-W3NC-8D5F. Capital or small letters, with or without "
                       "the dashes."),
        validators=[DataRequired(message=_l("Enter the verification code")),
                    Length(max=60, message=_l("A verification code has 20 letters and digits"))],
        render_kw={"autocomplete": "off", "spellcheck": False})
