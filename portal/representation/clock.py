"""The one clock representation and mandates read, so tests can move it.

Rights depend on the Riga date: a child is under 18 until the day of their 18th
birthday there, and a mandate is valid through its last day there.
"""

from __future__ import annotations

from datetime import date, datetime

from portal.database import utcnow
from portal.templating import TIME_ZONE


def now() -> datetime:
    return utcnow()


def today() -> date:
    return now().astimezone(TIME_ZONE).date()
