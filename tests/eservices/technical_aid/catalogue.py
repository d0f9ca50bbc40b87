"""A small technical-aid catalogue written straight into the tables, as SPOLIS'
refresh would leave it."""

from __future__ import annotations

from starlette.applications import Starlette

from portal.database import utcnow
from queue_status.models import Aid, AidGroup

GROUPS = (
    ("12-22", "Riteņkrēsli", "Wheelchairs", 10),
    ("12-06", "Staiguļi", "Walkers", 20),
    ("22-06", "Dzirdes aparāti", "Hearing aids", 30),
    ("12-39", "Baltie spieķi", "White canes", 40),
    ("06-12", "Ortozes", "Orthoses", 50),
)
AIDS = (
    ("12-22-03", "12-22", "vaivari", "Manuālais riteņkrēsls", "Manual wheelchair"),
    ("12-22-18", "12-22", "vaivari", "Bērnu riteņkrēsls", "Children's wheelchair"),
    ("12-06-06", "12-06", "vaivari", "Staigulis ar riteņiem", "Rollator"),
    ("22-06-15", "22-06", "deaf_association", "Aizauss dzirdes aparāts",
     "Behind-the-ear hearing aid"),
    ("12-39-03", "12-39", "blind_society", "Saliekamais baltais spieķis", "Folding white cane"),
    ("06-12-09", "06-12", "vaivari", "Ceļa ortoze", "Knee orthosis"),
)


async def stock_catalogue(app: Starlette) -> None:
    now = utcnow()
    async with app.state.sessionmaker() as db:
        for code, lv, en, order in GROUPS:
            db.add(AidGroup(code=code, name_lv=lv, name_en=en, sort_order=order,
                            refreshed_at=now))
        await db.flush()
        for code, group, provider, lv, en in AIDS:
            db.add(Aid(code=code, group_code=group, provider=provider, name_lv=lv, name_en=en,
                       active=True, refreshed_at=now))
        await db.commit()
