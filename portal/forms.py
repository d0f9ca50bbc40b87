"""WTForms base form and fields that render through the design-system macros.

Fields carry data and validation only; `macros/components.html` renders them.
CSRF is checked by `portal.security.csrf` before a view runs, so WTForms' own
CSRF is off. Messages are lazy strings, translated in the reader's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from wtforms import Field, Form, SelectMultipleField
from wtforms.validators import StopValidation

from i18n.catalogs import lazy_gettext as _l


class PortalForm(Form):
    class Meta:
        csrf = False

    @classmethod
    async def from_request(cls, request: Request, **kwargs: Any) -> PortalForm:
        formdata: FormData | None = await request.form() if request.method == "POST" else None
        return cls(formdata=formdata, **kwargs)


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (rendered by the `checkboxes` macro)."""

    widget_kind = "checkboxes"


class DateInputField(Field):
    """A date typed into three boxes (day, month, year), as GOV.UK's date input.

    Named `<name>-day`, `<name>-month`, `<name>-year` in the form data. What was
    typed is kept in `parts` so a wrong date is shown back as typed, not lost.
    """

    widget_kind = "date"

    def __init__(self, label: Any = None, validators: Any = None,
                 autocomplete_birthday: bool = False, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.parts: dict[str, str] = {"day": "", "month": "", "year": ""}
        self.data: date | None = None
        self.autocomplete_birthday = autocomplete_birthday
        self._invalid = False

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.object_data = data
        if isinstance(data, date):
            self.data = data
            self.parts = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        else:
            self.data = None
        if formdata is None:
            return
        names = {part: f"{self.name}-{part}" for part in self.parts}
        if not any(name in formdata for name in names.values()):
            return
        self.parts = {part: (formdata.get(name) or "").strip() for part, name in names.items()}
        self.raw_data = list(self.parts.values())
        self.data = None
        self._invalid = False
        if not any(self.parts.values()):
            return
        try:
            self.data = date(int(self.parts["year"]), int(self.parts["month"]),
                             int(self.parts["day"]))
        except ValueError:
            self._invalid = True
        else:
            if len(self.parts["year"]) != 4:
                self.data = None
                self._invalid = True

    def pre_validate(self, form: Form) -> None:
        if self._invalid:
            raise StopValidation(_l("Enter a real date, for example 27 3 2026"))

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""
