"""The technical-aid catalogue as the portal keeps it: refreshed from SPOLIS, read by
the application e-service and by "my queue".

The functions only flush; whoever opened the session commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.spolis.technical_aids import Catalogue
from queue_status.models import Aid, AidGroup


async def refresh_catalogue(session: AsyncSession, catalogue: Catalogue, now: datetime) -> None:
    """Make the stored catalogue SPOLIS' `catalogue`.

    Groups and aids are inserted or updated in place. An aid SPOLIS no longer
    lists is marked inactive, not deleted: requests still name it. A group is
    never deleted either, for the same reason.
    """
    groups = {g.code: g for g in (await session.scalars(select(AidGroup))).all()}
    for item in catalogue.groups:
        group = groups.get(item.code)
        if group is None:
            group = AidGroup(code=item.code)
            session.add(group)
            groups[item.code] = group
        group.name_lv, group.name_en = item.name_lv, item.name_en
        group.sort_order = item.sort_order
        group.refreshed_at = now
    await session.flush()
    aids = {a.code: a for a in (await session.scalars(select(Aid))).all()}
    for entry in catalogue.aids:
        if entry.group_code not in groups:
            continue  # an aid of a group SPOLIS did not list: not offered
        aid = aids.get(entry.code)
        if aid is None:
            aid = Aid(code=entry.code)
            session.add(aid)
        aid.group_code, aid.provider = entry.group_code, entry.provider
        aid.name_lv, aid.name_en = entry.name_lv, entry.name_en
        aid.active = True
        aid.refreshed_at = now
    listed = {entry.code for entry in catalogue.aids if entry.group_code in groups}
    gone = [code for code in aids if code not in listed]
    if gone:
        await session.execute(update(Aid).where(Aid.code.in_(gone), Aid.active.is_(True))
                              .values(active=False, refreshed_at=now))
    await session.flush()


async def catalogue_groups(session: AsyncSession) -> list[tuple[AidGroup, list[Aid]]]:
    """The active aids, by group in SPOLIS' order; groups without an active aid left out."""
    rows = (await session.execute(
        select(AidGroup, Aid).join(Aid, Aid.group_code == AidGroup.code)
        .where(Aid.active.is_(True))
        .order_by(AidGroup.sort_order, AidGroup.code, Aid.name_lv, Aid.code)
    )).all()
    result: list[tuple[AidGroup, list[Aid]]] = []
    for group, aid in rows:
        if not result or result[-1][0].code != group.code:
            result.append((group, []))
        result[-1][1].append(aid)
    return result


async def aids_by_code(session: AsyncSession, codes: set[str]) -> dict[str, tuple[Aid, AidGroup]]:
    """These aids (active or not) with their groups, for naming requests."""
    if not codes:
        return {}
    rows = (await session.execute(
        select(Aid, AidGroup).join(AidGroup, AidGroup.code == Aid.group_code)
        .where(Aid.code.in_(sorted(codes)))
    )).all()
    return {aid.code: (aid, group) for aid, group in rows}
