"""When a register does not answer, nobody is silently switched, and nobody gains a right."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import httpx
import pytest
from starlette.applications import Starlette

from adapters.demo_people import ELZA_KALNINA, ILZE_KALNINA, MARTINS_KALNINS
from adapters.errors import Unavailable
from adapters.population_register.base import Person
from tests.portal.representation.signing_in import (
    act_for,
    in_english,
    offered,
    pin_clock,
    sign_in,
)

pytestmark = pytest.mark.anyio

ELZA = f"child_or_ward:{ELZA_KALNINA.personal_code}"
MARTINS = f"child_or_ward:{MARTINS_KALNINS.personal_code}"


class SilentPopulationRegister:
    async def get_person(self, personal_code: str) -> Person:
        raise Unavailable("population_register", "timed out")

    async def list_minor_children(self, personal_code: str, *, on: date) -> list[Person]:
        raise Unavailable("population_register", "timed out")

    async def list_wards(self, personal_code: str) -> list[Person]:
        raise Unavailable("population_register", "timed out")


def register_goes_silent(app: Starlette) -> None:
    app.state.adapters = dataclasses.replace(
        app.state.adapters, population_register=SilentPopulationRegister())


async def test_acting_for_a_child_survives_an_outage_but_no_new_switch_is_allowed(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_english(client)
    pin_clock(monkeypatch)
    await sign_in(app, client, ILZE_KALNINA)
    assert (await act_for(client, ELZA)).status_code == 303
    register_goes_silent(app)
    # Past the cache time: the register is asked, and does not answer.
    pin_clock(monkeypatch, datetime(2026, 11, 22, 11, 0, tzinfo=UTC))
    page = await client.get("/acting-for")
    assert "did not answer" in page.text
    assert f'<option value="{ELZA}" selected>' in page.text  # still acting for Elza
    refused = await act_for(client, MARTINS)  # confirmed earlier, not now
    assert refused.status_code == 400
    assert f'<option value="{ELZA}" selected>' in (await client.get("/")).text


async def test_nothing_is_offered_that_the_register_never_confirmed(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin_clock(monkeypatch)
    register_goes_silent(app)
    await sign_in(app, client, ILZE_KALNINA)
    assert offered((await client.get("/acting-for")).text) == []
    assert (await act_for(client, ELZA)).status_code == 400
