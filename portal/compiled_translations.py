"""Templates' constant messages, translated once when a template is compiled.

A page says `{{ _("Skip to main content") }}` dozens of times; at run time each is a
context call, a catalog look-up and a Markup. The portal compiles every template
once per language instead (`Templates` keeps one Jinja environment per locale),
and this extension rewrites `_("constant")` in the token stream into the
translation itself, `("Pāriet uz galveno saturu"|safe)`. Jinja then folds it into
the template's static text, so the page costs nothing per message.

The result is the markup `markup_gettext` would return at run time: the translation
as trusted markup, with `%%` read as a percent sign. Anything else is left as a
run-time call: messages with variables (`_("%(n)s left", n=x)`), a name that is an
attribute (`x._("a")`), or a message the run-time call would reject.

`current_locale()` is the environment's language too, so it becomes `"lv"` or `"en"`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from jinja2 import Environment
from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_DOT,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_PIPE,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)
from markupsafe import Markup

from i18n.catalogs import DEFAULT_LOCALE, translated

GETTEXT_NAMES = frozenset({"_", "gettext"})
LOCALE_NAME = "current_locale"


def translate_constant(message: str, locale: str) -> Markup | None:
    """What `_(message)` renders in `locale`, or None when it must stay a run-time call."""
    text = translated(message, locale)
    if "%" not in text:
        return Markup(text)  # noqa: S704  (the catalogs are trusted markup)
    try:
        return Markup(text) % {}  # noqa: S704
    except (TypeError, ValueError, KeyError):
        return None


class ConstantTranslations(Extension):
    """Folds `_("constant")` into its translation in the environment's `locale`."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.extend(locale=DEFAULT_LOCALE)

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        return _folded(list(stream), self.environment.locale)  # type: ignore[attr-defined]


def _folded(tokens: list[Token], locale: str) -> Iterator[Token]:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if _is_call(tokens, index, LOCALE_NAME) and _kind(tokens, index + 2) == TOKEN_RPAREN:
            yield Token(token.lineno, TOKEN_STRING, locale)
            index += 3
            continue
        end, message = _constant_call(tokens, index)
        text = None if message is None else translate_constant(message, locale)
        if text is None:
            yield token
            index += 1
            continue
        line = token.lineno
        yield Token(line, TOKEN_LPAREN, "(")
        yield Token(line, TOKEN_STRING, str(text))
        yield Token(line, TOKEN_PIPE, "|")
        yield Token(line, TOKEN_NAME, "safe")
        yield Token(line, TOKEN_RPAREN, ")")
        index = end


def _constant_call(tokens: list[Token], index: int) -> tuple[int, str | None]:
    """For `_("a" "b")` starting at `index`: the index after it and the message."""
    if not any(_is_call(tokens, index, name) for name in GETTEXT_NAMES):
        return index, None
    position = index + 2
    parts: list[str] = []
    while _kind(tokens, position) == TOKEN_STRING:
        parts.append(tokens[position].value)
        position += 1
    if not parts or _kind(tokens, position) != TOKEN_RPAREN:
        return index, None
    return position + 1, "".join(parts)


def _is_call(tokens: list[Token], index: int, name: str) -> bool:
    """Whether `name(` starts at `index` (a global's call, not an attribute's)."""
    token = tokens[index]
    return (token.type == TOKEN_NAME and token.value == name
            and not (index and tokens[index - 1].type == TOKEN_DOT)
            and _kind(tokens, index + 1) == TOKEN_LPAREN)


def _kind(tokens: list[Token], index: int) -> str | None:
    return tokens[index].type if index < len(tokens) else None
