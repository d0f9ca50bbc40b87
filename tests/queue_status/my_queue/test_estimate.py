"""The wait estimate: its arithmetic, and the months it counts."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from queue_status.my_queue.estimate import WaitEstimate, counted_months, estimate_wait

months = st.lists(st.integers(0, 40), min_size=12, max_size=12)


def test_the_example_on_the_page() -> None:
    assert estimate_wait(6, [3, 1, 0, 2, 1, 1, 3, 2, 1, 2, 1, 1]) == WaitEstimate(2, 6)


def test_a_queue_that_served_nobody_gives_no_estimate() -> None:
    assert estimate_wait(3, [0] * 12) is None
    assert estimate_wait(0, [1] * 12) is None


@given(position=st.integers(1, 10_000), served=months)
def test_the_range_is_ordered_and_follows_the_busiest_and_quietest_month(
        position: int, served: list[int]) -> None:
    found = estimate_wait(position, served)
    if not any(served):
        assert found is None
        return
    assert found is not None
    assert 1 <= found.shortest_months <= found.longest_months <= position
    busiest, quietest = max(served), min(n for n in served if n)
    # Whole months: enough at each pace, and one month fewer would not be.
    assert found.shortest_months * busiest >= position > (found.shortest_months - 1) * busiest
    assert found.longest_months * quietest >= position > (found.longest_months - 1) * quietest


@given(position=st.integers(1, 5000), served=months)
def test_further_back_never_waits_less(position: int, served: list[int]) -> None:
    here, behind = estimate_wait(position, served), estimate_wait(position + 1, served)
    if here is None or behind is None:
        assert here is behind is None
        return
    assert behind.shortest_months >= here.shortest_months
    assert behind.longest_months >= here.longest_months


def test_the_twelve_whole_months_before_now_in_latvia() -> None:
    # 1 January, 00:30 in Riga is still 31 December in UTC: January has just begun.
    assert counted_months(datetime(2026, 12, 31, 22, 30, tzinfo=UTC)) == [
        (2026, month) for month in range(1, 13)]
    found = counted_months(datetime(2026, 11, 23, tzinfo=UTC))
    assert found[0] == (2025, 11) and found[-1] == (2026, 10) and len(found) == 12
