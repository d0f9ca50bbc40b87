"""The worker's round of messages: every sender runs, a failing one does not stop the rest."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from portal.notifications import schedule

pytestmark = pytest.mark.anyio


async def test_every_sender_runs_even_when_one_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []

    async def answers(sessionmaker: Any, adapters: Any, now: datetime, *, portal_url: str) -> int:
        calls.append(("answers", portal_url))
        return 2

    async def broken(sessionmaker: Any, adapters: Any, now: datetime, *, portal_url: str) -> int:
        calls.append(("broken", portal_url))
        raise ConnectionError("mail server down")

    async def reminders(sessionmaker: Any, adapters: Any, now: datetime, *,
                        portal_url: str) -> int:
        calls.append(("reminders", portal_url))
        return 1

    monkeypatch.setattr(schedule, "SENDERS", (("a", answers), ("b", broken), ("c", reminders)))
    sent = await schedule.send_due_messages(None, None, datetime.now(UTC),  # type: ignore[arg-type]
                                            portal_url="https://portal.example.lv")
    assert sent == 3
    assert [name for name, _ in calls] == ["answers", "broken", "reminders"]
    assert {url for _, url in calls} == {"https://portal.example.lv"}


def test_the_real_senders_are_all_scheduled() -> None:
    names = [sender.__name__ for _, sender in schedule.SENDERS]
    assert names == ["send_pending_notifications", "send_seat_notices", "send_due_reminders"]
