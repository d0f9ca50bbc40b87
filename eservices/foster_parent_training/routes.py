"""Routes of the training sign-up's own pages (see views.py for what each does)."""

from __future__ import annotations

from starlette.routing import Route

from eservices.foster_parent_training import views


def training_routes() -> list[Route]:
    return [
        Route("/trainings", views.my_sign_ups, name="training_bookings"),
        Route("/trainings/sessions", views.sessions, name="training_sessions"),
        Route("/trainings/sessions/{session_id}/sign-up", views.sign_up,
              methods=["GET", "POST"], name="training_sign_up"),
        Route("/trainings/{booking_id:int}", views.sign_up_detail, name="training_booking"),
        Route("/trainings/{booking_id:int}/cancel", views.cancel, methods=["GET", "POST"],
              name="training_cancel"),
    ]
