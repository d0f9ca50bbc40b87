"""The place question suggests a branch and the home address, but never overrides a post."""

from __future__ import annotations

from starlette.datastructures import FormData

from eservices.technical_aid.forms import PlaceForm
from eservices.technical_aid.places import HOME
from i18n.catalogs import use_locale

ADDRESS = "Dzirnavu iela 91, Rīga, LV-1010"


def place_form(formdata: FormData | None = None) -> PlaceForm:
    return PlaceForm(formdata, provider="vaivari", home=True, suggested="vaivari-riga",
                     address=ADDRESS)


def test_shown_the_first_time_it_suggests_the_branch_and_the_address() -> None:
    with use_locale("en"):
        form = place_form()
    assert (form.place.data, form.delivery_address.data) == ("vaivari-riga", ADDRESS)


def test_a_cleared_address_for_home_delivery_is_an_error_not_refilled() -> None:
    with use_locale("en"):
        form = place_form(FormData([("place", HOME), ("delivery_address", "")]))
        assert not form.validate()
    assert form.delivery_address.errors == ["Enter the address to bring the aid to"]


def test_no_place_chosen_is_an_error_not_the_suggestion() -> None:
    with use_locale("en"):
        form = place_form(FormData([("place", ""), ("delivery_address", ADDRESS)]))
        assert not form.validate()
    assert form.place.errors
