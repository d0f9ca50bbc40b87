"""Who is an operator: a setting, with one demo operator who is a demo person."""

from __future__ import annotations

from pathlib import Path

from adapters.demo_people import DACE_ABELE, DEMO_PEOPLE
from portal.settings import Settings


def test_operator_codes_come_from_a_comma_separated_variable() -> None:
    settings = Settings.from_env(
        {"PORTAL_OPERATOR_PERSONAL_CODES": " 329954-31870, 031158-15239 ,"})
    assert settings.operator_personal_codes == ("329954-31870", "031158-15239")
    assert Settings.from_env({}).operator_personal_codes == ()


def test_the_demo_operator_is_a_demo_person(tmp_path: Path) -> None:
    demo = Settings.demo(tmp_path)
    assert demo.operator_personal_codes == (DACE_ABELE.personal_code,)
    assert DACE_ABELE in DEMO_PEOPLE
