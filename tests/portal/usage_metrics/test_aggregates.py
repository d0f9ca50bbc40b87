"""The daily figures against the ones worked out by hand in `journeys.py`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.usage_metrics.aggregates import Answer, Event, compute, median, nearest_rank
from tests.portal.usage_metrics.journeys import (
    ANSWERS,
    D1,
    D2,
    D3,
    DAYS,
    JOURNEYS,
    NOW,
    at,
    journey_id,
)

DAY = timedelta(hours=24)


def events() -> list[Event]:
    made = []
    for name, (device, locale, steps) in JOURNEYS.items():
        started = steps[0][2]
        for kind, step, moment in steps:
            seconds = round((moment - started).total_seconds()) if kind == "submitted" else None
            made.append(Event(journey_id(name), kind, moment, device, locale, step, seconds))
    return made


def answers() -> list[Answer]:
    return [Answer(rating, moment, device, locale) for rating, device, locale, moment in ANSWERS]


def test_percentiles_follow_the_stated_methods() -> None:
    assert median([]) is None and nearest_rank([], 90) is None
    assert median([7]) == 7.0 and nearest_rank([7], 90) == 7
    assert median([1, 3, 2, 10]) == 2.5
    # Nearest rank: ceil(0.9 × 10) = 9th smallest of 1..10.
    assert nearest_rank(list(range(10, 0, -1)), 90) == 9
    assert nearest_rank(list(range(1, 12)), 90) == 10  # ceil(9.9) = 10th of 11


def test_a_day_with_traffic() -> None:
    figures = compute(events(), answers(), DAYS, now=NOW, abandon_after=DAY).days[D1]
    total = figures.total
    assert (total.starts, total.submissions, total.abandoned) == (4, 2, 2)
    assert total.completion_rate == 0.5
    assert sorted(total.durations) == [600, 1200]
    assert (total.median_seconds, total.p90_seconds) == (900.0, 1200)
    assert dict(total.drop_off) == {"workplace": 2}
    assert (total.satisfied_share, total.mean_rating) == (1.0, 4.5)

    mobile, desktop, tablet = (figures.by_device[d] for d in ("mobile", "desktop", "tablet"))
    assert (mobile.starts, mobile.submissions, mobile.abandoned, mobile.ratings) == (1, 1, 0, [5])
    assert (desktop.starts, desktop.submissions, desktop.abandoned) == (2, 1, 2)
    assert desktop.ratings == [4] and desktop.completion_rate == 0.5
    assert (tablet.starts, tablet.submissions, tablet.completion_rate) == (1, 0, 0.0)

    lv, en = figures.by_locale["lv"], figures.by_locale["en"]
    assert (lv.starts, lv.submissions, lv.abandoned, lv.ratings) == (3, 2, 1, [5, 4])
    assert (en.starts, en.submissions, en.abandoned, en.ratings) == (1, 0, 1, [])
    assert dict(en.drop_off) == {"workplace": 1}


def test_a_day_without_traffic_has_zeros_and_nothing_to_measure() -> None:
    figures = compute(events(), answers(), DAYS, now=NOW, abandon_after=DAY).days[D2]
    for part in (figures.total, *figures.by_device.values(), *figures.by_locale.values()):
        assert (part.starts, part.submissions, part.abandoned) == (0, 0, 0)
        assert part.completion_rate is None and part.median_seconds is None
        assert part.p90_seconds is None and part.satisfied_share is None
        assert part.mean_rating is None
    assert set(figures.by_device) == {"mobile", "tablet", "desktop"}
    assert set(figures.by_locale) == {"lv", "en"}
    assert figures.total.as_dict()["satisfaction"]["counts"] == {
        "5": 0, "4": 0, "3": 0, "2": 0, "1": 0}


def test_a_day_of_submissions_begun_earlier() -> None:
    total = compute(events(), answers(), DAYS, now=NOW, abandon_after=DAY).days[D3].total
    # J10 started at 00:30 in Riga, which is still the day before in UTC: it counts here.
    assert (total.starts, total.submissions, total.abandoned) == (4, 4, 1)
    assert total.completion_rate == 1.0
    # J4 took from 20.11 23:50 to 22.11 08:30: 32 h 40 min.
    assert sorted(total.durations) == [300, 600, 2400, 117_600]
    assert (total.median_seconds, total.p90_seconds) == (1500.0, 117_600)
    assert dict(total.drop_off) == {"employer": 1}
    assert total.satisfied_share == 0.25 and total.mean_rating == 2.75
    assert total.rating_counts == {5: 1, 4: 0, 3: 1, 2: 1, 1: 1}


def test_the_whole_period() -> None:
    period = compute(events(), answers(), DAYS, now=NOW, abandon_after=DAY).period.total
    assert (period.starts, period.submissions, period.abandoned) == (8, 6, 3)
    assert period.completion_rate == 0.75
    assert (period.median_seconds, period.p90_seconds) == (900.0, 117_600)
    assert dict(period.drop_off) == {"workplace": 2, "employer": 1}
    assert period.satisfied_share == 0.5
    assert period.mean_rating == pytest.approx(20 / 6)


def test_a_journey_is_abandoned_only_once_its_time_has_passed() -> None:
    # At 23.11 10:00 J5 (last step 22.11 12:00) could still come back.
    early = at(D3 + timedelta(days=1), 10, 0)
    figures = compute(events(), answers(), DAYS, now=early, abandon_after=DAY)
    assert figures.days[D3].total.abandoned == 0
    assert figures.days[D1].total.abandoned == 2
    # A shorter setting settles it sooner.
    sooner = compute(events(), answers(), DAYS, now=early, abandon_after=timedelta(hours=6))
    assert sooner.days[D3].total.abandoned == 1


def test_a_journey_that_comes_back_and_submits_was_not_abandoned() -> None:
    later = [*events(), Event(journey_id("J3"), "submitted", at(D3, 9, 0), "desktop", "en",
                              seconds_to_complete=3600)]
    figures = compute(later, answers(), DAYS, now=NOW, abandon_after=DAY)
    assert figures.days[D1].total.abandoned == 1
    assert figures.days[D3].total.submissions == 5


def test_the_published_document_rounds_and_names_everything() -> None:
    document = compute(events(), answers(), DAYS, now=NOW,
                       abandon_after=DAY).period.as_dict()
    assert document["completion_rate"] == 0.75
    assert document["satisfaction"]["mean"] == 3.33
    assert document["drop_off"] == {"employer": 1, "workplace": 2}
    assert document["by_device_class"]["tablet"]["submissions"] == 1
    assert document["by_language"]["en"]["abandoned"] == 2
