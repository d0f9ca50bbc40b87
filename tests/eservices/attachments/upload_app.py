"""A tiny Starlette app that receives uploads with the attachment library.

Tests drive it over `httpx.ASGITransport`, so the request body reaches the parser
through the real ASGI `receive` channel, chunk by chunk when the test streams it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.virus_scan.base import VirusScanner
from eservices.attachments import (
    LocalDirectoryStorage,
    MalformedUpload,
    StoredAttachment,
    UploadLimits,
    UploadResult,
    UploadTooLarge,
    receive_upload,
)
from eservices.attachments.sniffing import ALL_TYPES, FileType


@dataclass
class UploadSetup:
    """What the test app passes to `receive_upload`; tests change it before posting."""

    storage: LocalDirectoryStorage
    limits: UploadLimits = field(default_factory=UploadLimits)
    allowed_types: Collection[FileType] = ALL_TYPES
    scanner: VirusScanner | None = None
    result: UploadResult | None = None

    def files_on_disk(self) -> list[Path]:
        """Every file under the storage root, temporary ones included."""
        return sorted(path for path in self.storage.root.rglob("*") if path.is_file())

    def last(self) -> UploadResult:
        assert self.result is not None, "the app produced no result"
        return self.result


def build_app(setup: UploadSetup) -> Starlette:
    async def upload(request: Request) -> JSONResponse:
        setup.result = None
        try:
            result = await receive_upload(
                request,
                setup.storage,
                limits=setup.limits,
                allowed_types=setup.allowed_types,
                scanner=setup.scanner,
            )
        except MalformedUpload as error:
            return JSONResponse({"error": "malformed", "detail": str(error)}, status_code=400)
        except UploadTooLarge as error:
            return JSONResponse({"error": "too_large", "detail": str(error)}, status_code=413)
        setup.result = result
        return JSONResponse(
            {
                "fields": [[name, str(value)] for name, value in result.fields.multi_items()],
                "stored": [item.key for item in result.files if isinstance(item, StoredAttachment)],
            }
        )

    return Starlette(routes=[Route("/upload", upload, methods=["POST"])])
