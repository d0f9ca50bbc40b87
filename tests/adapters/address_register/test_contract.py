"""One contract, two implementations: the in-memory register and the http one (over
the gateway stand-in), with the sample the portal ships."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from adapters.address_register.base import AddressRegister, Wgs84Point
from adapters.address_register.coordinates import to_lks92
from adapters.address_register.fake import SAMPLE, FakeAddressRegister, read_vzd_csv
from adapters.address_register.http import HttpAddressRegister
from adapters.errors import NotFound
from tests.adapters.address_register.gateway import gateway

pytestmark = pytest.mark.anyio

FREEDOM_MONUMENT = Wgs84Point(lat=56.95145, lon=24.11336)
GULF_OF_RIGA = Wgs84Point(lat=57.30, lon=23.90)  # open water, kilometres from any address


@pytest.fixture(params=["fake", "http"])
async def register(request: pytest.FixtureRequest) -> AsyncIterator[AddressRegister]:
    fake = FakeAddressRegister()
    if request.param == "fake":
        yield fake
        return
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=gateway(fake))) as client:
        yield HttpAddressRegister(client, "http://register.test/var")


async def test_search_ignores_case_and_diacritics(register: AddressRegister) -> None:
    found = await register.search("brivibas iela")
    assert found, "brivibas iela finds Brīvības iela"
    assert all("Brīvības iela" in a.text for a in found)


async def test_search_ranks_the_exact_house_number_first(register: AddressRegister) -> None:
    found = await register.search("Brīvības iela 10")
    assert found[0].text == "Brīvības iela 10, Rīga, LV-1010"
    assert "Brīvības iela 101, Rīga, LV-1010" in [a.text for a in found]


async def test_search_puts_a_building_before_its_flats(register: AddressRegister) -> None:
    texts = [a.text for a in await register.search("brivibas 101")]
    assert texts[:2] == ["Brīvības iela 101, Rīga, LV-1010",
                         "Brīvības iela 101 - 1, Rīga, LV-1010"]


async def test_search_words_in_any_order_and_town(register: AddressRegister) -> None:
    texts = [a.text for a in await register.search("jelgava liel")]
    assert texts and all(t.startswith("Lielā iela") and "Jelgava" in t for t in texts)


async def test_search_respects_the_limit_and_finds_nothing_quietly(
        register: AddressRegister) -> None:
    assert len(await register.search("iela", limit=3)) == 3
    assert await register.search("nav tādas ielas") == []
    assert await register.search("   ") == []


async def test_get_by_code_and_unknown_code(register: AddressRegister) -> None:
    first = (await register.search("Ģertrūdes iela 10"))[0]
    again = await register.get(first.code)
    assert again == first
    assert again.postal_code == "LV-1010"
    with pytest.raises(NotFound):
        await register.get("999999999")
    with pytest.raises(NotFound):
        await register.get("../../etc")


async def test_nearest_address(register: AddressRegister) -> None:
    near = await register.nearest(FREEDOM_MONUMENT)
    assert "Rīga" in near.text
    # The answer is the closest of all: no sample address is nearer.
    here = to_lks92(FREEDOM_MONUMENT)
    def metres(x: float, y: float) -> float:
        return float(((x - here.x) ** 2 + (y - here.y) ** 2) ** 0.5)
    closest = min(metres(a.lks92.x, a.lks92.y) for a in read_vzd_csv(SAMPLE))
    assert metres(near.lks92.x, near.lks92.y) == pytest.approx(closest)


async def test_nothing_near_open_water(register: AddressRegister) -> None:
    with pytest.raises(NotFound):
        await register.nearest(GULF_OF_RIGA)
    near = await register.nearest(GULF_OF_RIGA, within_metres=100_000)
    assert near.code


async def test_results_carry_both_coordinate_systems(register: AddressRegister) -> None:
    for address in await register.search("Daugavpils"):
        grid = to_lks92(address.wgs84)
        assert (grid.x, grid.y) == pytest.approx((address.lks92.x, address.lks92.y), abs=0.05)
        assert 55.8 < address.wgs84.lat < 55.9 and 26.5 < address.wgs84.lon < 26.6
