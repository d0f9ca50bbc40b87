"""Routes of the shared submission life cycle (see views.py for what each does)."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Route

from eservices.submissions import downloads, views

TEMPLATES = Path(__file__).parent / "templates"


def submission_routes() -> list[Route]:
    return [
        Route("/submissions", views.my_submissions, name="my_submissions"),
        Route("/submissions/{submission_id}", views.detail, name="submission_detail"),
        Route("/submissions/{submission_id}/confirmation", views.confirmation,
              name="submission_confirmation"),
        Route("/submissions/{submission_id}/receipt", views.receipt, name="submission_receipt"),
        Route("/submissions/{submission_id}/attachments/{attachment_id:int}",
              downloads.attachment_file, name="submission_attachment"),
        Route("/submissions/{submission_id}/answers/{answer_id:int}/file", downloads.answer_file,
              name="submission_answer_file"),
        Route("/e/{service}", views.start, name="eservice_start"),
        Route("/e/{service}/check", views.check, methods=["GET", "POST"], name="eservice_check"),
        Route("/e/{service}/discard", views.discard, methods=["POST"], name="eservice_discard"),
        Route("/e/{service}/{step}", views.step, methods=["GET", "POST"], name="eservice_step"),
    ]
