"""The figures of an e-service per day, from its events and satisfaction answers.

Pure functions over plain values, so the definitions can be checked by hand:

    starts              `started` events on the day
    submissions         `submitted` events on the day
    completion rate     submissions / starts of the same day, as the GOV.UK service
                        manual measures it ("the percentage of transactions that are
                        started and completed"); none on a day without starts. On a
                        single day it can exceed 1 when drafts begun earlier are sent.
    time to complete    from the journey's start to its submission, in seconds: the
                        median (the mean of the middle two for an even count) and the
                        90th percentile by the nearest-rank method (the smallest value
                        with at least 90 % of the values at or below it)
    abandoned           journeys without a submission whose last step was reached more
                        than `abandon_after` ago; counted on the day of that last step
    drop-off by step    the abandoned journeys by the last step they reached
    satisfaction        answers on the day: how many, the share of the top two answers
                        ("satisfied" and "very satisfied") and the mean on the 1–5 scale

Every figure is also split by device class and by language. A day without
traffic has zeros, and "none" where a ratio or a time has nothing to measure.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from portal.usage_metrics.events import DeviceClass, UsageEvent
from portal.usage_metrics.periods import local_day

LOCALES = ("lv", "en")
RATINGS = (5, 4, 3, 2, 1)
SATISFIED = frozenset({4, 5})


@dataclass(frozen=True, slots=True)
class Event:
    journey_id: str
    kind: str
    occurred_at: datetime
    device_class: str
    locale: str
    step: str = ""
    seconds_to_complete: int | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    rating: int
    answered_at: datetime
    device_class: str
    locale: str


def median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def nearest_rank(values: Sequence[int], percent: int) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1]


@dataclass
class Figures:
    starts: int = 0
    submissions: int = 0
    abandoned: int = 0
    durations: list[int] = field(default_factory=list)
    drop_off: Counter[str] = field(default_factory=Counter)
    ratings: list[int] = field(default_factory=list)

    @property
    def completion_rate(self) -> float | None:
        return self.submissions / self.starts if self.starts else None

    @property
    def median_seconds(self) -> float | None:
        return median(self.durations)

    @property
    def p90_seconds(self) -> int | None:
        return nearest_rank(self.durations, 90)

    @property
    def satisfied_share(self) -> float | None:
        if not self.ratings:
            return None
        return sum(1 for r in self.ratings if r in SATISFIED) / len(self.ratings)

    @property
    def mean_rating(self) -> float | None:
        return statistics.fmean(self.ratings) if self.ratings else None

    @property
    def rating_counts(self) -> dict[int, int]:
        counted = Counter(self.ratings)
        return {rating: counted[rating] for rating in RATINGS}

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON: what is published and what the CSV export writes."""
        return {
            "starts": self.starts,
            "submissions": self.submissions,
            "completion_rate": _rounded(self.completion_rate, 4),
            "median_seconds": _rounded(self.median_seconds, 1),
            "p90_seconds": self.p90_seconds,
            "abandoned": self.abandoned,
            "drop_off": dict(sorted(self.drop_off.items())),
            "satisfaction": {
                "answers": len(self.ratings),
                "satisfied_share": _rounded(self.satisfied_share, 4),
                "mean": _rounded(self.mean_rating, 2),
                "counts": {str(k): v for k, v in self.rating_counts.items()},
            },
        }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class Breakdown:
    total: Figures = field(default_factory=Figures)
    by_device: dict[str, Figures] = field(
        default_factory=lambda: {d.value: Figures() for d in DeviceClass})
    by_locale: dict[str, Figures] = field(
        default_factory=lambda: {locale: Figures() for locale in LOCALES})

    def add(self, device_class: str, locale: str, change: Callable[[Figures], None]) -> None:
        change(self.total)
        change(self.by_device.setdefault(device_class, Figures()))
        change(self.by_locale.setdefault(locale, Figures()))

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.total.as_dict(),
            "by_device_class": {k: v.as_dict() for k, v in self.by_device.items()},
            "by_language": {k: v.as_dict() for k, v in self.by_locale.items()},
        }


@dataclass
class UsageFigures:
    days: dict[date, Breakdown]
    period: Breakdown


def compute(
    events: Iterable[Event],
    answers: Iterable[Answer],
    days: Sequence[date],
    *,
    now: datetime,
    abandon_after: timedelta,
) -> UsageFigures:
    """Figures for each of `days` and for all of them together.

    `events` must hold every event of every journey that has an event on one of
    the days (a journey's later events decide whether it was abandoned).
    """
    result = UsageFigures(days={day: Breakdown() for day in days}, period=Breakdown())

    def add(day: date, device_class: str, locale: str, change: Callable[[Figures], None]) -> None:
        if day in result.days:
            result.days[day].add(device_class, locale, change)
            result.period.add(device_class, locale, change)

    journeys: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        journeys[event.journey_id].append(event)
        day = local_day(event.occurred_at)
        if event.kind == UsageEvent.STARTED:
            add(day, event.device_class, event.locale, _count_start)
        elif event.kind == UsageEvent.SUBMITTED:
            add(day, event.device_class, event.locale, _count_submission(event))

    for journey in journeys.values():
        if any(e.kind == UsageEvent.SUBMITTED for e in journey):
            continue
        reached = [e for e in journey if e.kind in (UsageEvent.STARTED, UsageEvent.STEP)]
        if not reached:
            continue
        # max() keeps the first of equal times; the later-recorded step is the last one.
        last = max(reversed(reached), key=lambda e: e.occurred_at)
        if last.occurred_at + abandon_after > now:
            continue  # still within reach: the person may come back to it
        add(local_day(last.occurred_at), last.device_class, last.locale, _count_abandoned(last))

    for answer in answers:
        add(local_day(answer.answered_at), answer.device_class, answer.locale,
            _count_answer(answer))
    return result


def _count_start(figures: Figures) -> None:
    figures.starts += 1


def _count_submission(event: Event) -> Callable[[Figures], None]:
    def change(figures: Figures) -> None:
        figures.submissions += 1
        if event.seconds_to_complete is not None:
            figures.durations.append(event.seconds_to_complete)

    return change


def _count_abandoned(last: Event) -> Callable[[Figures], None]:
    def change(figures: Figures) -> None:
        figures.abandoned += 1
        figures.drop_off[last.step] += 1

    return change


def _count_answer(answer: Answer) -> Callable[[Figures], None]:
    def change(figures: Figures) -> None:
        figures.ratings.append(answer.rating)

    return change
