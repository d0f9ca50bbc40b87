"""The forms of the notice of remedied violations.

The violations step has one group of fields per violation in the company's
active orders, so its form class is built per request from VDI's list
(`violations_form`). What was listed is kept in the answers as `listed`, so the
check page, the receipt and VDI read the answers against the orders as they
were when the person answered, even if VDI closes one later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from wtforms import EmailField, Field, Form, RadioField, StringField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation

from adapters.vdi.base import AdministrativeAct
from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from portal.forms import DateInputField, PortalForm
from portal.templating import TIME_ZONE

REMEDIED = "yes"
NOT_YET = "no"


def violation_key(violation_id: str) -> str:
    """A form-name-safe key for VDI's violation id (its fields and its evidence files)."""
    return re.sub(r"[^A-Za-z0-9]", "_", violation_id)


def evidence_field(key: str) -> str:
    """The file input of one violation's evidence; attachments keep it as `field_name`."""
    return f"evidence-{key}"


def listed_violations(acts: Sequence[AdministrativeAct]) -> list[dict[str, Any]]:
    """What the person answers about, as kept in the answers and sent to VDI."""
    return [
        {"key": violation_key(v.id), "violation_id": v.id, "description": v.description,
         "deadline": v.deadline.isoformat(), "act_id": act.id, "act_number": act.number,
         "act_issued_on": act.issued_on.isoformat()}
        for act in acts for v in act.violations
    ]


class ListedField(Field):
    """Holds what the server listed; whatever a browser posts under its name is ignored."""

    def __init__(self, value: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.value = value

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.data = self.value


class StoredDateField(DateInputField):
    """A date input that also reads the ISO text its answer is kept as: the generic
    restore only converts the dates of fields declared on `Step.form`, and these
    fields exist only on the form built per request."""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        if isinstance(data, str) and data:
            try:
                data = date.fromisoformat(data)
            except ValueError:
                data = None
        super().process(formdata, data, extra_filters)


class RequiredWhenRemedied:
    """Required only when the violation's answer says it was remedied."""

    def __init__(self, remedied_field: str, message: str) -> None:
        self.remedied_field = remedied_field
        self.message = message
        self.field_flags: dict[str, bool] = {}

    def __call__(self, form: Form, field: Field) -> None:
        if form[self.remedied_field].data != REMEDIED:
            field.errors = []
            raise StopValidation()
        if field.data in (None, ""):
            raise StopValidation(self.message)


def not_in_future(form: Form, field: Field) -> None:
    if field.data and field.data > datetime.now(TIME_ZONE).date():
        raise StopValidation(_("The date the violation was remedied cannot be in the future"))


class ViolationsForm(PortalForm):
    """The step's declared form: only what was listed. The fields per violation are
    added by `violations_form`; answers stored under their names are kept as they are."""

    listed = ListedField([])
    # What a post says when nothing was listed (a page sent after VDI went down, or
    # after its last order was closed).
    nothing_listed = _l("There are no violations to report on")

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if not self.listed.data:
            self.listed.errors = [str(self.nothing_listed)]
            return False
        return valid


def violations_form(listed: list[dict[str, Any]],
                    nothing_listed: str | None = None) -> type[ViolationsForm]:
    """A form class with remedied yes/no, date and measures for each listed violation.

    Labels and messages name the violation (its number among those listed and its
    order), so that an error summary with three problems says which is which.
    """
    fields: dict[str, Any] = {"listed": ListedField(listed)}
    if nothing_listed is not None:
        fields["nothing_listed"] = nothing_listed
    for number, item in enumerate(listed, start=1):
        key, act = item["key"], item["act_number"]
        fields[f"{key}-remedied"] = RadioField(
            _l("Has it been remedied?"),
            choices=[SelectChoice(REMEDIED, _l("Yes")), SelectChoice(NOT_YET, _l("Not yet"))],
            validators=[DataRequired(message=_(
                "Say whether violation %(number)s (order %(act)s) has been remedied",
                number=number, act=act))])
        fields[f"{key}-remedied_on"] = StoredDateField(
            _l("Date it was remedied"),
            validators=[RequiredWhenRemedied(f"{key}-remedied", _(
                "Enter the date violation %(number)s (order %(act)s) was remedied",
                number=number, act=act)), not_in_future],
            description=_l("Needed when it has been remedied. For example, 27 10 2026"))
        fields[f"{key}-measures"] = TextAreaField(
            _l("Measures taken"),
            validators=[RequiredWhenRemedied(f"{key}-remedied", _(
                "Describe the measures taken for violation %(number)s (order %(act)s)",
                number=number, act=act)), Length(max=4000)],
            description=_l("Needed when it has been remedied: what was done, by whom and "
                           "where. If it is not remedied yet, you can say what is being done "
                           "and by when."))
    return type("ViolationsForm", (ViolationsForm,), fields)


class ContactForm(PortalForm):
    name = StringField(
        _l("Contact person"),
        validators=[DataRequired(message=_l("Enter the name of the contact person")),
                    Length(max=200)],
        description=_l("Who the inspectorate can ask about this notice."),
        render_kw={"autocomplete": "name", "spellcheck": False})
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
