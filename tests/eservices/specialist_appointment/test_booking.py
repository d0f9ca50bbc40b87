"""Booking an appointment with a specialist over HTTP: free times, a slot taken meanwhile,
moving and cancelling until the cut-off, and what "my appointments" shows."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from adapters.spolis.base import Slot, SpecialistType
from adapters.spolis.fake import FakeSpolis
from eservices.specialist_appointment.models import AppointmentBooking, AppointmentState
from eservices.submissions.models import OutboxEntry, Submission
from tests.conftest import BASE_URL, check_page_invariants
from tests.portal.auth.browser import post_form, submit
from tests.support.signin import person, sign_in

pytestmark = pytest.mark.anyio

ILZE = person("325781-40219", "Ilze", "Kalniņa")
ANDRIS = person("324412-70531", "Andris", "Liepa")
HOUR = timedelta(hours=1)


@pytest.fixture
async def second_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """Another browser, for somebody else booking at the same time."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL,
                                 event_hooks={"response": [check_page_invariants]}) as http:
        yield http


def add_slot(app: Starlette, slot_id: str, starts_in: timedelta, *,
             specialist_type: SpecialistType = SpecialistType.AUDIOLOGIST,
             change_until_hours_before: int = 24) -> Slot:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    slot = Slot(id=slot_id, specialist_type=specialist_type, specialist="Marta Grīnberga",
                place="Latvijas Nedzirdīgo savienība", address="Elijas iela 17, Rīga",
                starts_at=now + starts_in, ends_at=now + starts_in + timedelta(minutes=45),
                change_until_hours_before=change_until_hours_before)
    spolis: FakeSpolis = app.state.adapters.spolis
    spolis.add_slot(slot)
    return slot


async def slots_page(client: httpx.AsyncClient, specialist_type: str = "audiologist",
                     **params: str) -> httpx.Response:
    page = await client.get("/appointments/slots",
                            params={"specialist_type": specialist_type, **params})
    assert page.status_code == 200, page.text[:500]
    return page


async def book(client: httpx.AsyncClient, slot_id: str, page: httpx.Response | None = None,
               **values: str) -> httpx.Response:
    page = page or await slots_page(client)
    return await submit(client, page, post_form(page, "/appointments/book"),
                        **{"slot": slot_id, "channel": "portal", **values})


async def only_booking(app: Starlette, **where: object) -> AppointmentBooking:
    async with app.state.sessionmaker() as db:
        found: AppointmentBooking = (await db.scalars(
            select(AppointmentBooking).filter_by(**where))).one()
        return found


async def count(app: Starlette, model: type) -> int:
    async with app.state.sessionmaker() as db:
        return int(await db.scalar(select(func.count()).select_from(model)) or 0)


async def test_anonymous_visitors_are_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/appointments")
    assert response.status_code == 303 and "login" in response.headers["location"]


async def test_choose_a_specialist_and_a_day_typed_in(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    start = await client.get("/e/specialist_appointment")
    assert 'href="/e/specialist_appointment/choose"' in start.text
    choose = await client.get("/e/specialist_appointment/choose")
    assert 'method="get" action="/appointments/slots"' in choose.text
    assert 'name="from_day-year"' in choose.text and 'type="radio"' in choose.text
    wrong = await client.get("/appointments/slots", params={"from_day-day": "40"})
    assert wrong.status_code == 400
    assert 'href="#specialist_type-0"' in wrong.text and 'href="#from_day-day"' in wrong.text

    day = (datetime.now(UTC) + timedelta(days=9)).date()
    page = await slots_page(client, "technical_aid_fitting", **{
        "from_day-day": str(day.day), "from_day-month": str(day.month),
        "from_day-year": str(day.year)})
    offered = re.findall(r'name="slot" type="radio" value="([^"]+)"', page.text)
    assert offered and all(slot.startswith("technical_aid_fitting-") for slot in offered)
    # The week asked for, in Riga time: nothing before the typed day.
    assert min(slot.rsplit("-", 1)[1][:8] for slot in offered) >= f"{day:%Y%m%d}"
    assert 'id="slot"' in page.text  # where the error summary points
    earlier = re.search(r'href="(/appointments/slots\?[^"]+)">', page.text)
    assert earlier is not None and "from_day-day" in earlier.group(1)


async def test_book_and_see_it_everywhere(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ILZE)
    slot = add_slot(app, "audiologist-test-1", timedelta(days=3))
    missing = await book(client, "", channel="email", email="")
    assert missing.status_code == 400
    assert 'href="#slot"' in missing.text and 'href="#email"' in missing.text
    booked = await book(client, slot.id, channel="email", email="ilze@example.lv")
    assert booked.status_code == 303 and booked.headers["location"].endswith("?booked=1")

    booking = await only_booking(app)
    assert (booking.slot_id, booking.active_slot_id, booking.state) == (
        slot.id, slot.id, AppointmentState.BOOKED)
    assert booking.remind_at == slot.starts_at - timedelta(hours=24)
    async with app.state.sessionmaker() as db:
        submission = await db.get_one(Submission, booking.submission_id)
        outbox = (await db.scalars(select(OutboxEntry))).one()
    assert submission.reference.startswith("PRK-") and outbox.destination == "spolis"
    assert submission.answers["appointment"]["slot"] == slot.id

    page = await client.get(booked.headers["location"])
    assert submission.reference in page.text and slot.specialist in page.text
    assert f'href="/appointments/{booking.id}/move"' in page.text
    assert f'href="/appointments/{booking.id}/calendar.ics"' in page.text
    mine = await client.get("/appointments")
    assert f'href="/appointments/{booking.id}"' in mine.text
    detail = await client.get(f"/submissions/{submission.id}")
    assert "Marta Grīnberga" in detail.text and "Latvijas Nedzirdīgo savienība" in detail.text
    # Booked through the portal: no longer offered, although SPOLIS does not know yet.
    assert slot.id not in (await slots_page(client)).text


async def test_a_slot_taken_meanwhile_offers_the_nearest_alternatives(
    app: Starlette, client: httpx.AsyncClient, second_client: httpx.AsyncClient
) -> None:
    wanted = add_slot(app, "audiologist-test-wanted", timedelta(days=4))
    before = add_slot(app, "audiologist-test-before", timedelta(days=4) - 2 * HOUR)
    after = add_slot(app, "audiologist-test-after", timedelta(days=4) + HOUR)
    other_kind = add_slot(app, "fitting-test-after", timedelta(days=4) + HOUR / 2,
                          specialist_type=SpecialistType.TECHNICAL_AID_FITTING)
    await sign_in(app, second_client, ANDRIS)
    second_client.cookies.set("portal-lang", "en")
    andris_page = await slots_page(second_client)  # Andris looks at the list ...
    await sign_in(app, client, ILZE)
    assert (await book(client, wanted.id)).status_code == 303  # ... Ilze books first
    late = await book(second_client, wanted.id, page=andris_page)
    assert late.status_code == 409
    assert "has just been taken" in late.text
    offered = re.findall(r'name="slot" type="radio" value="([^"]+)"', late.text)
    assert wanted.id not in offered and other_kind.id not in offered
    assert set(offered) >= {before.id, after.id}
    assert offered.index(before.id) < offered.index(after.id)  # in time order
    assert await count(app, AppointmentBooking) == 1 and await count(app, Submission) == 1

    # Taken in SPOLIS itself (somebody phoned): the same answer.
    app.state.adapters.spolis.take(after.id)
    phoned = await book(second_client, after.id, page=late)
    assert phoned.status_code == 409 and after.id not in re.findall(
        r'name="slot" type="radio" value="([^"]+)"', phoned.text)
    assert (await book(second_client, before.id, page=phoned)).status_code == 303


async def test_cut_off_stops_moving_and_cancelling(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    soon = add_slot(app, "audiologist-test-soon", 10 * HOUR, change_until_hours_before=24)
    assert (await book(client, soon.id)).status_code == 303
    booking = await only_booking(app)
    page = await client.get(f"/appointments/{booking.id}")
    assert f"/appointments/{booking.id}/cancel" not in page.text
    assert f"/appointments/{booking.id}/move" not in page.text
    tried = await client.get(f"/appointments/{booking.id}/cancel")
    assert tried.headers["location"] == f"/appointments/{booking.id}?too_late=1"
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    posted = await client.post(f"/appointments/{booking.id}/cancel",
                               data={"csrf_token": token.group(1)})
    assert posted.headers["location"] == f"/appointments/{booking.id}?too_late=1"
    moved = await client.post(f"/appointments/{booking.id}/move",
                              data={"csrf_token": token.group(1), "slot": "anything"})
    assert moved.headers["location"] == f"/appointments/{booking.id}?too_late=1"
    assert (await only_booking(app)).state == AppointmentState.BOOKED
    assert await count(app, Submission) == 1


async def test_cancel_before_the_cut_off_frees_the_slot(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    slot = add_slot(app, "audiologist-test-cancel", 30 * HOUR, change_until_hours_before=24)
    await book(client, slot.id)
    booking = await only_booking(app)
    page = await client.get(f"/appointments/{booking.id}/cancel")
    done = await submit(client, page, post_form(page, page.url.path))
    assert done.headers["location"] == f"/appointments/{booking.id}?cancelled=1"
    cancelled = await only_booking(app)
    assert (cancelled.state, cancelled.active_slot_id) == (AppointmentState.CANCELLED, None)
    async with app.state.sessionmaker() as db:
        told = await db.get_one(Submission, cancelled.ended_by_id)
    assert told.answers["cancellation"]["booking"] != told.reference
    assert slot.id in (await slots_page(client)).text  # free for others again
    assert (await client.get(f"/appointments/{booking.id}/calendar.ics")).status_code == 404


async def test_move_keeps_the_calendar_uid(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ILZE)
    first = add_slot(app, "audiologist-test-first", timedelta(days=5))
    second = add_slot(app, "audiologist-test-second", timedelta(days=6))
    await book(client, first.id, channel="email", email="ilze@example.lv")
    old = await only_booking(app)
    page = await client.get(f"/appointments/{old.id}/move")
    assert page.status_code == 200 and first.id not in re.findall(
        r'name="slot" type="radio" value="([^"]+)"', page.text)
    moved = await submit(client, page, post_form(page, page.url.path), slot=second.id)
    assert moved.status_code == 303 and moved.headers["location"].endswith("?moved=1")
    new = await only_booking(app, state=AppointmentState.BOOKED)
    ended = await only_booking(app, state=AppointmentState.MOVED)
    assert (new.uid, new.replaces_id, new.contact_email) == (old.uid, old.id, "ilze@example.lv")
    assert ended.active_slot_id is None and new.active_slot_id == second.id
    calendar = await client.get(f"/appointments/{new.id}/calendar.ics")
    assert "SEQUENCE:1\r\n" in calendar.text
    async with app.state.sessionmaker() as db:
        sent = await db.get_one(Submission, new.submission_id)
    assert sent.answers["move"]["booking"].startswith("PRK-")


async def test_someone_elses_appointment_is_not_found(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    slot = add_slot(app, "audiologist-test-private", timedelta(days=3))
    await book(client, slot.id)
    booking = await only_booking(app)
    client.cookies.clear()
    await sign_in(app, client, ANDRIS)
    for path in ("", "/move", "/cancel", "/calendar.ics"):
        assert (await client.get(f"/appointments/{booking.id}{path}")).status_code == 404
