"""Verification codes printed on e-references: `7KQ2-M9XH-4RTB-W3NC-8D5F`.

Twenty symbols of Crockford's base-32 alphabet carry 100 random bits from
`secrets`: at a billion stored references, a guess matches one with odds of
about 1 in 10^21, and the verification page allows ten failed guesses per
address per ten minutes. The alphabet has no I, L, O or U; what people type is
read as Crockford reads it (O as 0, I and L as 1, small letters as capitals,
spaces and dashes ignored), so a code read aloud or copied by hand still matches.

A code is looked up by its SHA-256 (a unique index), never by comparing codes
one by one. The digest of a malformed text is simply a digest nobody has.
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
GROUP = 4
BITS = LENGTH * 5
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = re.compile(r"[\s\-‐‑‒–—]+")
_CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    """A fresh code, normalised (no dashes)."""
    number = secrets.randbits(BITS)
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(LENGTH))


def normalise(text: str) -> str | None:
    """The code as stored, from what someone typed; None when it cannot be one."""
    cleaned = _IGNORED.sub("", text).upper().translate(_READ_AS)
    return cleaned if _CODE.fullmatch(cleaned) else None


def grouped(code: str) -> str:
    """The code as printed and shown, in groups of four."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def digest(code: str) -> str:
    """What the database is searched by (the normalised code's SHA-256, in hex)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
