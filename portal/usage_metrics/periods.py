"""Days as people in Latvia count them: figures are per calendar day in Europe/Riga."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from portal.templating import TIME_ZONE


def local_day(moment: datetime) -> date:
    return moment.astimezone(TIME_ZONE).date()


def day_start(day: date) -> datetime:
    """The UTC instant the day begins in Riga (23 or 25 hours long around clock changes)."""
    return datetime.combine(day, time.min, tzinfo=TIME_ZONE).astimezone(UTC)


def days_from(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def last_finished_day(now: datetime, abandon_after: timedelta) -> date:
    """The latest day whose figures can no longer change by the mere passing of time.

    A day is finished once it is over and every journey last touched on it has had
    `abandon_after` to come back: only then is its count of abandoned journeys known.
    (Day D is finished when day_start(D + 1) + abandon_after <= now.)
    """
    return local_day(now - abandon_after) - timedelta(days=1)
