"""Fields render through the design-system macros with label, hint and error wired."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import pytest
from starlette.datastructures import FormData
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from i18n.catalogs import use_locale
from portal.forms import DateInputField, MultiCheckboxField, PortalForm
from portal.templating import Templates
from tests.support.html import invariant_problems


class ExampleForm(PortalForm):
    name = StringField(
        "Name",
        description="As in your passport",
        validators=[DataRequired(message="Enter your name")],
    )
    colour = RadioField(
        "Colour",
        choices=[SelectChoice("red", "Red"), SelectChoice("blue", "Blue")],
        validators=[DataRequired(message="Choose a colour")],
    )
    extras = MultiCheckboxField("Extras", choices=[SelectChoice("a", "A"), SelectChoice("b", "B")])
    born = DateInputField("Date of birth", validators=[DataRequired(message="Enter a date")])


PAGE = """{% extends "layout.html" %}
{% from "macros/components.html" import field, form_start, button %}
{% block title %}Example{% endblock %}
{% block content %}<h1>Example</h1>{{ form_start() }}
{% for f in form %}{{ field(f) }}{% endfor %}{{ button("Send") }}</form>{% endblock %}"""


class FakeRequest:
    """Just enough of a request for the layout (no routes are resolved)."""

    scope: ClassVar[dict[str, object]] = {"path": "/example", "query_string": b""}


def render(form: PortalForm, locale: str = "lv") -> str:
    templates = Templates()
    templates.env.globals["url_for"] = lambda name, **kw: f"/{name}"
    templates.env.globals["has_route"] = lambda name: False
    with use_locale(locale):  # each language's templates are compiled on their own
        return templates.env.from_string(PAGE).render(request=FakeRequest(), form=form)


def test_fields_are_labelled_and_hinted() -> None:
    html = render(ExampleForm())
    assert invariant_problems(html) == []
    assert '<label class="label" for="name">Name' in html
    assert 'aria-describedby="name-hint"' in html
    assert '<legend class="fieldset__legend">Colour' in html
    assert 'id="born-day"' in html and 'inputmode="numeric"' in html
    assert "<title>Example" in html


@pytest.mark.parametrize(("locale", "prefix"), [("lv", "Kļūda: "), ("en", "Error: ")])
def test_errors_are_summarised_linked_and_announced(locale: str, prefix: str) -> None:
    form = ExampleForm(
        FormData([("name", ""), ("born-day", "31"), ("born-month", "2"), ("born-year", "2020")])
    )
    assert not form.validate()
    html = render(form, locale)
    assert invariant_problems(html) == []
    assert f"<title>{prefix}Example" in html
    assert 'class="error-summary"' in html and "autofocus" in html
    assert '<a href="#name">Enter your name</a>' in html
    assert '<a href="#colour-0">Choose a colour</a>' in html
    assert '<a href="#born-day">' in html
    assert 'aria-describedby="name-hint name-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="31"' in html  # what was typed is shown back


def test_date_input_parses_three_boxes() -> None:
    form = ExampleForm(
        FormData(
            [
                ("born-day", "7"),
                ("born-month", "11"),
                ("born-year", "1990"),
                ("name", "Anna"),
                ("colour", "red"),
            ]
        )
    )
    assert form.validate(), form.errors
    assert form.born.data == date(1990, 11, 7)


@pytest.mark.parametrize("parts", [("32", "1", "2020"), ("1", "1", "20"), ("a", "b", "c")])
def test_date_input_rejects_unreal_dates(parts: tuple[str, str, str]) -> None:
    day, month, year = parts
    form = ExampleForm(FormData([("born-day", day), ("born-month", month), ("born-year", year)]))
    form.validate()
    assert form.born.errors and form.born.data is None


def test_checked_choices_are_kept() -> None:
    form = ExampleForm(FormData([("colour", "blue"), ("extras", "b")]))
    html = render(form)
    assert 'value="blue" checked' in html and 'value="b" checked' in html
    assert 'value="red" checked' not in html
