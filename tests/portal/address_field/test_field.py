"""The field's value and its contract with step views, without HTTP."""

from __future__ import annotations

import json

import pytest
from starlette.datastructures import FormData

from adapters.address_register.fake import FakeAddressRegister
from adapters.errors import Unavailable
from portal.address_field import AddressField, AddressSource, AddressValue, resolve_addresses
from portal.forms import PortalForm

pytestmark = pytest.mark.anyio


class Form(PortalForm):
    place = AddressField("Place")


class DownRegister(FakeAddressRegister):
    async def search(self, text: str, *, limit: int = 10) -> list[object]:  # type: ignore[override]
        raise Unavailable("address_register", "down")


async def test_value_is_json_and_reads_as_its_text() -> None:
    address = (await FakeAddressRegister().search("Rīgas iela 22 Daugavpils"))[0]
    value = AddressValue.from_register(address)
    assert str(value) == address.text
    assert value.source is AddressSource.REGISTER and value.code == address.code
    assert value.wgs84 == address.wgs84
    assert (value.lks92_x, value.lks92_y) == (address.lks92.x, address.lks92.y)
    stored = json.loads(json.dumps(value))
    assert AddressValue.from_json(stored) == value


def test_a_form_is_rebuilt_from_a_stored_answer() -> None:
    stored = {"source": "typed", "code": None, "text": "Pie ezera", "lat": None, "lon": None,
              "lks92_x": None, "lks92_y": None}
    form = Form(data={"place": stored})
    assert isinstance(form.place.data, AddressValue)
    assert form.place.text == "Pie ezera"
    assert form.place.settled["typed"] == "Pie ezera"
    assert AddressValue.from_json({"text": "x", "source": "elsewhere"}) is None
    assert AddressValue.from_json("Pie ezera") is None


async def test_search_button_is_no_error_for_the_view() -> None:
    form = Form(formdata=FormData({"place": "liela", "place-search": "1"}))
    assert form.place.search_requested()
    assert await resolve_addresses(form, FakeAddressRegister()) is True
    assert form.place.matches and form.place.data is None
    # A view that validates anyway gets the "choose one" state, not a crash.
    assert not form.validate()
    assert "Izvēlieties adresi" in str(form.place.errors[0])


async def test_validating_before_resolving_is_a_programming_error() -> None:
    form = Form(formdata=FormData({"place": "liela"}))
    with pytest.raises(RuntimeError, match="resolve_addresses"):
        form.validate()


async def test_a_form_without_the_field_posted_needs_nothing() -> None:
    form = Form(formdata=FormData({"other": "x"}))
    assert await resolve_addresses(form, FakeAddressRegister()) is False
    assert form.validate() and form.place.data is None


async def test_register_down_keeps_the_typed_text() -> None:
    form = Form(formdata=FormData({"place": "Brīvības iela 1"}))
    assert await resolve_addresses(form, DownRegister()) is False
    assert form.validate()
    assert form.place.data == AddressValue.typed("Brīvības iela 1")
    searching = Form(formdata=FormData({"place": "Brīvības", "place-search": "1"}))
    assert await resolve_addresses(searching, DownRegister()) is True
    assert searching.place.register_unavailable and searching.place.matches is None
