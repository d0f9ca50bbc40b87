"""Routes of the appointment's own pages (see views.py for what each does)."""

from __future__ import annotations

from starlette.routing import Route

from eservices.specialist_appointment import views


def appointment_routes() -> list[Route]:
    return [
        Route("/appointments", views.my_appointments, name="appointments"),
        Route("/appointments/slots", views.slots, name="appointment_slots"),
        Route("/appointments/book", views.book, methods=["POST"], name="appointment_book"),
        Route("/appointments/{booking_id:int}", views.appointment, name="appointment"),
        Route("/appointments/{booking_id:int}/move", views.move, methods=["GET", "POST"],
              name="appointment_move"),
        Route("/appointments/{booking_id:int}/cancel", views.cancel, methods=["GET", "POST"],
              name="appointment_cancel"),
        Route("/appointments/{booking_id:int}/calendar.ics", views.calendar,
              name="appointment_calendar"),
    ]
