"""How typed text is matched against addresses: folded, split into words, ranked.

People type on phones without Latvian diacritics ("brivibas iela"), in any case,
with or without commas; the register's own search tolerates all of that, and so
must the fake standing in for it and the field deciding whether a typed address
is the register's one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TypeVar

_WORD = re.compile(r"[0-9]+|[^\W\d_]+")
_T = TypeVar("_T")


def fold(text: str) -> str:
    """Lower case without diacritics: "Brīvības iela" → "brivibas iela"."""
    # ķ, ļ, ņ, ģ decompose to k, l, n, g and a combining cedilla; ā, ē, ī, ū to a vowel
    # and a macron; č, š, ž to a letter and a caron: dropping the marks folds them all.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words and numbers: "Brīvības iela 101 - 12" → brivibas, iela, 101, 12."""
    return _WORD.findall(fold(text))


def same_address(a: str, b: str) -> bool:
    """Whether two texts name the same address, punctuation, case and diacritics aside."""
    return words(a) == words(b)


def rank(query: str, candidates: Iterable[tuple[str, _T]], limit: int) -> list[_T]:
    """The candidates (text, item) whose words all the query's words begin, best first."""
    wanted = words(query)
    if not wanted:
        return []
    scored = []
    for text, item in candidates:
        have = words(text)
        score = _score(wanted, have)
        if score is not None:
            scored.append((score, _natural(words(text.split(",")[0])), item))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _score_, _key, item in scored[:limit]]


def _score(wanted: Sequence[str], have: Sequence[str]) -> tuple[int, int] | None:
    unused = list(have)
    exact = 0
    for word in wanted:
        # Prefer an exact word ("10" should be house 10, not 101) before a prefix.
        match = next((w for w in unused if w == word), None)
        if match is None:
            match = next((w for w in unused if w.startswith(word)), None)
        if match is None:
            return None
        exact += match == word
        unused.remove(match)
    n = len(wanted)
    if list(have[:n - 1]) == list(wanted[:-1]) and have[n - 1].startswith(wanted[-1]):
        tier = 0  # the address begins with what was typed
    elif any(_phrase_at(have, wanted, i) for i in range(len(have))):
        tier = 1  # what was typed appears as a phrase
    else:
        tier = 2
    return tier, -exact


def _phrase_at(have: Sequence[str], wanted: Sequence[str], start: int) -> bool:
    part = have[start:start + len(wanted)]
    return (len(part) == len(wanted) and list(part[:-1]) == list(wanted[:-1])
            and part[-1].startswith(wanted[-1]))


def _natural(have: Sequence[str]) -> tuple[tuple[int, int | str], ...]:
    # House 9 before house 10, as on the street rather than in a dictionary; given the
    # part before the first comma, a building comes before its flats ("101" < "101 - 1").
    return tuple((0, int(w)) if w.isdigit() else (1, w) for w in have)
