"""Signing up for a training session over HTTP: choosing, the co-applicant, seats, cancelling."""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from adapters.spolis.base import Region, TrainingSession, TrainingType
from adapters.spolis.fake import FakeSpolis, riga_today
from eservices.foster_parent_training.models import (
    Placement,
    TrainingBooking,
    TrainingSessionRecord,
)
from eservices.foster_parent_training.notices import send_seat_notices
from eservices.submissions.models import OutboxEntry, Submission
from tests.portal.auth.browser import HtmlForm, post_form, submit
from tests.support.signin import person, sign_in

pytestmark = pytest.mark.anyio

ILZE = person("325781-40219", "Ilze", "Kalniņa")
ANDRIS = person("324412-70531", "Andris", "Liepa")
LAURA = person("320987-51426", "Laura", "Vītola")
JANIS_CODE = "031158-15239"  # Jānis Ozols in the fake Population Register
SMALL = "test-latgale-small"


def small_session(app: Starlette, seats: int = 1) -> TrainingSession:
    spolis: FakeSpolis = app.state.adapters.spolis
    first = riga_today() + timedelta(days=20)
    session = TrainingSession(
        id=SMALL, training_type=TrainingType.FOSTER_FAMILY, region=Region.LATGALE,
        place="Audžuģimeņu centrs", address="Saules iela 7, Daugavpils",
        days=(first, first + timedelta(days=7)), seats=seats)
    spolis.add_session(session)
    return session


def own_form(page: httpx.Response) -> HtmlForm:
    """The page's own POST form (the header has one too: the acting-for switch)."""
    return post_form(page, page.url.path)


async def as_person(app: Starlette, client: httpx.AsyncClient, who: dict[str, str]) -> None:
    client.cookies.clear()
    await sign_in(app, client, who)


async def sign_up(client: httpx.AsyncClient, session_id: str, **answers: str) -> httpx.Response:
    """Fill in the sign-up page and confirm; the redirect to the sign-up."""
    page = await client.get(f"/trainings/sessions/{session_id}/sign-up")
    assert page.status_code == 200, page.text[:500]
    values = {"co_applicant": "no", "channel": "portal", **answers}
    confirm = await submit(client, page, own_form(page), **values)
    assert confirm.status_code == 200, confirm.text[:2000]
    done = await submit(client, confirm, own_form(confirm), confirm="yes")
    assert done.status_code == 303, done.text[:500]
    return done


async def booking_of(app: Starlette, personal_code: str) -> TrainingBooking:
    async with app.state.sessionmaker() as db:
        found: TrainingBooking = (await db.scalars(select(TrainingBooking).where(
            TrainingBooking.subject_id == personal_code))).one()
        return found


async def seats_taken(app: Starlette, session_id: str) -> int:
    async with app.state.sessionmaker() as db:
        taken: int = (await db.get_one(TrainingSessionRecord, session_id)).seats_taken
        return taken


async def test_anonymous_visitors_are_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/trainings")
    assert response.status_code == 303 and "login" in response.headers["location"]


async def test_the_start_page_leads_to_choosing_a_training(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    start = await client.get("/e/foster_parent_training")
    assert 'href="/e/foster_parent_training/choose"' in start.text
    assert 'href="/trainings"' in start.text
    choose = await client.get("/e/foster_parent_training/choose")
    assert choose.status_code == 200
    assert 'method="get" action="/trainings/sessions"' in choose.text
    assert 'name="from_day-day"' in choose.text  # a typed date, three boxes
    # The shared step takes no answers: nothing reaches SPOLIS around the seat count.
    token = re.search(r'name="csrf_token" value="([^"]+)"', choose.text)
    assert token is not None
    refused = await client.post("/e/foster_parent_training/choose", data={
        "csrf_token": token.group(1), "training_type": "annual_improvement", "region": "riga"})
    assert refused.status_code == 404
    async with app.state.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(Submission)) == 0


async def test_a_choice_without_answers_is_explained(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    response = await client.get("/trainings/sessions", params={"from_day-day": "31",
                                                               "from_day-month": "2",
                                                               "from_day-year": "2027"})
    assert response.status_code == 400
    assert 'href="#training_type-0"' in response.text and 'href="#region-0"' in response.text
    assert 'href="#from_day-day"' in response.text and 'value="31"' in response.text


async def test_sessions_show_place_dates_and_seats_left(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    session = small_session(app, seats=3)
    response = await client.get("/trainings/sessions", params={
        "training_type": "foster_family", "region": "latgale"})
    assert response.status_code == 200
    assert session.place in response.text and session.address in response.text
    assert f'href="/trainings/sessions/{SMALL}/sign-up"' in response.text
    assert re.search(r"<dd[^>]*>3 \w+ 3</dd>", response.text)  # "3 of 3" seats left
    later = (date.today() + timedelta(days=60))
    filtered = await client.get("/trainings/sessions", params={
        "training_type": "foster_family", "region": "latgale", "from_day-day": str(later.day),
        "from_day-month": str(later.month), "from_day-year": str(later.year)})
    assert SMALL not in filtered.text
    async with app.state.sessionmaker() as db:  # mirrored, seats counted here
        record = await db.get_one(TrainingSessionRecord, SMALL)
    assert (record.capacity, record.seats_taken) == (3, 0)


async def test_sign_up_with_a_co_applicant_confirmed_by_the_register(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    small_session(app, seats=2)
    page = await client.get(f"/trainings/sessions/{SMALL}/sign-up")
    confirm = await submit(client, page, own_form(page), co_applicant="yes",
                           co_applicant_code="03115815239", channel="email",
                           email="ilze@example.lv")
    assert confirm.status_code == 200
    assert "Jānis Ozols (031158-15239)" in confirm.text  # the register's name, shown back
    done = await submit(client, confirm, own_form(confirm), confirm="yes")
    assert re.fullmatch(r"/trainings/\d+\?signed_up=1", done.headers["location"])

    booking = await booking_of(app, ILZE["personal_code"])
    assert (booking.placement, booking.seats, booking.co_applicant_name) == (
        Placement.SEAT, 2, "Jānis Ozols")
    assert await seats_taken(app, SMALL) == 2
    async with app.state.sessionmaker() as db:
        submission = await db.get_one(Submission, booking.submission_id)
        outbox = (await db.scalars(select(OutboxEntry))).one()
    assert submission.reference.startswith("MAC-") and submission.destination == "spolis"
    assert submission.answer_channel == "email" and submission.contact_email == "ilze@example.lv"
    assert submission.answers["session"]["session"] == SMALL
    assert submission.answers["applicants"]["co_applicant_code"] == JANIS_CODE
    assert outbox.idempotency_key == submission.reference

    shown = await client.get(done.headers["location"])
    assert submission.reference in shown.text and "Jānis Ozols" in shown.text
    listing = await client.get("/submissions")
    assert submission.reference in listing.text
    detail = await client.get(f"/submissions/{submission.id}")
    assert "Audžuģimeņu centrs, Saules iela 7, Daugavpils" in detail.text  # session details
    mine = await client.get("/trainings")
    assert f'href="/trainings/{booking.id}"' in mine.text
    # Signing up again for the same session leads to the sign-up already made.
    again = await client.get(f"/trainings/sessions/{SMALL}/sign-up")
    assert again.status_code == 303 and again.headers["location"] == f"/trainings/{booking.id}"


@pytest.mark.parametrize(("code", "message"), [
    ("031158-15238", "one of its digits seems to be mistyped"),  # the check digit
    ("329999-99999", "has no person with this personal code"),  # well formed, unknown
    ("325781-40219", "not your own"),
])
async def test_the_co_applicant_code_is_checked(
    app: Starlette, client: httpx.AsyncClient, code: str, message: str
) -> None:
    await sign_in(app, client, ILZE)
    client.cookies.set("portal-lang", "en")  # the text of the messages, whatever lv says
    small_session(app)
    page = await client.get(f"/trainings/sessions/{SMALL}/sign-up")
    response = await submit(client, page, own_form(page), co_applicant="yes",
                            co_applicant_code=code, channel="portal")
    assert response.status_code == 400
    assert 'href="#co_applicant_code"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert message in response.text
    assert await seats_taken(app, SMALL) == 0


async def test_a_freed_seat_goes_to_the_first_waiting_who_is_told_once(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    small_session(app, seats=1)
    await as_person(app, client, ILZE)
    await sign_up(client, SMALL)
    await as_person(app, client, ANDRIS)
    done = await sign_up(client, SMALL, channel="email", email="andris@example.lv")
    page = await client.get(done.headers["location"])
    assert "1" in re.search(r'class="tag">([^<]+)<', page.text).group(1)  # type: ignore[union-attr]
    await as_person(app, client, LAURA)
    await sign_up(client, SMALL, channel="e_address")
    assert (await booking_of(app, ANDRIS["personal_code"])).placement == Placement.WAITING

    await as_person(app, client, ILZE)
    ilze = await booking_of(app, ILZE["personal_code"])
    cancel_page = await client.get(f"/trainings/{ilze.id}/cancel")
    cancelled = await submit(client, cancel_page, own_form(cancel_page))
    assert cancelled.headers["location"] == f"/trainings/{ilze.id}?cancelled=1"

    andris = await booking_of(app, ANDRIS["personal_code"])
    laura = await booking_of(app, LAURA["personal_code"])
    assert (andris.placement, laura.placement) == (Placement.SEAT, Placement.WAITING)
    assert await seats_taken(app, SMALL) == 1
    async with app.state.sessionmaker() as db:
        cancellation = await db.get_one(Submission, (await booking_of(
            app, ILZE["personal_code"])).cancellation_id)
        andris_reference = (await db.get_one(Submission, andris.submission_id)).reference
    assert cancellation.answers["cancellation"]["seats_passed_to"] == [andris_reference]

    email = app.state.adapters.email
    due = andris.notice_due_at
    assert due is not None
    sent = await send_seat_notices(app.state.sessionmaker, app.state.adapters,
                                   due + timedelta(seconds=1),
                                   portal_url="https://portals.example.lv")
    assert sent == 1 and [m.to for m in email.sent] == ["andris@example.lv"]
    assert andris_reference in email.sent[0].body
    assert "https://portals.example.lv/trainings" in email.sent[0].body
    assert "Audžuģimeņu centrs" not in email.sent[0].body  # e-mail says that, not what
    again = await send_seat_notices(app.state.sessionmaker, app.state.adapters,
                                    due + timedelta(hours=2))
    assert again == 0 and len(email.sent) == 1
    assert app.state.adapters.e_address.sent == {}  # Laura is still waiting: nothing


async def test_someone_elses_sign_up_is_not_found(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    small_session(app)
    await as_person(app, client, ILZE)
    await sign_up(client, SMALL)
    ilze = await booking_of(app, ILZE["personal_code"])
    await as_person(app, client, ANDRIS)
    assert (await client.get(f"/trainings/{ilze.id}")).status_code == 404
    assert (await client.get(f"/trainings/{ilze.id}/cancel")).status_code == 404


async def test_when_spolis_is_down_the_mirrored_sessions_are_shown(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE)
    session = small_session(app)
    query = {"training_type": "foster_family", "region": "latgale"}
    assert session.place in (await client.get("/trainings/sessions", params=query)).text
    app.state.adapters.spolis.fail_with()
    response = await client.get("/trainings/sessions", params=query)
    assert response.status_code == 200
    assert session.place in response.text and 'class="notification-banner' in response.text
    await sign_up(client, SMALL)  # the seat count lives here, so signing up still works
    assert (await booking_of(app, ILZE["personal_code"])).placement == Placement.SEAT
