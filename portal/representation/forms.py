from __future__ import annotations

from wtforms import RadioField
from wtforms.validators import InputRequired

from i18n.catalogs import lazy_gettext as _l
from portal.forms import PortalForm


class SwitchForm(PortalForm):
    # The choices are the person's subjects, set by the view for each request.
    # WTForms' own choice check is off: the view looks the posted key up among the
    # subjects it has just checked, and explains a refusal in our own words.
    subject = RadioField(
        _l("Act for"),
        validators=[InputRequired(message=_l("Choose whom you act for"))],
        validate_choice=False,
    )
