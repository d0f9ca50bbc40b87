"""Jinja2 environment: the layout, the design-system macros, and per-request helpers.

Form fields are rendered by our own macros (`macros/components.html`), never by
WTForms' widgets: the macros wire label, hint and error together and are about
five times faster to render.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import NoMatchFound, Router

from i18n.catalogs import LOCALES, get_locale, gettext, translations
from portal.compiled_translations import ConstantTranslations
from portal.field_rendering import field as render_field
from portal.field_rendering import field_parts
from portal.security.csrf import current_token as csrf_token
from portal.template_environment import PortalEnvironment

TIME_ZONE = ZoneInfo("Europe/Riga")
PORTAL_TEMPLATES = Path(__file__).parent / "templates"


# English pages follow British conventions (27 March 2026), as EU institutions do.
FORMAT_LOCALES = {"lv": "lv_LV", "en": "en_GB"}


def format_locale() -> str:
    return FORMAT_LOCALES.get(get_locale(), "lv_LV")


def local_date(value: date | datetime | None, format: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(TIME_ZONE).date()
    return format_date(value, format=format, locale=format_locale())


# Date and time as each language writes them: 23.11.2026. 14:05 / 23 November 2026, 14:05.
DATETIME_PATTERNS = {"lv": "dd.MM.yyyy. HH:mm", "en": "d MMMM yyyy, HH:mm"}


def local_datetime(value: datetime | None, format: str | None = None) -> str:
    if value is None:
        return ""
    pattern = format or DATETIME_PATTERNS.get(get_locale(), DATETIME_PATTERNS["lv"])
    return format_datetime(value, format=pattern, tzinfo=TIME_ZONE, locale=format_locale())


def local_number(value: int | float | Decimal | None, format: str | None = None) -> str:
    if value is None:
        return ""
    return format_decimal(value, format=format, locale=format_locale())


# Paths of named routes, kept on the router: resolving a name walks every route (and
# raises on each miss), which cost a third of a page's rendering time before this cache.
PathCache = dict[tuple[str, tuple[tuple[str, str], ...]], str | None]
_MAX_PATHS = 10_000


def route_path(request: Request, name: str, **path_params: Any) -> str | None:
    """The path of a named route, or None when there is no such route."""
    router: Router = request.app.router
    cache: PathCache | None = getattr(router, "portal_paths", None)
    if cache is None:
        cache = {}
        router.portal_paths = cache  # type: ignore[attr-defined]
    key = (name, tuple(sorted((k, str(v)) for k, v in path_params.items()))
           if path_params else ())
    if key not in cache:
        if len(cache) >= _MAX_PATHS:  # ids in paths make the key space open-ended
            cache.clear()
        try:
            cache[key] = str(router.url_path_for(name, **path_params))
        except NoMatchFound:
            cache[key] = None
    path = cache[key]
    # `app_root_path`, not `root_path`: inside a Mount the latter already holds its prefix.
    return None if path is None else request.scope.get("app_root_path", "") + path


@jinja2.pass_context
def url_for(context: Any, name: str, /, **path_params: Any) -> str:
    path = route_path(context["request"], name, **path_params)
    if path is None:
        raise NoMatchFound(name, path_params)
    return path


@jinja2.pass_context
def service_url(context: Any, service: Any) -> str:
    """Where an e-service starts: its own page, or the shared start of a submission."""
    if service.page_route:
        return str(url_for(context, service.page_route))
    return str(url_for(context, "eservice_start", service=service.slug))


@jinja2.pass_context
def this_page(context: Any) -> str:
    """The path and query of the page being shown (`request.url`'s, without building
    the whole URL), for links that come back to it."""
    scope = context["request"].scope
    path: str = scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


@jinja2.pass_context
def has_route(context: Any, name: str) -> bool:
    return route_path(context["request"], name) is not None


# The catalogs are ours and reviewed: a translation is trusted markup, as Jinja's
# newstyle gettext treats it under autoescaping; the variables put into it are escaped.


def markup_gettext(message: str, /, **variables: Any) -> Markup:
    """`_()` in templates: as Jinja's newstyle gettext, `%%` is a percent sign."""
    text = gettext(message)
    if not variables and "%" not in text:
        return Markup(text)  # noqa: S704
    return Markup(text) % variables  # noqa: S704


def markup_ngettext(singular: str, plural: str, n: int, /, **variables: Any) -> Markup:
    variables.setdefault("num", n)
    return Markup(translations(get_locale()).ngettext(singular, plural, n)) % variables  # noqa: S704


def markup_pgettext(context: str, message: str, /, **variables: Any) -> Markup:
    return Markup(translations(get_locale()).pgettext(context, message)) % variables  # noqa: S704


class Templates:
    """One Jinja environment per language, sharing loader, globals and filters.

    Each language's environment compiles the templates with their constant
    messages already translated (`portal.compiled_translations`); `env` is the
    one of the current request's language.
    """

    def __init__(self, extra_dirs: Sequence[Path] = ()) -> None:
        # Feature packages keep their templates in `<package>/templates/<name>/`,
        # so names stay unique: "submissions/check.html", "labour_complaint/...".
        loader = jinja2.FileSystemLoader([PORTAL_TEMPLATES, *extra_dirs])
        self.envs = {locale: self._environment(loader, locale) for locale in LOCALES}
        first = self.envs[LOCALES[0]]
        # Jinja's own gettext callables wrap each call in three layers of context calls;
        # these do the same (the translation is trusted markup, its variables are
        # escaped) in one; messages with no variables are translated at compile time.
        first.globals.update(_=markup_gettext, gettext=markup_gettext,
                             ngettext=markup_ngettext, pgettext=markup_pgettext)
        first.filters.update(date=local_date, datetime=local_datetime, number=local_number)
        first.globals.update(
            current_locale=get_locale, url_for=url_for, has_route=has_route, csrf_token=csrf_token,
            service_url=service_url, field_parts=field_parts, render_field=render_field,
            this_page=this_page,
        )
        for env in self.envs.values():  # one set, so what the app adds reaches every language
            env.globals = first.globals
            env.filters = first.filters

    @staticmethod
    def _environment(loader: jinja2.BaseLoader, locale: str) -> jinja2.Environment:
        env = PortalEnvironment(
            loader=loader,
            autoescape=True,
            extensions=["jinja2.ext.i18n", ConstantTranslations],
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        env.newstyle_gettext = True  # type: ignore[attr-defined]
        env.locale = locale  # type: ignore[attr-defined]
        return env

    @property
    def env(self) -> jinja2.Environment:
        """The environment of the current language."""
        return self.envs[get_locale()]

    def render(
        self,
        request: Request,
        name: str,
        context: dict[str, Any] | None = None,
        *,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> HTMLResponse:
        page = self.render_string(request, name, context)
        return HTMLResponse(page, status_code=status_code, headers=headers)

    def render_string(
        self, request: Request, name: str, context: dict[str, Any] | None = None
    ) -> str:
        template = self.env.get_template(name)
        values: dict[str, Any] = {"request": request, "form": None}
        if context:
            values.update(context)
        return template.render(values)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page with the app's templates (the usual way for a view to answer)."""
    templates: Templates = request.app.state.templates
    return templates.render(request, name, context, status_code=status_code, headers=headers)
