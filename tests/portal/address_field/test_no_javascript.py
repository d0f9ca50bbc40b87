"""The address field without JavaScript: search, a list of matches, choose, done.

Every page here passes the HTML invariants of the `client` fixture (one h1, every
control labelled, unique ids).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.address_register.base import Wgs84Point
from adapters.address_register.coordinates import to_lks92
from adapters.address_register.fake import FakeAddressRegister
from portal.address_field import AddressSource
from tests.portal.address_field.page import PATH

pytestmark = pytest.mark.anyio

REPOSITORY = Path(__file__).resolve().parents[3]
BRIVIBAS_101 = "Brīvības iela 101, Rīga, LV-1010"


async def csrf(client: httpx.AsyncClient) -> str:
    page = await client.get(PATH)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


async def post(client: httpx.AsyncClient, **fields: str) -> httpx.Response:
    data = {"csrf_token": await csrf(client), "employer": "SIA Piemērs"}
    data.update({name.replace("_", "-"): value for name, value in fields.items()})
    return await client.post(PATH, data=data)


def answer(page: httpx.Response) -> dict[str, Any]:
    match = re.search(r'<pre id="answer">(.*?)</pre>', page.text, re.S)
    assert match, "no answer on the page"
    data: dict[str, Any] = json.loads(match.group(1).replace("&#34;", '"'))
    return data


def pinned_leaflet_version() -> str:
    """The version scripts/vendor-leaflet copies; the committed files must be that one."""
    lock = json.loads((REPOSITORY / "scripts/leaflet/package-lock.json").read_text("utf-8"))
    version: str = lock["packages"]["node_modules/leaflet"]["version"]
    return version


async def code_of(text: str) -> str:
    return (await FakeAddressRegister().search(text))[0].code


async def test_the_field_renders_labelled_with_hint_and_button(client: httpx.AsyncClient) -> None:
    page = await client.get(PATH)
    assert '<label class="label" id="place-label" for="place">Workplace address</label>' \
        in page.text
    assert 'aria-describedby="place-hint"' in page.text
    assert 'name="place-search"' in page.text
    # The map's box is made by the script: nothing map-shaped without JavaScript.
    assert 'class="address-field__map' not in page.text


async def test_scripts_are_deferred_and_only_where_the_field_is(
        client: httpx.AsyncClient) -> None:
    page = (await client.get(PATH)).text
    assert '<script src="/static/js/address-autocomplete.js" defer></script>' in page
    assert '<script src="/static/js/address-map.js" defer></script>' in page
    # Leaflet is fetched by the map script when the map is opened, never by the page.
    assert 'href="/static/vendor/leaflet' not in page and 'src="/static/vendor/leaflet' not in page
    home = (await client.get("/")).text
    assert "address-autocomplete.js" not in home and "address-map.js" not in home


async def test_vendored_leaflet_is_served(client: httpx.AsyncClient) -> None:
    version = pinned_leaflet_version()
    script = await client.get("/static/vendor/leaflet/leaflet.js")
    assert script.status_code == 200 and f"Leaflet {version}," in script.text[:200]
    icon = await client.get("/static/vendor/leaflet/images/marker-icon.png")
    assert icon.status_code == 200 and icon.content[:4] == b"\x89PNG"


async def test_find_address_shows_matches_without_errors(client: httpx.AsyncClient) -> None:
    page = await post(client, place="brivibas 101", place_search="1")
    assert page.status_code == 200
    assert "There is a problem" not in page.text and "error-message" not in page.text
    assert 'name="place-choice"' in page.text
    assert BRIVIBAS_101 in page.text
    assert 'value="not-listed"' in page.text
    # The list takes the focus, so it is what is read next.
    assert re.search(r'<fieldset class="fieldset address-field__matches"[^>]*autofocus', page.text)
    # What was typed elsewhere stays.
    assert 'value="SIA Piemērs"' in page.text


async def test_choosing_a_match_gives_code_and_both_coordinate_systems(
        client: httpx.AsyncClient) -> None:
    code = await code_of("brivibas 101")
    page = await post(client, place="brivibas 101", place_choice=code)
    assert page.status_code == 200
    value = answer(page)
    address = await FakeAddressRegister().get(code)
    assert value == {
        "source": "register", "code": code, "text": BRIVIBAS_101,
        "lat": address.wgs84.lat, "lon": address.wgs84.lon,
        "lks92_x": address.lks92.x, "lks92_y": address.lks92.y,
    }


async def test_not_in_the_list_keeps_the_typed_text(client: httpx.AsyncClient) -> None:
    page = await post(client, place="Mežmalas māja, Ropažu pagasts", place_choice="not-listed")
    assert answer(page) == {"source": "typed", "code": None, "text":
                            "Mežmalas māja, Ropažu pagasts", "lat": None, "lon": None,
                            "lks92_x": None, "lks92_y": None}


async def test_an_exact_register_address_needs_no_choosing(client: httpx.AsyncClient) -> None:
    page = await post(client, place="brīvības iela 101, rīga, lv-1010")
    assert answer(page)["code"] == await code_of(BRIVIBAS_101)
    assert answer(page)["text"] == BRIVIBAS_101


async def test_continue_with_an_unresolved_text_asks_to_choose(client: httpx.AsyncClient) -> None:
    page = await post(client, place="brivibas")
    assert page.status_code == 400
    assert "Izvēlieties adresi no saraksta" in page.text
    assert 'href="#place"' in page.text  # the error summary links to the box
    assert 'aria-describedby="place-hint place-error"' in page.text
    assert 'name="place-choice"' in page.text


async def test_nothing_found_offers_only_to_keep_the_text(client: httpx.AsyncClient) -> None:
    page = await post(client, place="Nekurienes iela 1")
    assert page.status_code == 400
    assert "Reģistrā nav atbilstošas adreses" in page.text
    assert page.text.count('name="place-choice"') == 1


async def test_required(client: httpx.AsyncClient) -> None:
    page = await post(client, place="")
    assert page.status_code == 400
    assert "Enter the address" in page.text


async def test_a_settled_answer_survives_the_next_post(client: httpx.AsyncClient) -> None:
    code = await code_of(BRIVIBAS_101)
    first = await post(client, place="x", place_choice=code)
    assert f'name="place-code" value="{code}"' in first.text
    again = await post(client, place=BRIVIBAS_101, place_code=code)
    assert answer(again)["source"] == AddressSource.REGISTER
    typed = await post(client, place="Pļavas, Ādažu pagasts", place_typed="Pļavas, Ādažu pagasts")
    assert answer(typed)["source"] == AddressSource.TYPED


async def test_a_code_with_other_text_is_not_trusted(client: httpx.AsyncClient) -> None:
    code = await code_of(BRIVIBAS_101)
    page = await post(client, place="Lielā iela 1, Jelgava, LV-3001", place_code=code)
    assert answer(page)["text"] == "Lielā iela 1, Jelgava, LV-3001"
    assert answer(page)["code"] != code


async def test_map_point_takes_the_nearest_address(client: httpx.AsyncClient) -> None:
    near = (await FakeAddressRegister().search(BRIVIBAS_101))[0]
    lat, lon = near.wgs84.lat + 0.0001, near.wgs84.lon  # some 11 m north of it
    page = await post(client, place=near.text, place_lat=str(lat), place_lon=str(lon))
    value = answer(page)
    grid = to_lks92(Wgs84Point(lat, lon))
    assert value == {"source": "map", "code": near.code, "text": near.text, "lat": lat,
                     "lon": lon, "lks92_x": grid.x, "lks92_y": grid.y}


async def test_map_point_with_corrected_text_keeps_the_point(client: httpx.AsyncClient) -> None:
    page = await post(client, place="Pagalms aiz Brīvības ielas 101", place_lat="56.9632",
                      place_lon="24.1355")
    value = answer(page)
    assert value["source"] == "map" and value["code"] is None
    assert value["text"] == "Pagalms aiz Brīvības ielas 101"
    grid = to_lks92(Wgs84Point(56.9632, 24.1355))
    assert (value["lat"], value["lon"]) == (56.9632, 24.1355)
    assert (value["lks92_x"], value["lks92_y"]) == (grid.x, grid.y)


async def test_a_point_outside_latvia_is_ignored(client: httpx.AsyncClient) -> None:
    page = await post(client, place="brivibas", place_lat="48.85", place_lon="2.35")
    assert page.status_code == 400  # treated as typed text: choose from the list


async def test_find_address_with_an_empty_box(client: httpx.AsyncClient) -> None:
    page = await post(client, place="", place_search="1")
    assert page.status_code == 200
    assert "Reģistrā nav adreses, kas atbilst ierakstītajam" in page.text
