"""The training sign-up's own pages (see flow.py for why they are not shared steps).

    GET       /trainings                               the person's sign-ups
    GET       /trainings/sessions?training_type=&region=   sessions, seats left
    GET, POST /trainings/sessions/{id}/sign-up         co-applicant, channel; confirm
    GET       /trainings/{booking}                     one sign-up: seat or waiting place
    GET, POST /trainings/{booking}/cancel              cancel it; the seat goes on

Only the signed-in person's own sign-ups are found: another's number is a 404.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from adapters.errors import AdapterError, NotFound
from adapters.population_register.base import Person
from adapters.spolis.base import Region, TrainingType
from eservices.foster_parent_training import service
from eservices.foster_parent_training.forms import (
    CHANNELS,
    REGIONS,
    TRAINING_TYPES,
    SignUpForm,
    TrainingChoiceForm,
)
from eservices.foster_parent_training.models import (
    Placement,
    TrainingBooking,
    TrainingSessionRecord,
)
from eservices.registry import EService
from eservices.submissions.models import Submission
from i18n.catalogs import get_locale
from i18n.catalogs import gettext as _
from portal.database import db, utcnow
from portal.representation import Subject
from portal.representation.guard import service_and_subject
from portal.templating import TIME_ZONE, render

SLUG = "foster_parent_training"
PRIVATE = {"cache-control": "no-store"}


def _today() -> date:
    return utcnow().astimezone(TIME_ZONE).date()


def _labels() -> dict[str, Any]:
    return {"training_types": TRAINING_TYPES, "regions": REGIONS, "channels": CHANNELS}


async def my_sign_ups(request: Request) -> Response:
    eservice, subject = await service_and_subject(request, SLUG)
    rows = await service.bookings_of(db(request), subject.identifier)
    return render(request, "foster_parent_training/mine.html", {
        "service": eservice, "rows": rows, "today": _today(), **_labels()}, headers=PRIVATE)


async def sessions(request: Request) -> Response:
    eservice, subject = await service_and_subject(request, SLUG)
    form = TrainingChoiceForm(formdata=request.query_params)
    if not form.validate():
        return render(request, "foster_parent_training/choose.html", {
            "service": eservice, "form": form,
            "back_url": request.url_for("eservice_start", service=SLUG).path,
        }, status_code=400)
    training_type, region = TrainingType(form.training_type.data), Region(form.region.data)
    found, fresh = await service.sessions_for(db(request), request.app.state.adapters.spolis,
                                              training_type, region, utcnow())
    # Only sessions still to come can be signed up for, whatever day was typed.
    tomorrow = _today() + timedelta(days=1)
    upcoming = service.starts_after(found, max(form.from_day.data or tomorrow, tomorrow))
    mine = {booking.session_id for booking, _session, _submission
            in await service.bookings_of(db(request), subject.identifier)
            if booking.placement != Placement.CANCELLED}
    return render(request, "foster_parent_training/sessions.html", {
        "service": eservice, "form": form, "sessions": upcoming, "fresh": fresh, "mine": mine,
        "training_type": TRAINING_TYPES[training_type], "region": REGIONS[region],
        "query": request.url.query, **_labels()}, headers=PRIVATE)


async def _co_applicant(request: Request, form: SignUpForm,
                        subject: Subject) -> tuple[bool, Person | None]:
    """Whether the co-applicant part is in order, and the person the register confirms."""
    if form.co_applicant.data != "yes":
        return True, None
    errors = form.co_applicant_code.errors
    assert isinstance(errors, list)
    code = form.co_applicant_normalised
    if code == subject.identifier:
        errors.append(_("Enter the personal code of your spouse or partner, not your own"))
        return False, None
    try:
        person: Person = await request.app.state.adapters.population_register.get_person(code)
    except NotFound:
        errors.append(_("The Population Register has no person with this personal code. "
                        "Check the code."))
        return False, None
    except AdapterError:
        errors.append(_("The Population Register did not answer. Try again in a few minutes."))
        return False, None
    return True, person


async def sign_up(request: Request) -> Response:
    eservice, subject = await service_and_subject(request, SLUG)
    session = await service.session_for(db(request), request.app.state.adapters.spolis,
                                        request.path_params["session_id"], utcnow())
    if session is None or session.first_day <= _today():
        raise HTTPException(404)
    mine = await service.live_booking(db(request), session.id, subject.identifier)
    if mine is not None:
        return _to_booking(request, mine)
    posted: FormData | None = await request.form() if request.method == "POST" else None
    form = SignUpForm(formdata=posted)
    context = {"service": eservice, "session": session, "form": form, "subject": subject,
               **_labels()}
    if posted is not None and posted.get("change") != "yes" and form.validate():
        in_order, co_applicant = await _co_applicant(request, form, subject)
        if in_order and posted.get("confirm") == "yes":
            return await _take_part(request, eservice, subject, session.id, form, co_applicant)
        if in_order:
            return render(request, "foster_parent_training/confirm.html", {
                **context, "co_applicant": co_applicant,
                "seats_needed": 2 if co_applicant else 1}, headers=PRIVATE)
    failed = posted is not None and posted.get("change") != "yes"
    return render(request, "foster_parent_training/sign_up.html", context,
                  status_code=400 if failed else 200, headers=PRIVATE)


async def _take_part(request: Request, eservice: EService, subject: Subject, session_id: str,
                     form: SignUpForm, co_applicant: Person | None) -> Response:
    applicant = service.Applicant(subject.identifier, subject.name)
    choices = service.SignUpChoices(
        co_applicant_code=co_applicant.personal_code if co_applicant else "",
        co_applicant_name=co_applicant.full_name if co_applicant else "",
        channel=str(form.channel.data),
        contact_email=str(form.email.data or "").strip() if form.channel.data == "email" else "",
        locale=get_locale())
    try:
        booking = await service.sign_up(db(request), service=eservice, session_id=session_id,
                                        applicant=applicant, choices=choices, now=utcnow())
    except service.SessionGone:
        raise HTTPException(404) from None
    except service.AlreadySignedUp:
        await db(request).rollback()
        mine = await service.live_booking(db(request), session_id, subject.identifier)
        if mine is None:
            raise
        return _to_booking(request, mine)
    return _to_booking(request, booking, "?signed_up=1")


def _to_booking(request: Request, booking: TrainingBooking, query: str = "") -> Response:
    url = request.url_for("training_booking", booking_id=booking.id).path
    return RedirectResponse(url + query, status_code=303)


async def _own_booking(request: Request) -> tuple[EService, Subject, TrainingBooking]:
    eservice, subject = await service_and_subject(request, SLUG)
    booking = await db(request).get(TrainingBooking, request.path_params["booking_id"])
    if booking is None or booking.subject_id != subject.identifier:
        raise HTTPException(404)
    return eservice, subject, booking


async def sign_up_detail(request: Request) -> Response:
    eservice, _subject, found = await _own_booking(request)
    session = await db(request).get_one(TrainingSessionRecord, found.session_id)
    sent = await db(request).get_one(Submission, found.submission_id)
    cancellation = (await db(request).get(Submission, found.cancellation_id)
                    if found.cancellation_id else None)
    position = (await service.waiting_position(db(request), found)
                if found.placement == Placement.WAITING else None)
    return render(request, "foster_parent_training/booking.html", {
        "service": eservice, "booking": found, "session": session, "submission": sent,
        "cancellation": cancellation, "position": position,
        "can_cancel": found.placement != Placement.CANCELLED and session.first_day > _today(),
        "signed_up": request.query_params.get("signed_up") == "1",
        "cancelled": request.query_params.get("cancelled") == "1", **_labels(),
    }, headers=PRIVATE)


async def cancel(request: Request) -> Response:
    eservice, subject, found = await _own_booking(request)
    session = await db(request).get_one(TrainingSessionRecord, found.session_id)
    if found.placement == Placement.CANCELLED or session.first_day <= _today():
        return _to_booking(request, found)
    if request.method == "POST":
        await service.cancel(db(request), service=eservice, booking=found,
                             applicant=service.Applicant(subject.identifier, subject.name),
                             locale=get_locale(), now=utcnow())
        return _to_booking(request, found, "?cancelled=1")
    return render(request, "foster_parent_training/cancel.html", {
        "service": eservice, "booking": found, "session": session, **_labels()},
        headers=PRIVATE)
