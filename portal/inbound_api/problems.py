"""RFC 9457 problem details: every refusal of the inbound API is one of these.

Back offices are programs, so the bodies are English, stable and machine-readable:
`type` names the kind of problem (a URI under /api/v1/problems/, documented in the
OpenAPI document), `title` says it once for a person reading logs, `detail` says
what about this request was wrong. Nothing in them echoes a token.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/problems/"

# type slug -> (status, title)
PROBLEMS: dict[str, tuple[int, str]] = {
    "unauthenticated": (401, "The request is not authenticated"),
    "not-found": (404, "No such submission for this back office"),
    "forbidden": (403, "This back office may not report this"),
    "malformed": (400, "The request body cannot be read"),
    "idempotency-key": (400, "The Idempotency-Key header is missing or not valid"),
    "idempotency-key-reused": (409, "The Idempotency-Key was used for another request"),
    "invalid": (422, "The request does not match the schema"),
    "file-refused": (422, "The attached file was refused"),
    "too-large": (413, "The request body is too large"),
    "unsupported-media-type": (415, "Unsupported content type"),
    "scanner-unavailable": (503, "The file cannot be checked for viruses now"),
}


class ApiProblem(Exception):
    def __init__(self, kind: str, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.kind = kind
        self.status, self.title = PROBLEMS[kind]
        self.detail = detail
        self.extensions = extensions

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {
            "type": TYPE_BASE + self.kind,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            **self.extensions,
        }
        headers = {"cache-control": "no-store"}
        if self.status == 401:
            # RFC 6750 §3: tell the client which scheme, and that its token was the problem.
            headers["www-authenticate"] = 'Bearer error="invalid_token"'
        if self.status == 503:
            headers["retry-after"] = "300"
        return JSONResponse(body, status_code=self.status, media_type=MEDIA_TYPE,
                            headers=headers)
