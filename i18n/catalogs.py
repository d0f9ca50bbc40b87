"""Loading the lv/en catalogs and translating in the current request's language.

The `.po` files are the source of truth and are compiled in memory at start-up,
so no compiled `.mo` artefact lives in the repository. The current language is a
context variable set by the locale middleware for each request; lazy strings
(`lazy_gettext`) are resolved when rendered, which lets module-level form labels
follow the language of whoever is looking at them.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy
from markupsafe import Markup, escape

CATALOG_DIR = Path(__file__).parent
DOMAIN = "messages"
LOCALES = ("lv", "en")
DEFAULT_LOCALE = "lv"

_current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


def po_path(locale: str) -> Path:
    return CATALOG_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(locale: str) -> stdlib_gettext.GNUTranslations | stdlib_gettext.NullTranslations:
    path = po_path(locale)
    if not path.exists():
        return stdlib_gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return stdlib_gettext.GNUTranslations(buffer)


@cache
def _singulars(locale: str) -> dict[str, str]:
    """msgid -> translation of every translated singular message, for `gettext`'s one
    dictionary lookup (a page makes dozens of these calls)."""
    path = po_path(locale)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return {message.id: message.string for message in catalog
            if isinstance(message.id, str) and message.id and isinstance(message.string, str)
            and message.string and not message.fuzzy and not message.context}


def get_locale() -> str:
    return _current_locale.get()


def set_locale(locale: str) -> Token[str]:
    """Make `locale` the current language; `reset_locale(token)` restores the one before."""
    return _current_locale.set(locale if locale in LOCALES else DEFAULT_LOCALE)


def reset_locale(token: Token[str]) -> None:
    _current_locale.reset(token)


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    token = set_locale(locale)
    try:
        yield
    finally:
        reset_locale(token)


def translated(message: str, locale: str) -> str:
    """`message` in `locale`: its translation, or itself when the catalog has none."""
    return _singulars(locale).get(message, message)


def gettext(message: str, **variables: Any) -> str:
    text = _singulars(_current_locale.get()).get(message, message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(get_locale()).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


def pgettext(context: str, message: str, **variables: Any) -> str:
    text = translations(get_locale()).pgettext(context, message)
    return text % variables if variables else text


class LazyString(LazyProxy):
    """A lazy translation that renders itself in templates.

    Escaping a bare LazyProxy asks the proxied text for `__html__`, fails, then
    translates again for `str()`: three look-ups where this makes one.
    """

    __slots__ = ()

    def __html__(self) -> Markup:
        return escape(self.value)


def lazy_gettext(message: str, **variables: Any) -> LazyProxy:
    """A string translated when it is rendered, for labels defined at import time."""
    return LazyString(gettext, message, enable_cache=False, **variables)


_ = gettext
_l = lazy_gettext
