"""How a form field is rendered: which macro, and what every field's macro shows around its control.

`field(f)` (the `field` of `macros/components.html`) picks the macro for the
field's kind, its `widget_kind` or else its WTForms type, from `FIELD_MACROS`.

The "(optional)" after the label, the hint, the first error and the
`aria-describedby` that ties them to the control are the same for every kind of
field, so they are written once, here; the macros in `macros/components.html`
(and the address field's) keep each control's own markup and take these parts
from `field_parts(f)`, one call instead of four small macros.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from babel.support import LazyProxy
from markupsafe import Markup, escape
from wtforms import Field

from i18n.catalogs import get_locale, gettext, translated


@dataclass(frozen=True, slots=True)
class FieldParts:
    optional: Markup
    """` <span class="optional">(optional)</span>` after the label, or nothing."""
    hint: Markup
    error: Markup
    hint_id: str
    error_id: str
    described_by: Markup
    """` aria-describedby="..."` naming the hint and the error, or nothing."""


EMPTY = Markup("")


@cache
def _optional_suffix(locale: str) -> Markup:
    return Markup(  # noqa: S704
        f' <span class="optional">({escape(translated("optional", locale))})</span>')


def field_parts(f: Field) -> FieldParts:
    # f-strings over escaped values (every value below passes through `escape`), as
    # Markup.format's escaping formatter costs more than the rest of this function.
    field_id = escape(f.id)
    description = f.description
    if isinstance(description, LazyProxy):  # translated once, not once per use
        description = description.value
    hint_id = f"{field_id}-hint" if description else ""
    error_id = f"{field_id}-error" if f.errors else ""
    optional = EMPTY if f.flags.required else _optional_suffix(get_locale())
    hint = Markup(  # noqa: S704
        f'<div id="{hint_id}" class="hint">{escape(description)}</div>') if hint_id else EMPTY
    error = Markup(  # noqa: S704
        f'<p id="{error_id}" class="error-message"><span class="visually-hidden">'
        f'{escape(gettext("Error:"))}</span> {escape(f.errors[0])}</p>') if error_id else EMPTY
    ids = " ".join(i for i in (hint_id, error_id) if i)
    described_by = Markup(f' aria-describedby="{ids}"') if ids else EMPTY  # noqa: S704
    return FieldParts(optional, hint, error, hint_id, error_id, described_by)


COMPONENTS = "macros/components.html"
# kind -> (template, macro, the arguments this kind adds)
FIELD_MACROS: dict[str, tuple[str, str, dict[str, Any]]] = {
    **dict.fromkeys(("TextAreaField", "textarea"), (COMPONENTS, "textarea", {})),
    **dict.fromkeys(("RadioField", "radios"), (COMPONENTS, "radios", {})),
    **dict.fromkeys(("MultiCheckboxField", "checkboxes"), (COMPONENTS, "checkboxes", {})),
    **dict.fromkeys(("SelectField", "select"), (COMPONENTS, "select", {})),
    **dict.fromkeys(("DateInputField", "date"), (COMPONENTS, "date_input", {})),
    "address": ("address_field/field.html", "address_field", {}),
    **dict.fromkeys(("FileField", "file"), (COMPONENTS, "file_upload", {})),
    "MultipleFileField": (COMPONENTS, "file_upload", {"multiple": True}),
    "EmailField": (COMPONENTS, "text_input",
                   {"type": "email", "autocomplete": "email", "spellcheck": False}),
    "TelField": (COMPONENTS, "text_input", {"type": "tel", "autocomplete": "tel"}),
}
TEXT_INPUT: tuple[str, str, dict[str, Any]] = (COMPONENTS, "text_input", {})
# The macros that also take the field's `render_kw` (rows, width, inputmode ...).
TAKES_RENDER_KW = frozenset({"textarea", "text_input"})


@jinja2.pass_context
def field(context: Any, f: Field) -> Markup:
    """The field through its kind's macro (a function, not a macro that calls
    one: a form page renders many fields, and each macro call costs)."""
    template, name, arguments = FIELD_MACROS.get(getattr(f, "widget_kind", f.type), TEXT_INPUT)
    if f.render_kw and name in TAKES_RENDER_KW:
        arguments = {**arguments, **f.render_kw}
    macro = getattr(context.environment.get_template(template).module, name)
    return Markup(macro(f, **arguments))  # noqa: S704  (a macro's output is markup)
