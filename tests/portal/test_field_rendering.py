"""The parts around a field's control: escaped, and tied to it by aria-describedby."""

from __future__ import annotations

from starlette.datastructures import FormData
from wtforms import StringField
from wtforms.validators import DataRequired

from i18n.catalogs import use_locale
from portal.field_rendering import field_parts
from portal.forms import PortalForm


class Form(PortalForm):
    name = StringField("Name", description="As in <b>your</b> passport",
                       validators=[DataRequired(message="Enter <your> name")])
    nickname = StringField("Nickname")


def test_a_required_field_with_hint_and_error() -> None:
    form = Form(FormData())
    form.validate()
    with use_locale("en"):
        parts = field_parts(form.name)
    assert parts.optional == ""
    assert parts.hint == ('<div id="name-hint" class="hint">'
                          'As in &lt;b&gt;your&lt;/b&gt; passport</div>')
    assert parts.error == ('<p id="name-error" class="error-message"><span class="visually-hidden">'
                           'Error:</span> Enter &lt;your&gt; name</p>')
    assert parts.described_by == ' aria-describedby="name-hint name-error"'


def test_an_optional_field_without_hint_or_error_in_latvian() -> None:
    with use_locale("lv"):
        parts = field_parts(Form().nickname)
    assert parts.optional == ' <span class="optional">(nav obligāti)</span>'
    assert (parts.hint, parts.error, parts.described_by) == ("", "", "")
