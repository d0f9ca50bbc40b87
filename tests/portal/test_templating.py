"""Translations in templates: one call each, the same meaning as Jinja's newstyle gettext."""

from __future__ import annotations

import pytest
from markupsafe import escape
from starlette.requests import Request

from i18n.catalogs import use_locale
from portal.templating import Templates


def render(source: str, **values: object) -> str:
    return Templates().env.from_string(source).render(**values)


@pytest.mark.parametrize(("locale", "expected"), [
    ("lv", "Pāriet uz galveno saturu"), ("en", "Skip to main content")])
def test_a_message_is_translated_into_the_current_language(locale: str, expected: str) -> None:
    with use_locale(locale):
        assert render('{{ _("Skip to main content") }}') == expected


def test_variables_are_escaped_and_the_translation_is_not() -> None:
    with use_locale("en"):
        page = render('{{ _("Signed in as %(name)s", name=name) }}', name="<b>Ilze</b>")
    assert page == "Signed in as &lt;b&gt;Ilze&lt;/b&gt;"


def test_a_double_percent_is_a_percent_sign_with_or_without_variables() -> None:
    with use_locale("en"):
        assert render('{{ _("100%% of %(what)s", what="x") }}') == "100% of x"
        assert render('{{ _("100%% done") }}') == "100% done"


def test_an_unknown_message_is_shown_as_written() -> None:
    with use_locale("lv"):
        assert render('{{ _("Not in the catalog at all") }}') == "Not in the catalog at all"


@pytest.mark.parametrize(("seats", "expected"), [(1, "Jums ir vieta"), (2, "Jums ir divas vietas")])
def test_plurals_follow_the_number(seats: int, expected: str) -> None:
    with use_locale("lv"):
        assert render('{{ ngettext("You have a seat", "You have two seats", n) }}',
                      n=seats) == expected


@pytest.mark.parametrize(("path", "query"), [
    ("/accessibility/feedback", b""), ("/search", b"q=a%20b&page=2"), ("/odd?path#x", b"")])
def test_this_page_is_the_requests_path_and_query(path: str, query: bytes) -> None:
    request = Request({"type": "http", "method": "GET", "path": path, "query_string": query,
                       "headers": [(b"host", b"portal.example")]})
    expected = request.url.path + ("?" + request.url.query if request.url.query else "")
    assert render("{{ this_page() }}", request=request) == escape(expected)


def test_one_templates_object_renders_each_language_from_its_own_compilation() -> None:
    templates = Templates()
    templates.env.globals.update(url_for=lambda name, **params: f"/{name}",
                                 has_route=lambda name: False)
    request = Request({"type": "http", "method": "GET", "path": "/x", "query_string": b"",
                       "headers": []})
    pages = {}
    for locale in ("lv", "en", "lv"):  # back to Latvian: the English compilation is not reused
        with use_locale(locale):
            pages.setdefault(locale, []).append(
                templates.render_string(request, "layout.html"))
    assert '<html lang="lv">' in pages["lv"][0] and "Pāriet uz galveno saturu" in pages["lv"][0]
    assert '<html lang="en">' in pages["en"][0] and "Skip to main content" in pages["en"][0]
    assert pages["lv"][0] == pages["lv"][1]
    assert templates.envs["lv"].get_template("layout.html") is not templates.envs[
        "en"].get_template("layout.html")
