"""Routes of the public queue statistics and of the open-data files."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Route

from queue_status.open_data.views import open_data_catalog, open_data_csv, open_data_json
from queue_status.statistics.views import queue_statistics, queue_statistics_queue

TEMPLATES = Path(__file__).parent / "templates"


def statistics_routes() -> list[Route]:
    return [
        Route("/queue-statistics", queue_statistics, name="queue_statistics"),
        Route("/queue-statistics/{group_code}/{provider}", queue_statistics_queue,
              name="queue_statistics_queue"),
        Route("/open-data/technical-aid-queues.csv", open_data_csv, name="open_data_csv"),
        Route("/open-data/technical-aid-queues.json", open_data_json, name="open_data_json"),
        Route("/open-data/catalog.jsonld", open_data_catalog, name="open_data_catalog"),
    ]
