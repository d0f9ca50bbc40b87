"""Personal codes and registration numbers: properties first, then worked examples."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from portal.identifiers import (
    InvalidPersonalCode,
    InvalidRegistrationNumber,
    PersonalCode,
    PersonalCodeError,
    RegistrationNumber,
    RegistrationNumberError,
    is_new_format_personal_code,
    parse_personal_code,
    parse_registration_number,
    personal_code_check_digit,
    registration_number_check_digit,
)

_CENTURY_DIGIT = {18: "0", 19: "1", 20: "2"}
_NOT_ASCII_DIGITS = st.characters().filter(lambda c: c not in "0123456789")


@st.composite
def old_format_codes(draw: st.DrawFn) -> tuple[str, date]:
    """Eleven digits of a valid old-format code and the birth date it holds."""
    born = draw(st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)))
    serial = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    first_ten = f"{born:%d%m%y}{_CENTURY_DIGIT[born.year // 100]}{serial}"
    check = personal_code_check_digit(first_ten)
    # About one prefix in eleven has no valid check digit; no code starts with it.
    assume(check is not None)
    return f"{first_ten}{check}", born


new_format_codes = st.from_regex(r"3[2-9][0-9]{9}", fullmatch=True)


def with_hyphen(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}"


def accepted(raw: str) -> PersonalCode:
    result = parse_personal_code(raw)
    assert isinstance(result, PersonalCode), result
    return result


def rejected(raw: str) -> PersonalCodeError:
    result = parse_personal_code(raw)
    assert isinstance(result, InvalidPersonalCode), result
    return result.error


# Personal codes: properties


@given(old_format_codes(), st.booleans())
def test_valid_old_format_codes_are_accepted_with_their_birth_date(
    code: tuple[str, date], hyphen: bool
) -> None:
    digits, born = code
    result = accepted(with_hyphen(digits) if hyphen else digits)
    assert result.value == with_hyphen(digits)
    assert result.birth_date == born
    assert not result.is_new_format


@given(old_format_codes(), st.integers(0, 10), st.integers(1, 9))
def test_changing_any_one_digit_of_an_old_format_code_is_caught(
    code: tuple[str, date], position: int, shift: int
) -> None:
    digits, _ = code
    changed = str((int(digits[position]) + shift) % 10)
    mutated = digits[:position] + changed + digits[position + 1 :]
    result = parse_personal_code(mutated)
    if is_new_format_personal_code(mutated):
        # Turning the first two digits into 32-39 yields a new-format code,
        # which by design has nothing to check.
        assert isinstance(result, PersonalCode)
        assert result.is_new_format
    else:
        assert isinstance(result, InvalidPersonalCode)
        if position >= 7:
            # Date and century are untouched, so only the check digit can tell.
            assert result.error is PersonalCodeError.CHECK_DIGIT_MISMATCH


@given(
    st.integers(0, 31),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from([18, 19, 20]),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)
def test_codes_with_impossible_dates_are_rejected(
    day: int, month: int, year: int, century: int, serial: str
) -> None:
    try:
        date(century * 100 + year, month, day)
    except ValueError:
        pass
    else:
        assume(False)
    first_ten = f"{day:02}{month:02}{year:02}{_CENTURY_DIGIT[century]}{serial}"
    # A correct check digit, so that the date is the only fault.
    check = personal_code_check_digit(first_ten)
    assume(check is not None)
    assert rejected(f"{first_ten}{check}") is PersonalCodeError.IMPOSSIBLE_DATE


@given(new_format_codes, st.booleans())
def test_new_format_codes_are_always_accepted_without_a_birth_date(
    digits: str, hyphen: bool
) -> None:
    result = accepted(with_hyphen(digits) if hyphen else digits)
    assert result.value == with_hyphen(digits)
    assert result.digits == digits
    assert result.birth_date is None
    assert result.is_new_format


@given(st.one_of(old_format_codes().map(lambda code: code[0]), new_format_codes), st.booleans())
def test_normalising_is_idempotent(digits: str, hyphen: bool) -> None:
    first = accepted(with_hyphen(digits) if hyphen else digits)
    assert parse_personal_code(first.value) == first
    assert parse_personal_code(first.digits) == first
    assert parse_personal_code(str(first)) == first


@given(st.text())
def test_any_text_gets_an_answer_not_an_exception(raw: str) -> None:
    assert isinstance(parse_personal_code(raw), PersonalCode | InvalidPersonalCode)


@given(st.from_regex(r"[0-9]{0,30}", fullmatch=True).filter(lambda d: len(d) != 11))
def test_personal_codes_of_the_wrong_length_are_rejected(digits: str) -> None:
    assert rejected(digits) is PersonalCodeError.WRONG_LENGTH


@given(new_format_codes, st.integers(1, 9), _NOT_ASCII_DIGITS)
def test_personal_codes_with_other_characters_are_rejected(
    digits: str, position: int, intruder: str
) -> None:
    assert rejected(digits[:position] + intruder + digits[position + 1 :]) is (
        PersonalCodeError.INVALID_CHARACTERS
    )


# Personal codes: examples


def test_an_old_format_code_with_and_without_hyphen() -> None:
    expected = PersonalCode(value="031158-15239", birth_date=date(1958, 11, 3))
    assert parse_personal_code("031158-15239") == expected
    assert parse_personal_code("03115815239") == expected
    assert parse_personal_code("  031158-15239\n") == expected


def test_a_new_format_code_is_normalised_with_a_hyphen() -> None:
    assert parse_personal_code("32578140219") == PersonalCode("325781-40219", None)


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("", PersonalCodeError.WRONG_LENGTH),
        ("031158-1523", PersonalCodeError.WRONG_LENGTH),
        ("031158-152390", PersonalCodeError.WRONG_LENGTH),
        ("0311581-5239", PersonalCodeError.INVALID_CHARACTERS),
        ("031158--15239", PersonalCodeError.INVALID_CHARACTERS),
        ("031158 15239", PersonalCodeError.INVALID_CHARACTERS),
        ("O31158-15239", PersonalCodeError.INVALID_CHARACTERS),
        ("٠٣١١٥٨-١٥٢٣٩", PersonalCodeError.INVALID_CHARACTERS),
        ("031158-15238", PersonalCodeError.CHECK_DIGIT_MISMATCH),
        ("031158-55239", PersonalCodeError.UNKNOWN_CENTURY),
        ("290223-12345", PersonalCodeError.IMPOSSIBLE_DATE),
        ("311158-15239", PersonalCodeError.IMPOSSIBLE_DATE),
        ("001158-15239", PersonalCodeError.IMPOSSIBLE_DATE),
    ],
)
def test_invalid_personal_codes(raw: str, error: PersonalCodeError) -> None:
    assert rejected(raw) is error


def test_29_february_is_a_date_only_in_leap_years() -> None:
    assert accepted(with_hyphen(_with_check("2902242234"))).birth_date == date(2024, 2, 29)
    assert rejected(_with_check("2902231234")) is PersonalCodeError.IMPOSSIBLE_DATE
    # 1900 was not a leap year; 2000 was.
    assert rejected(_with_check("2902001234")) is PersonalCodeError.IMPOSSIBLE_DATE
    assert accepted(_with_check("2902002234")).birth_date == date(2000, 2, 29)


def test_a_prefix_whose_check_digit_would_be_10_never_validates() -> None:
    first_ten = next(
        prefix
        for prefix in (f"0101800{n:03}" for n in range(1000))
        if personal_code_check_digit(prefix) is None
    )
    for last in "0123456789":
        assert rejected(first_ten + last) is PersonalCodeError.CHECK_DIGIT_MISMATCH


def _with_check(first_ten: str) -> str:
    check = personal_code_check_digit(first_ten)
    assert check is not None
    return f"{first_ten}{check}"


# Registration numbers


@st.composite
def registration_numbers(draw: st.DrawFn) -> str:
    first_ten = draw(st.from_regex(r"[0-9]{10}", fullmatch=True))
    check = registration_number_check_digit(first_ten)
    assume(check is not None)
    return f"{first_ten}{check}"


@given(registration_numbers())
def test_registration_numbers_with_a_good_checksum_are_accepted_without_warning(
    number: str,
) -> None:
    assert parse_registration_number(number) == RegistrationNumber(number, checksum_mismatch=False)


@given(registration_numbers(), st.integers(1, 9))
def test_a_checksum_mismatch_is_accepted_with_a_warning(number: str, shift: int) -> None:
    wrong = number[:10] + str((int(number[10]) + shift) % 10)
    assert parse_registration_number(wrong) == RegistrationNumber(wrong, checksum_mismatch=True)


@given(st.from_regex(r"[0-9]{0,30}", fullmatch=True).filter(lambda d: len(d) != 11))
def test_registration_numbers_of_the_wrong_length_are_rejected(digits: str) -> None:
    assert parse_registration_number(digits) == InvalidRegistrationNumber(
        RegistrationNumberError.WRONG_LENGTH
    )


@given(registration_numbers(), st.integers(1, 9), _NOT_ASCII_DIGITS)
def test_registration_numbers_with_other_characters_are_rejected(
    number: str, position: int, intruder: str
) -> None:
    assert parse_registration_number(
        number[:position] + intruder + number[position + 1 :]
    ) == InvalidRegistrationNumber(RegistrationNumberError.INVALID_CHARACTERS)


@given(st.text())
def test_any_text_gets_a_registration_number_answer(raw: str) -> None:
    result = parse_registration_number(raw)
    assert isinstance(result, RegistrationNumber | InvalidRegistrationNumber)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("40003528717", RegistrationNumber("40003528717", checksum_mismatch=False)),
        (" 40103789067 ", RegistrationNumber("40103789067", checksum_mismatch=False)),
        ("40003528718", RegistrationNumber("40003528718", checksum_mismatch=True)),
        ("4000352871", InvalidRegistrationNumber(RegistrationNumberError.WRONG_LENGTH)),
        ("4000352871A", InvalidRegistrationNumber(RegistrationNumberError.INVALID_CHARACTERS)),
        ("LV40003528717", InvalidRegistrationNumber(RegistrationNumberError.INVALID_CHARACTERS)),
        ("4000-3528717", InvalidRegistrationNumber(RegistrationNumberError.INVALID_CHARACTERS)),
        ("", InvalidRegistrationNumber(RegistrationNumberError.WRONG_LENGTH)),
    ],
)
def test_registration_number_examples(
    raw: str, expected: RegistrationNumber | InvalidRegistrationNumber
) -> None:
    assert parse_registration_number(raw) == expected
