from hypothesis import given
from hypothesis import strategies as st

from eservices.submissions.reference import ALPHABET, new_reference, normalise_reference


def test_no_ambiguous_characters() -> None:
    assert not set("01OIL") & set(ALPHABET)


@given(st.sampled_from(["VDS", "TPL", "PIE"]))
def test_new_references_are_valid_and_normal(prefix: str) -> None:
    reference = new_reference(prefix)
    assert reference.startswith(prefix + "-")
    assert normalise_reference(reference) == reference
    assert normalise_reference(reference.lower().replace("-", " ")) == reference


@given(st.data())
def test_a_single_mistyped_character_is_caught(data: st.DataObject) -> None:
    reference = new_reference("VDS")
    positions = [i for i, c in enumerate(reference) if i > 3 and c != "-"]
    position = data.draw(st.sampled_from(positions))
    replacement = data.draw(st.sampled_from([c for c in ALPHABET if c != reference[position]]))
    typo = reference[:position] + replacement + reference[position + 1 :]
    assert normalise_reference(typo) is None
