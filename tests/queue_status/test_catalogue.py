"""The stored catalogue: refreshed in place, aids SPOLIS dropped kept but inactive."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from starlette.applications import Starlette

from adapters.spolis.demo_aids import catalogue as demo_catalogue
from adapters.spolis.technical_aids import Catalogue, CatalogueAid, CatalogueGroup
from queue_status.catalogue import aids_by_code, catalogue_groups, refresh_catalogue

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GROUPS = (CatalogueGroup("B", "Staiguļi", "Walkers", 20),
          CatalogueGroup("A", "Riteņkrēsli", "Wheelchairs", 10))
AIDS = (CatalogueAid("a2", "A", "vaivari", "Elektriskais riteņkrēsls", "Powered wheelchair"),
        CatalogueAid("a1", "A", "vaivari", "Bērnu riteņkrēsls", "Children's wheelchair"),
        CatalogueAid("b1", "B", "vaivari", "Staigulis", "Rollator"))


async def test_groups_in_spolis_order_with_their_active_aids(app: Starlette) -> None:
    async with app.state.sessionmaker() as session:
        await refresh_catalogue(session, Catalogue(GROUPS, AIDS), NOW)
        await session.commit()
        listed = [(g.code, [a.code for a in aids]) for g, aids in await catalogue_groups(session)]
        assert listed == [("A", ["a1", "a2"]), ("B", ["b1"])]


async def test_a_dropped_aid_is_kept_inactive_and_a_renamed_one_updated(app: Starlette) -> None:
    later = datetime(2026, 12, 1, tzinfo=UTC)
    async with app.state.sessionmaker() as session:
        await refresh_catalogue(session, Catalogue(GROUPS, AIDS), NOW)
        renamed = CatalogueAid("a1", "A", "vaivari", "Bērnu ratiņkrēsls", "Child wheelchair")
        await refresh_catalogue(session, Catalogue(GROUPS, (renamed, AIDS[2])), later)
        await session.commit()
        listed = [(g.code, [a.code for a in aids]) for g, aids in await catalogue_groups(session)]
        assert listed == [("A", ["a1"]), ("B", ["b1"])]
        known = await aids_by_code(session, {"a1", "a2"})
        assert known["a1"][0].name_lv == "Bērnu ratiņkrēsls"
        assert known["a2"][0].active is False and known["a2"][1].code == "A"
        await refresh_catalogue(session, Catalogue(GROUPS, AIDS), later)
        assert (await aids_by_code(session, {"a2"}))["a2"][0].active is True


async def test_the_demo_catalogue_stores_whole(app: Starlette) -> None:
    catalogue = demo_catalogue()
    async with app.state.sessionmaker() as session:
        await refresh_catalogue(session, catalogue, NOW)
        await session.commit()
        stored = await catalogue_groups(session)
        assert len(stored) == len(catalogue.groups)
        assert sum(len(aids) for _g, aids in stored) == len(catalogue.aids)
