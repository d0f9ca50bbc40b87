"""Reference numbers people read out on the phone: `VDS-7KQ2-M9XH`.

The alphabet leaves out characters that are easy to confuse (0/O, 1/I/L), and
the last character is a check character (a weighted sum modulo the alphabet size),
so a mistyped reference is recognised as such before any database look-up.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_LENGTH = 7  # 31**7 ≈ 2.7e10 per prefix; uniqueness is still enforced by the database
_PATTERN = re.compile(r"^([A-Z]{2,5})-?([" + ALPHABET + r"]{4})-?([" + ALPHABET + r"]{4})$")


def _check_character(body: str) -> str:
    total = sum((position + 1) * ALPHABET.index(char) for position, char in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    full = body + _check_character(body)
    return f"{prefix}-{full[:4]}-{full[4:]}"


def normalise_reference(text: str) -> str | None:
    """The canonical form of a typed reference, or None when it cannot be one of ours."""
    cleaned = re.sub(r"\s+", "", text.upper())
    match = _PATTERN.match(cleaned)
    if match is None:
        return None
    prefix, first, second = match.groups()
    body = first + second
    if _check_character(body[:-1]) != body[-1]:
        return None
    return f"{prefix}-{first}-{second}"
