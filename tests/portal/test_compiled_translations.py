"""Constant messages are translated when a template is compiled, to what the run-time call gives."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from i18n.catalogs import LOCALES, _singulars, use_locale
from portal.compiled_translations import translate_constant
from portal.templating import Templates, markup_gettext


def compiled(source: str, locale: str) -> tuple[str, str]:
    """The Python code Jinja makes of `source` in `locale`, and what it renders."""
    with use_locale(locale):
        env: Environment = Templates().env
        code = str(env.compile(source, raw=True))
        return code, env.from_string(source).render(
            name="<b>Ilze</b>", x={"_": len, "current_locale": lambda: "attribute"})


@pytest.mark.parametrize(("locale", "expected"), [
    ("lv", "Pāriet uz galveno saturu"), ("en", "Skip to main content")])
def test_a_constant_message_becomes_static_text(locale: str, expected: str) -> None:
    code, page = compiled('<a>{{ _("Skip to main content") }}</a>', locale)
    assert page == f"<a>{expected}</a>"
    assert expected in code  # part of the template's text ...
    assert "markup_gettext" not in code and "context.call" not in code  # ... not a call


def test_adjacent_strings_are_one_message_and_percent_signs_are_read() -> None:
    code, page = compiled('{{ _("Skip to " "main content") }} {{ _("100%% done") }}', "lv")
    assert page == "Pāriet uz galveno saturu 100% done"
    assert "context.call" not in code


def test_messages_with_variables_and_attributes_stay_run_time_calls() -> None:
    code, page = compiled(
        '{{ _("Signed in as %(name)s", name=name) }}|{{ x._("abc") }}', "en")
    assert page == "Signed in as &lt;b&gt;Ilze&lt;/b&gt;|3"
    assert code.count("context.call") == 2


def test_a_message_the_run_time_call_would_reject_is_left_to_it() -> None:
    assert translate_constant("50% off", "en") is None  # "% o" asks for a variable
    assert translate_constant("50%% off", "en") == "50% off"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_catalog_message_folds_to_what_the_run_time_call_renders(locale: str) -> None:
    messages = [m for m in _singulars(locale) if "%(" not in m]
    assert len(messages) > 500
    with use_locale(locale):
        for message in messages:
            folded = translate_constant(message, locale)
            assert folded == markup_gettext(message), message
            assert type(folded) is type(markup_gettext(message))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_language_is_a_constant_too(locale: str) -> None:
    code, page = compiled('<html lang="{{ current_locale() }}">{{ x.current_locale() }}', locale)
    assert page == f'<html lang="{locale}">attribute'
    assert code.count("context.call") == 1  # the attribute stays a call
