"""The open-data files at stable addresses (no login):

    GET /open-data/technical-aid-queues.csv    the statistics as CSV
    GET /open-data/technical-aid-queues.json   the same as JSON
    GET /open-data/catalog.jsonld              DCAT-AP metadata (JSON-LD)

Before the first snapshot is computed the files answer 503 with a Retry-After,
and the catalogue lists the dataset without distributions.
"""

from __future__ import annotations

import json
from email.utils import format_datetime

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from portal.database import db
from queue_status.open_data.catalog import catalog_document
from queue_status.open_data.files import CSV_NAME, JSON_NAME, csv_text, json_text
from queue_status.statistics.published import PublishedStatistics, published_statistics

PUBLIC_CACHE = {"cache-control": "public, max-age=300", "access-control-allow-origin": "*"}
NOT_YET = ("The statistics have not been computed yet; try again later.\n"
           "Statistika vēl nav aprēķināta; mēģiniet vēlāk.\n")


def _not_yet() -> Response:
    return PlainTextResponse(NOT_YET, status_code=503,
                             headers={"retry-after": "600", "cache-control": "no-store"})


def _file(body: str, media_type: str, name: str, statistics: PublishedStatistics) -> Response:
    return Response(body, media_type=media_type, headers={
        **PUBLIC_CACHE, "content-disposition": f'inline; filename="{name}"',
        "last-modified": format_datetime(statistics.computed_at, usegmt=True),
    })


async def open_data_csv(request: Request) -> Response:
    statistics = await published_statistics(db(request))
    if statistics is None:
        return _not_yet()
    return _file(csv_text(statistics), "text/csv; charset=utf-8", CSV_NAME, statistics)


async def open_data_json(request: Request) -> Response:
    statistics = await published_statistics(db(request))
    if statistics is None:
        return _not_yet()
    return _file(json_text(statistics), "application/json", JSON_NAME, statistics)


async def open_data_catalog(request: Request) -> Response:
    statistics = await published_statistics(db(request))
    document = catalog_document(statistics, request.app.state.settings.base_url)
    return Response(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                    media_type="application/ld+json", headers=PUBLIC_CACHE)
