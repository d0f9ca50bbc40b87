"""Verification codes: long enough to be unguessable, read back leniently, never ambiguous."""

from __future__ import annotations

import math

import pytest

from queue_status.rehabilitation_reference import codes


def test_a_code_carries_at_least_80_random_bits() -> None:
    assert len(codes.ALPHABET) == 32 and len(set(codes.ALPHABET)) == 32
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 80
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET) for code in made)
    # Every symbol turns up in every place: nothing is fixed or skewed away.
    for place in (0, codes.LENGTH - 1):
        assert {code[place] for code in made} == set(codes.ALPHABET)


def test_no_ambiguous_letters_are_printed() -> None:
    assert not set("ILOU") & set(codes.ALPHABET)


def test_printed_in_groups_of_four() -> None:
    assert codes.grouped("7KQ2M9XH4RTBW3NC8D5F") == "7KQ2-M9XH-4RTB-W3NC-8D5F"


@pytest.mark.parametrize("typed", [
    "7KQ2-M9XH-4RTB-W3NC-8D5F",
    "7kq2m9xh4rtbw3nc8d5f",
    " 7KQ2 M9XH 4RTB W3NC 8D5F ",
    "7KQ2–M9XH–4RTB–W3NC–8D5F",  # en dashes, as word processors print them
])
def test_typed_codes_are_read_leniently(typed: str) -> None:
    assert codes.normalise(typed) == "7KQ2M9XH4RTBW3NC8D5F"


def test_letters_that_look_like_digits_are_read_as_the_digits() -> None:
    assert codes.normalise("OOOO-IIII-LLLL-0000-1111") == "00001111111100001111"


@pytest.mark.parametrize("typed", ["", "7KQ2-M9XH", "7KQ2-M9XH-4RTB-W3NC-8D5F-2",
                                   "7KQ2-M9XH-4RTB-W3NC-8D5U", "7KQ2-M9XH-4RTB-W3NC-8D5!"])
def test_anything_else_is_no_code(typed: str) -> None:
    assert codes.normalise(typed) is None


def test_the_digest_is_of_the_normalised_code() -> None:
    assert codes.digest("7KQ2M9XH4RTBW3NC8D5F") == codes.digest(
        str(codes.normalise("7kq2-m9xh-4rtb-w3nc-8d5f")))
    assert len(codes.digest("7KQ2M9XH4RTBW3NC8D5F")) == 64
