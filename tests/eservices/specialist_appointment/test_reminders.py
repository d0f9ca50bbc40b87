"""Reminders go out once, a set time before the appointment, on the chosen channel."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from starlette.applications import Starlette

from eservices.specialist_appointment.models import AppointmentState, ReminderState
from eservices.specialist_appointment.reminders import send_due_reminders
from tests.eservices.specialist_appointment.test_booking import (
    ILZE,
    add_slot,
    book,
    only_booking,
)
from tests.portal.auth.browser import post_form, submit
from tests.support.signin import sign_in

pytestmark = pytest.mark.anyio


async def test_a_reminder_is_sent_once_when_due(app: Starlette,
                                                client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ILZE)
    slot = add_slot(app, "audiologist-test-remind", timedelta(days=3))
    await book(client, slot.id, channel="email", email="ilze@example.lv")
    booking = await only_booking(app)
    email = app.state.adapters.email
    reminders = app.state.settings.appointment_reminder_hours

    early = slot.starts_at - timedelta(hours=reminders, minutes=1)
    assert await send_due_reminders(app.state.sessionmaker, app.state.adapters, early) == 0
    due = slot.starts_at - timedelta(hours=reminders - 1)
    sent = await send_due_reminders(app.state.sessionmaker, app.state.adapters, due,
                                    portal_url="https://portals.example.lv")
    assert sent == 1 and [m.to for m in email.sent] == ["ilze@example.lv"]
    message = email.sent[0]
    assert "Latvijas Nedzirdīgo savienība" in message.body
    assert "https://portals.example.lv/appointments" in message.body
    assert message.language == "lv"
    # Called again (another worker, the next minute): nothing twice.
    assert await send_due_reminders(app.state.sessionmaker, app.state.adapters,
                                    due + timedelta(minutes=1)) == 0
    assert len(email.sent) == 1
    assert (await only_booking(app)).reminder_state == ReminderState.SENT
    assert booking.reminder_state == ReminderState.PENDING


async def test_the_e_address_gets_the_details_and_cancelled_ones_none(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    kept = add_slot(app, "audiologist-test-kept", timedelta(days=3))
    dropped = add_slot(app, "audiologist-test-dropped", timedelta(days=3, hours=1))
    portal_only = add_slot(app, "audiologist-test-portal", timedelta(days=3, hours=2))
    await book(client, kept.id, channel="e_address")
    await book(client, dropped.id, channel="e_address")
    await book(client, portal_only.id, channel="portal")
    cancelled = await only_booking(app, slot_id=dropped.id)
    page = await client.get(f"/appointments/{cancelled.id}/cancel")
    await submit(client, page, post_form(page, page.url.path))
    assert (await only_booking(app, slot_id=dropped.id)).state == AppointmentState.CANCELLED

    # All three are due by now; only the one still booked with a channel is reminded.
    due = kept.starts_at - timedelta(hours=1)
    assert await send_due_reminders(app.state.sessionmaker, app.state.adapters, due) == 1
    (message,) = app.state.adapters.e_address.sent.values()
    assert message.recipient_code == ILZE["personal_code"]  # whoever booked it
    assert "Marta Grīnberga" in message.body  # the secure mailbox may say who
    assert app.state.adapters.email.sent == []
