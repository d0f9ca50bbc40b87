"""The operators' filters of the audit log (a GET form: filtering changes nothing)."""

from __future__ import annotations

from typing import Any

from wtforms import SelectField, ValidationError
from wtforms.fields.choices import SelectChoice

from i18n.catalogs import lazy_gettext as _l
from portal.audit.log import ACTION_LABELS
from portal.forms import DateInputField, PortalForm


class AuditFilterForm(PortalForm):
    action = SelectField(
        _l("Action"),
        choices=[SelectChoice("", _l("All actions")),
                 *(SelectChoice(action.value, label) for action, label in ACTION_LABELS.items())],
        # An unknown value in a hand-edited address means "no filter", not an error
        # message in WTForms' own untranslated words.
        validate_choice=False,
    )
    date_from = DateInputField(_l("From"), description=_l("For example, 1 11 2026"))
    date_to = DateInputField(_l("To"), description=_l("For example, 30 11 2026"))

    def validate_date_to(self, field: Any) -> None:
        if self.date_from.data and field.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must be the same as or after the start date"))

    @property
    def action_filter(self) -> str | None:
        value = self.action.data or ""
        return value if value in {a.value for a in ACTION_LABELS} else None
