"""Calendar months in Latvian time, and the instants (UTC) where they begin."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Europe/Riga")
MONTHS = 12


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def month_start(month: date) -> datetime:
    """The instant month `month` begins in Latvia, in UTC."""
    return datetime(month.year, month.month, 1, tzinfo=TIME_ZONE).astimezone(UTC)


def last_full_months(now: datetime, count: int = MONTHS) -> list[date]:
    """The `count` calendar months before the one `now` falls in, oldest first."""
    local = now.astimezone(TIME_ZONE)
    month = previous_month(date(local.year, local.month, 1))
    months = [month]
    while len(months) < count:
        month = previous_month(month)
        months.append(month)
    return months[::-1]


def period_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"
