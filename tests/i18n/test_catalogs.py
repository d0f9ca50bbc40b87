from i18n.catalogs import gettext, use_locale
from i18n.maintenance import catalog_problems


def test_catalogs_are_complete_and_up_to_date() -> None:
    problems = catalog_problems()
    assert problems == [], "\n".join(problems)


def test_latvian_is_the_default() -> None:
    assert gettext("Welfare e-services") == "Labklājības e-pakalpojumi"
    with use_locale("en"):
        assert gettext("Welfare e-services") == "Welfare e-services"
    with use_locale("xx"):
        assert gettext("Welfare e-services") == "Labklājības e-pakalpojumi"
