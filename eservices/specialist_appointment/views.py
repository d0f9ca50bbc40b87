"""The appointment's own pages (see flow.py for why they are not shared steps).

    GET       /appointments                          the subject's appointments
    GET       /appointments/slots?specialist_type=   a week of free times, to book one
    POST      /appointments/book                     book it (or see the nearest others)
    GET       /appointments/{id}                     one appointment
    GET, POST /appointments/{id}/move                another time, until the cut-off
    GET, POST /appointments/{id}/cancel              cancel, until the cut-off
    GET       /appointments/{id}/calendar.ics        the calendar file

Appointments belong to the current subject (a person or their child or ward):
another subject's number is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from adapters.errors import AdapterError
from adapters.spolis.base import Slot, SpecialistType
from eservices.registry import EService
from eservices.specialist_appointment import service
from eservices.specialist_appointment.calendar_file import CalendarEvent, calendar_file
from eservices.specialist_appointment.forms import (
    CHANNELS,
    SPECIALIST_TYPES,
    BookForm,
    MoveForm,
    SpecialistChoiceForm,
    WeekForm,
)
from eservices.specialist_appointment.models import AppointmentBooking, AppointmentState
from eservices.submissions.models import Submission
from eservices.submissions.service import Submitter
from i18n.catalogs import get_locale
from i18n.catalogs import gettext as _
from portal.database import db, utcnow
from portal.forms import PortalForm
from portal.pages.errors import render_error
from portal.representation import Subject
from portal.representation.guard import service_and_subject
from portal.representation.subjects import signed_in_person
from portal.templating import TIME_ZONE, render

SLUG = "specialist_appointment"
WEEK = timedelta(days=7)
PRIVATE = {"cache-control": "no-store"}


def _submitter(request: Request, subject: Subject) -> Submitter:
    person = signed_in_person(request.session)
    assert person is not None, "require_subject admits only signed-in people"
    return Submitter(subject_kind=subject.kind.value, subject_id=subject.identifier,
                     subject_name=subject.name, actor_personal_code=str(person["personal_code"]),
                     actor_name=str(person.get("name") or ""), representation=subject.basis.value)


def _reminder_lead(request: Request) -> timedelta:
    return timedelta(hours=request.app.state.settings.appointment_reminder_hours)


def _today() -> date:
    return utcnow().astimezone(TIME_ZONE).date()


def _week_of(form: WeekForm | None) -> date:
    chosen = form.from_day.data if form is not None and not form.from_day.errors else None
    return max(chosen or _today(), _today())


def _by_day(slots: list[Slot]) -> list[tuple[date, list[tuple[str, Slot]]]]:
    """Slots grouped by their Riga day; each with the id of its radio button (the first is
    `slot`, where the error summary points)."""
    days: dict[date, list[tuple[str, Slot]]] = {}
    for number, slot in enumerate(slots):
        html_id = "slot" if number == 0 else f"slot-{number + 1}"
        days.setdefault(slot.starts_at.astimezone(TIME_ZONE).date(), []).append((html_id, slot))
    return list(days.items())


def _week_url(path: str, first_day: date, **params: str) -> str:
    return path + "?" + urlencode({**params, "from_day-day": first_day.day,
                                   "from_day-month": first_day.month,
                                   "from_day-year": first_day.year})


@dataclass(frozen=True)
class SlotsPage:
    """Where a page of free times posts the chosen one, and where its week links go."""

    action: str
    nav_path: str
    nav_params: dict[str, str] = field(default_factory=dict)


async def _slots_page(request: Request, eservice: EService, specialist_type: SpecialistType,
                      first_day: date, form: PortalForm, page: SlotsPage, *,
                      booking: AppointmentBooking | None = None, taken: Slot | None = None,
                      status_code: int = 200) -> Response:
    now = utcnow()
    spolis = request.app.state.adapters.spolis
    try:
        if taken is not None:
            slots = await service.nearest_alternatives(db(request), spolis, taken, now)
        else:
            start = datetime.combine(first_day, time(), tzinfo=TIME_ZONE)
            slots = await service.free_slots(db(request), spolis, specialist_type,
                                             start=max(start, now), end=start + WEEK)
    except AdapterError:
        return render_error(request, 503)
    if booking is not None:  # moving: the time already held is no alternative
        slots = [slot for slot in slots if slot.id != booking.slot_id]
    return render(request, "specialist_appointment/slots.html", {
        "service": eservice, "form": form, "specialist_type": specialist_type,
        "specialist_label": SPECIALIST_TYPES[specialist_type], "days": _by_day(slots),
        "first_day": first_day, "last_day": first_day + WEEK - timedelta(days=1),
        "action": page.action, "booking": booking, "taken": taken,
        "earlier": (_week_url(page.nav_path, max(first_day - WEEK, _today()), **page.nav_params)
                    if first_day > _today() else None),
        "later": _week_url(page.nav_path, first_day + WEEK, **page.nav_params),
    }, status_code=status_code, headers=PRIVATE)


async def my_appointments(request: Request) -> Response:
    eservice, subject = await service_and_subject(request, SLUG)
    bookings = await service.bookings_of(db(request), subject.kind.value, subject.identifier)
    now = utcnow()
    return render(request, "specialist_appointment/mine.html", {
        "service": eservice, "subject": subject, "specialist_types": SPECIALIST_TYPES,
        "upcoming": [b for b in reversed(bookings)
                     if b.state == AppointmentState.BOOKED and b.ends_at > now],
        "others": [b for b in bookings
                   if b.state != AppointmentState.BOOKED or b.ends_at <= now],
    }, headers=PRIVATE)


async def slots(request: Request) -> Response:
    eservice, _subject = await service_and_subject(request, SLUG)
    choice = SpecialistChoiceForm(formdata=request.query_params)
    if not choice.validate():
        return render(request, "specialist_appointment/choose.html", {
            "service": eservice, "form": choice,
            "back_url": request.url_for("eservice_start", service=SLUG).path,
        }, status_code=400)
    specialist_type = SpecialistType(choice.specialist_type.data)
    return await _slots_page(
        request, eservice, specialist_type, _week_of(choice), BookForm(),
        SlotsPage(request.url_for("appointment_book").path, request.url.path,
                  {"specialist_type": specialist_type.value}))


async def book(request: Request) -> Response:
    eservice, subject = await service_and_subject(request, SLUG)
    posted = await request.form()
    try:
        specialist_type = SpecialistType(str(posted.get("specialist_type", "")))
        first_day = max(date.fromisoformat(str(posted.get("first_day", ""))), _today())
    except ValueError:
        raise HTTPException(400) from None
    form = BookForm(formdata=posted)
    page = SlotsPage(request.url_for("appointment_book").path,
                     request.url_for("appointment_slots").path,
                     {"specialist_type": specialist_type.value})
    if not form.validate():
        return await _slots_page(request, eservice, specialist_type, first_day, form, page,
                                 status_code=400)
    contact = service.Contact(
        channel=str(form.channel.data), locale=get_locale(),
        email=str(form.email.data or "").strip() if form.channel.data == "email" else "")
    try:
        booking = await service.book(
            db(request), service=eservice, spolis=request.app.state.adapters.spolis,
            slot_id=str(form.slot.data), submitter=_submitter(request, subject),
            contact=contact, now=utcnow(), reminder_lead=_reminder_lead(request))
    except service.SlotTaken as taken:
        return await _taken(request, eservice, specialist_type, first_day, taken, page)
    except AdapterError:
        return render_error(request, 503)
    return _to_appointment(request, booking, "booked")


async def _taken(request: Request, eservice: EService, specialist_type: SpecialistType,
                 first_day: date, taken: service.SlotTaken, page: SlotsPage,
                 booking: AppointmentBooking | None = None) -> Response:
    # 409: the middleware rolls back whatever this request had begun.
    form = MoveForm() if booking is not None else BookForm(formdata=await request.form())
    if booking is None:
        form.slot.data = ""
    if taken.slot is None:  # gone from SPOLIS altogether: show the week instead
        return await _slots_page(request, eservice, specialist_type, first_day, form, page,
                                 booking=booking, status_code=409)
    return await _slots_page(request, eservice, specialist_type, first_day, form, page,
                             booking=booking, taken=taken.slot, status_code=409)


def _to_appointment(request: Request, booking: AppointmentBooking, done: str = "") -> Response:
    url = request.url_for("appointment", booking_id=booking.id).path
    return RedirectResponse(url + (f"?{done}=1" if done else ""), status_code=303)


async def _own(request: Request) -> tuple[EService, Subject, AppointmentBooking]:
    eservice, subject = await service_and_subject(request, SLUG)
    booking = await db(request).get(AppointmentBooking, request.path_params["booking_id"])
    if booking is None or (booking.subject_kind, booking.subject_id) != (
            subject.kind.value, subject.identifier):
        raise HTTPException(404)
    return eservice, subject, booking


async def appointment(request: Request) -> Response:
    eservice, subject, booking = await _own(request)
    sent = await db(request).get_one(Submission, booking.submission_id)
    ended_by = (await db(request).get(Submission, booking.ended_by_id)
                if booking.ended_by_id else None)
    moved_to = await service.replacement(db(request), booking)
    flags = ("booked", "moved", "cancelled", "too_late")
    return render(request, "specialist_appointment/appointment.html", {
        "service": eservice, "subject": subject, "booking": booking, "submission": sent,
        "ended_by": ended_by, "moved_to": moved_to, "changeable": booking.changeable(utcnow()),
        "specialist_types": SPECIALIST_TYPES, "channels": CHANNELS,
        **{flag: request.query_params.get(flag) == "1" for flag in flags},
    }, headers=PRIVATE)


async def move(request: Request) -> Response:
    eservice, subject, booking = await _own(request)
    if not booking.changeable(utcnow()):
        return _to_appointment(request, booking, "too_late")
    specialist_type = SpecialistType(booking.specialist_type)
    path = request.url_for("appointment_move", booking_id=booking.id).path
    page = SlotsPage(path, path)
    if request.method == "GET":
        return await _slots_page(request, eservice, specialist_type,
                                 _week_of(WeekForm(formdata=request.query_params)), MoveForm(),
                                 page, booking=booking)
    posted = await request.form()
    form = MoveForm(formdata=posted)
    try:
        first_day = max(date.fromisoformat(str(posted.get("first_day", ""))), _today())
    except ValueError:
        first_day = _today()
    if not form.validate():
        return await _slots_page(request, eservice, specialist_type, first_day, form, page,
                                 booking=booking, status_code=400)
    try:
        moved = await service.move(
            db(request), service=eservice, spolis=request.app.state.adapters.spolis,
            booking=booking, slot_id=str(form.slot.data), submitter=_submitter(request, subject),
            now=utcnow(), reminder_lead=_reminder_lead(request))
    except service.SlotTaken as taken:
        return await _taken(request, eservice, specialist_type, first_day, taken, page, booking)
    except service.TooLate:
        return _to_appointment(request, booking, "too_late")
    except AdapterError:
        return render_error(request, 503)
    return _to_appointment(request, moved, "moved")


async def cancel(request: Request) -> Response:
    eservice, subject, booking = await _own(request)
    if not booking.changeable(utcnow()):
        return _to_appointment(request, booking, "too_late")
    if request.method == "POST":
        try:
            await service.cancel(db(request), service=eservice, booking=booking,
                                 submitter=_submitter(request, subject), locale=get_locale(),
                                 now=utcnow())
        except service.TooLate:
            return _to_appointment(request, booking, "too_late")
        return _to_appointment(request, booking, "cancelled")
    return render(request, "specialist_appointment/cancel.html", {
        "service": eservice, "booking": booking, "specialist_types": SPECIALIST_TYPES},
        headers=PRIVATE)


async def calendar(request: Request) -> Response:
    _eservice, _subject, booking = await _own(request)
    if booking.state != AppointmentState.BOOKED:
        raise HTTPException(404)
    sent = await db(request).get_one(Submission, booking.submission_id)
    host = request.url.hostname or "portal"
    event = CalendarEvent(
        uid=f"{booking.uid}@{host}", sequence=await service.revision(db(request), booking),
        starts_at=booking.starts_at, ends_at=booking.ends_at,
        summary=f"{SPECIALIST_TYPES[SpecialistType(booking.specialist_type)]}: "
                f"{booking.specialist}",
        location=f"{booking.place}, {booking.address}",
        description=_("Appointment %(reference)s, booked in the welfare e-services portal.",
                      reference=sent.reference),
        stamp=utcnow())
    return Response(calendar_file(event), media_type="text/calendar; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{sent.reference}.ics"', **PRIVATE})
