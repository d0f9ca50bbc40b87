from eservices.registry import REGISTRY, by_slug
from i18n.catalogs import use_locale


def test_slugs_and_reference_prefixes_are_unique() -> None:
    assert len({s.slug for s in REGISTRY}) == len(REGISTRY)
    assert len({s.reference_prefix for s in REGISTRY}) == len(REGISTRY)


def test_every_service_is_titled_in_both_languages() -> None:
    for service in REGISTRY:
        with use_locale("lv"):
            latvian = (str(service.title), str(service.summary))
        with use_locale("en"):
            english = (str(service.title), str(service.summary))
        assert latvian != english, service.slug


def test_lookup_by_slug() -> None:
    assert by_slug("labour_complaint") is REGISTRY[0]
    assert by_slug("nothing") is None
