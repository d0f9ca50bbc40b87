"""Routes of the queue e-reference (see views.py and verification.py for what each does)."""

from __future__ import annotations

from starlette.routing import Route

from queue_status.rehabilitation_reference import verification, views


def rehabilitation_reference_routes() -> list[Route]:
    return [
        Route("/rehabilitation-queue", views.queue, name="rehabilitation_queue"),
        Route("/rehabilitation-queue/references", views.issue, methods=["POST"],
              name="rehabilitation_reference_issue"),
        Route("/rehabilitation-queue/references/{reference_id:int}", views.reference,
              name="rehabilitation_reference"),
        Route("/rehabilitation-queue/references/{reference_id:int}/e-reference.pdf",
              views.reference_download, name="rehabilitation_reference_pdf"),
        Route("/verify", verification.verify, name="reference_verify"),
        Route("/verify/{code}", verification.verify_code, name="reference_verify_code"),
    ]
