"""What every form field's macro shows around its control, built in one call.

The "(optional)" after the label, the hint, the first error and the
`aria-describedby` that ties them to the control are the same for every kind of
field, so they are written once, here; the macros in `macros/components.html`
(and the address field's) keep each control's own markup and take these parts
from `field_parts(f)`, one call instead of four small macros.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from wtforms import Field

from i18n.catalogs import gettext


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


def field_parts(f: Field) -> FieldParts:
    # f-strings over escaped values (every value below passes through `escape`), as
    # Markup.format's escaping formatter costs more than the rest of this function.
    field_id = escape(f.id)
    hint_id = f"{field_id}-hint" if f.description else ""
    error_id = f"{field_id}-error" if f.errors else ""
    empty = Markup("")
    optional = empty if f.flags.required else Markup(  # noqa: S704
        f' <span class="optional">({escape(gettext("optional"))})</span>')
    hint = Markup(  # noqa: S704
        f'<div id="{hint_id}" class="hint">{escape(f.description)}</div>') if hint_id else empty
    error = Markup(  # noqa: S704
        f'<p id="{error_id}" class="error-message"><span class="visually-hidden">'
        f'{escape(gettext("Error:"))}</span> {escape(f.errors[0])}</p>') if error_id else empty
    ids = " ".join(i for i in (hint_id, error_id) if i)
    described_by = Markup(f' aria-describedby="{ids}"') if ids else empty  # noqa: S704
    return FieldParts(optional, hint, error, hint_id, error_id, described_by)
