"""Validation of Latvian personal codes and company registration numbers.

Pure functions: no I/O, no clock, no messages. A result is either a parsed value
or an `Invalid...` carrying an error code; forms and views turn the code into a
translated message, so this module stays free of any language.

Personal code ("personas kods"), 11 digits, written `DDMMYY-NNNNN`:

* old format: `DDMMYY` is the birth date, the 7th digit the century
  (0 = 1800s, 1 = 1900s, 2 = 2000s) and the 11th a check digit;
* new format (issued since 1 July 2017): begins with `3` and a digit 2-9, carries
  no birth date, and its last digit is not a check digit we can verify.

Company registration number ("reģistrācijas numurs"), 11 digits with a check
digit; a mismatch is only flagged, never rejected (see `parse_registration_number`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

_PERSONAL_CODE_WEIGHTS: Final = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_REGISTRATION_NUMBER_WEIGHTS: Final = (9, 1, 4, 8, 3, 10, 2, 5, 7, 6)
_CENTURIES: Final = {"0": 1800, "1": 1900, "2": 2000}
# str.isdigit() also accepts Arabic-Indic, superscript and other Unicode digits,
# which int() or the registers would then choke on; only ASCII digits are valid.
_ASCII_DIGITS: Final = re.compile(r"[0-9]*")


class PersonalCodeError(StrEnum):
    """Why a personal code was rejected; the value is stable for use as a message key."""

    INVALID_CHARACTERS = "invalid_characters"
    """Something other than digits and one hyphen after the sixth digit."""
    WRONG_LENGTH = "wrong_length"
    """Not 11 digits."""
    UNKNOWN_CENTURY = "unknown_century"
    """Old format whose 7th digit is not 0, 1 or 2."""
    IMPOSSIBLE_DATE = "impossible_date"
    """Old format whose first six digits are not a calendar date."""
    CHECK_DIGIT_MISMATCH = "check_digit_mismatch"
    """Old format whose last digit does not match the others (usually a typo)."""


class RegistrationNumberError(StrEnum):
    """Why a registration number was rejected; the value is stable for use as a message key."""

    INVALID_CHARACTERS = "invalid_characters"
    WRONG_LENGTH = "wrong_length"


@dataclass(frozen=True, slots=True)
class PersonalCode:
    """A personal code that passed validation."""

    value: str
    """Normalised form `DDMMYY-NNNNN`."""
    birth_date: date | None
    """Known for the old format only; the new format carries no date."""

    @property
    def digits(self) -> str:
        """The 11 digits without the hyphen, as some registers want them."""
        return self.value.replace("-", "")

    @property
    def is_new_format(self) -> bool:
        return self.birth_date is None

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class InvalidPersonalCode:
    error: PersonalCodeError


@dataclass(frozen=True, slots=True)
class RegistrationNumber:
    """A registration number of the right shape."""

    value: str
    """The 11 digits."""
    checksum_mismatch: bool
    """True when the check digit does not match. Shown as a warning rather than
    refused: the Enterprise Register, not the checksum, is the authority on which
    numbers exist, so the number is still looked up and the lookup decides."""

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class InvalidRegistrationNumber:
    error: RegistrationNumberError


def personal_code_check_digit(first_ten: str) -> int | None:
    """The check digit of an old-format code from its first ten digits.

    None when the weighted sum gives 10: no digit can match, so no old-format
    code begins with those ten digits.
    """
    total = sum(w * int(d) for w, d in zip(_PERSONAL_CODE_WEIGHTS, first_ten, strict=True))
    check = (1101 - total) % 11
    return None if check == 10 else check


def registration_number_check_digit(first_ten: str) -> int | None:
    """The check digit of a registration number from its first ten digits, or None
    when the rule gives 10 (no digit can match)."""
    total = sum(w * int(d) for w, d in zip(_REGISTRATION_NUMBER_WEIGHTS, first_ten, strict=True))
    check = (3 - total) % 11
    return None if check == 10 else check


def is_new_format_personal_code(digits: str) -> bool:
    """New codes begin with 32-39: a day of the month can't, so there is no overlap."""
    return digits[0] == "3" and digits[1] in "23456789"


def parse_personal_code(raw: str) -> PersonalCode | InvalidPersonalCode:
    """Validate a personal code typed as `DDMMYY-NNNNN` or as 11 digits.

    Surrounding whitespace is ignored because pasted values often carry it.
    """
    text = raw.strip()
    # The hyphen is optional but only where people write it; anywhere else it is
    # more likely a sign of a mistyped number than a separator.
    if len(text) > 6 and text[6] == "-":
        text = text[:6] + text[7:]
    if not _ASCII_DIGITS.fullmatch(text):
        return InvalidPersonalCode(PersonalCodeError.INVALID_CHARACTERS)
    if len(text) != 11:
        return InvalidPersonalCode(PersonalCodeError.WRONG_LENGTH)

    normalised = f"{text[:6]}-{text[6:]}"
    if is_new_format_personal_code(text):
        return PersonalCode(value=normalised, birth_date=None)

    century = _CENTURIES.get(text[6])
    if century is None:
        return InvalidPersonalCode(PersonalCodeError.UNKNOWN_CENTURY)
    try:
        born = date(century + int(text[4:6]), int(text[2:4]), int(text[0:2]))
    except ValueError:
        return InvalidPersonalCode(PersonalCodeError.IMPOSSIBLE_DATE)
    # A birth date in the future is not rejected here: that needs a clock, and
    # the Population Register lookup that follows rejects unknown codes anyway.
    if personal_code_check_digit(text[:10]) != int(text[10]):
        return InvalidPersonalCode(PersonalCodeError.CHECK_DIGIT_MISMATCH)
    return PersonalCode(value=normalised, birth_date=born)


def parse_registration_number(raw: str) -> RegistrationNumber | InvalidRegistrationNumber:
    """Validate a company registration number: exactly 11 digits.

    Surrounding whitespace is ignored. A checksum mismatch is reported on the
    result rather than rejected (see `RegistrationNumber.checksum_mismatch`).
    """
    text = raw.strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return InvalidRegistrationNumber(RegistrationNumberError.INVALID_CHARACTERS)
    if len(text) != 11:
        return InvalidRegistrationNumber(RegistrationNumberError.WRONG_LENGTH)
    check = registration_number_check_digit(text[:10])
    return RegistrationNumber(value=text, checksum_mismatch=check != int(text[10]))
