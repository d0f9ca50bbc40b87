"""The route of "my queue" (see views.py)."""

from __future__ import annotations

from starlette.routing import Route

from queue_status.my_queue import views


def my_queue_routes() -> list[Route]:
    return [Route("/my-queue", views.my_queue, name="my_queue")]
