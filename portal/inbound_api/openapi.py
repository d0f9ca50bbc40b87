"""The OpenAPI 3.1 document of the inbound API, served at /api/v1/openapi.json.

Written by hand next to `payloads.py`, whose checks it describes; schemathesis
in the tests sends requests generated from it and checks every answer against
it, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from portal.inbound_api.payloads import (
    AID_PROVIDERS,
    AID_STATUSES,
    IDEMPOTENCY_KEY_HEADER,
    IDEMPOTENCY_KEY_PATTERN,
    MAX_AID_CHANGES,
    MAX_ANSWER_TEXT,
    MAX_IDEMPOTENCY_KEY,
    MAX_NOTE,
    MAX_QUEUE_NUMBER,
    MAX_QUEUE_REPORTS,
    MAX_REFERENCE,
    PERSONAL_CODE_PATTERN,
    SETTABLE_STATUSES,
)
from portal.inbound_api.problems import MEDIA_TYPE, PROBLEMS, TYPE_BASE
from portal.inbound_api.tokens import ALGORITHMS, MAX_LIFETIME_SECONDS

_DATE_TIME = {"type": "string", "format": "date-time"}
_REF = "#/components/"


def _problem_response(*kinds: str) -> dict[str, Any]:
    described = "; ".join(f"`{TYPE_BASE}{kind}`: {PROBLEMS[kind][1]}" for kind in kinds)
    schema = "ValidationProblem" if "invalid" in kinds else "Problem"
    return {
        "description": described,
        "content": {MEDIA_TYPE: {"schema": {"$ref": f"{_REF}schemas/{schema}"}}},
    }


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"{_REF}schemas/{schema}"}}}


_REFERENCE_PARAMETER = {
    "name": "reference",
    "in": "path",
    "required": True,
    "description": "The submission's reference number, e.g. VDS-7KQ2-M9XH.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 40},
}

_IDEMPOTENCY_KEY_PARAMETER = {
    "name": IDEMPOTENCY_KEY_HEADER,
    "in": "header",
    "required": True,
    "description": (
        "Names the answer, as in the IETF draft \"The Idempotency-Key HTTP Header Field\": "
        "a new UUID for each answer, the same one when the answer is sent again (after a "
        "timeout, say). Keys are the back office's own: unique among all its answers, kept "
        "as long as the answer. 1 to 100 visible ASCII characters, bare or as a quoted "
        "structured-field string."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY,
               "pattern": IDEMPOTENCY_KEY_PATTERN},
}

_COMMON_RESPONSES = {
    "401": {"$ref": f"{_REF}responses/Unauthenticated"},
    "404": {"$ref": f"{_REF}responses/NotFound"},
}

_JSON_REFUSALS = {
    "400": _problem_response("malformed"),
    "413": _problem_response("too-large"),
    "415": _problem_response("unsupported-media-type"),
    "422": _problem_response("invalid"),
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Welfare e-services portal: inbound API for back offices",
        "version": "1.0.0",
        "description": (
            "Back offices (VDI, SPOLIS, SIVA) report statuses, answers and queue positions "
            "of the submissions delivered to them. Every request carries a fresh bearer JWT "
            f"signed with the back office's own key ({' or '.join(ALGORITHMS)}), with the "
            "claims `iss` (the back office's name), `aud` (the portal's API audience), `iat`, "
            f"`exp` (at most {MAX_LIFETIME_SECONDS} s after `iat`) and a unique `jti`; a "
            "`jti` is accepted once. A back office sees only the submissions routed to it: "
            "others are answered 404 like missing ones. Refusals are RFC 9457 problem "
            "details."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"backOfficeToken": []}],
    "paths": {
        "/openapi.json": {
            "get": {
                "operationId": "getOpenApiDocument",
                "summary": "This document",
                "security": [],
                "responses": {"200": {
                    "description": "The OpenAPI document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }},
            }
        },
        "/submissions/{reference}/status": {
            "post": {
                "operationId": "reportStatus",
                "summary": "Report a new status of a submission",
                "description": (
                    "Adds an event to the submission's timeline. The submission's current "
                    "status is that of its latest event by `occurred_at`, so updates may "
                    "arrive out of order; the same event sent twice is recorded once."
                ),
                "parameters": [_REFERENCE_PARAMETER],
                "requestBody": {"required": True, "content": _json("StatusUpdate")},
                "responses": {
                    "200": {"description": "Recorded", "content": _json("StatusResult")},
                    **_COMMON_RESPONSES,
                    **_JSON_REFUSALS,
                },
            }
        },
        "/submissions/{reference}/answers": {
            "post": {
                "operationId": "sendAnswer",
                "summary": "Send an answer, optionally with one file",
                "description": (
                    "The answer appears in the person's \"My submissions\" and is announced on "
                    "the channel they chose (e-mail or e-address). The file's type is decided "
                    "from its bytes: PDF, JPEG, PNG, HEIC, DOCX, XLSX, ODT, ODS or plain text; "
                    "it is scanned for viruses before it is kept.\n\n"
                    "Idempotent by the required `Idempotency-Key` header: an answer is stored "
                    "and announced once per key. Sent again with the same key and the same "
                    "content (text, file name and file bytes), for this same submission, it "
                    "is answered 200 with the first result (the same `answer_id`) and nothing "
                    "more is stored or sent; a different answer under a used key is refused "
                    "with 409. A refused request stores nothing, so its key may be used again."
                ),
                "parameters": [_REFERENCE_PARAMETER, _IDEMPOTENCY_KEY_PARAMETER],
                "requestBody": {
                    "required": True,
                    "content": {"multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["metadata"],
                            "properties": {
                                # An object part of multipart is JSON (OpenAPI 3.1 §4.8.14).
                                "metadata": {"$ref": f"{_REF}schemas/AnswerMetadata"},
                                "file": {"type": "string", "format": "binary",
                                         "contentMediaType": "application/octet-stream"},
                            },
                        },
                        "encoding": {"metadata": {"contentType": "application/json"}},
                    }},
                },
                "responses": {
                    "201": {"description": "Stored", "content": _json("AnswerResult")},
                    "200": {"description": "Stored before, under the same key: the first result",
                            "content": _json("AnswerResult")},
                    **_COMMON_RESPONSES,
                    "400": _problem_response("malformed", "idempotency-key"),
                    "409": _problem_response("idempotency-key-reused"),
                    "413": _problem_response("too-large"),
                    "415": _problem_response("unsupported-media-type"),
                    "422": _problem_response("invalid", "file-refused"),
                    "503": _problem_response("scanner-unavailable"),
                },
            }
        },
        "/queue-positions": {
            "post": {
                "operationId": "reportQueuePositions",
                "summary": "Report submissions' places in a waiting queue",
                "description": (
                    "All or nothing: if a reference is not routed to the caller, nothing is "
                    "stored and the 404 problem lists the references (`references`). A report "
                    "already stored (same submission and `reported_at`) is left unchanged."
                ),
                "requestBody": {"required": True, "content": _json("QueuePositionReports")},
                "responses": {
                    "200": {"description": "Stored", "content": _json("QueuePositionsResult")},
                    **_COMMON_RESPONSES,
                    **_JSON_REFUSALS,
                },
            }
        },
        "/technical-aid-requests": {
            "post": {
                "operationId": "reportTechnicalAidRequests",
                "summary": "SPOLIS: report changes of technical-aid requests",
                "description": (
                    "Only SPOLIS may call it. Each item is a request's whole state after a "
                    "change. Changes may come in any order and more than once: a request keeps "
                    "its latest state by `changed_at`, its history each change once."
                ),
                "requestBody": {"required": True, "content": _json("TechnicalAidChanges")},
                "responses": {
                    "200": {"description": "Stored", "content": _json("QueuePositionsResult")},
                    "401": {"$ref": f"{_REF}responses/Unauthenticated"},
                    "403": _problem_response("forbidden"),
                    **_JSON_REFUSALS,
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "backOfficeToken": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": (
                    f"A JWT signed with {' or '.join(ALGORITHMS)} by the back office's key; "
                    "claims iss, aud, iat, exp, jti. One token per request."
                ),
            }
        },
        "responses": {
            "Unauthenticated": {
                **_problem_response("unauthenticated"),
                "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
            },
            "NotFound": _problem_response("not-found"),
        },
        "schemas": {
            "Problem": {
                "type": "object",
                "required": ["type", "title", "status"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "reason": {"type": "string", "description": "why a file was refused"},
                    "references": {"type": "array", "items": {"type": "string"}},
                },
            },
            "ValidationProblem": {
                "allOf": [{"$ref": f"{_REF}schemas/Problem"}],
                "properties": {"errors": {"type": "array", "items": {
                    "type": "object",
                    "required": ["pointer", "detail"],
                    "properties": {"pointer": {"type": "string"}, "detail": {"type": "string"}},
                }}},
            },
            "StatusUpdate": {
                "type": "object",
                "additionalProperties": False,
                "required": ["status", "occurred_at"],
                "properties": {
                    "status": {"type": "string", "enum": list(SETTABLE_STATUSES)},
                    "note": {"type": "string", "maxLength": MAX_NOTE,
                             "description": "Shown to the person; no internal remarks."},
                    "occurred_at": {**_DATE_TIME, "description": "With a time zone offset."},
                },
            },
            "StatusResult": {
                "type": "object",
                "required": ["reference", "status", "status_changed_at"],
                "properties": {
                    "reference": {"type": "string"},
                    "status": {"type": "string"},
                    "status_changed_at": _DATE_TIME,
                },
            },
            "AnswerMetadata": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text"],
                "properties": {"text": {
                    "type": "string", "maxLength": MAX_ANSWER_TEXT,
                    "description": "The answer; may be empty when a file is attached.",
                }},
            },
            "AnswerResult": {
                "type": "object",
                "required": ["reference", "answer_id", "received_at", "file",
                             "notification_channel"],
                "properties": {
                    "reference": {"type": "string"},
                    "answer_id": {"type": "integer"},
                    "received_at": _DATE_TIME,
                    "file": {"oneOf": [{"type": "null"}, {
                        "type": "object",
                        "required": ["name", "content_type", "size", "sha256"],
                        "properties": {
                            "name": {"type": "string"},
                            "content_type": {"type": "string"},
                            "size": {"type": "integer"},
                            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        },
                    }]},
                    "notification_channel": {"type": "string",
                                             "enum": ["portal", "email", "e_address"]},
                },
            },
            "QueuePositionReports": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_QUEUE_REPORTS,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["reference", "position", "queue_size", "reported_at"],
                    "properties": {
                        "reference": {"type": "string", "maxLength": 20},
                        "position": {"type": "integer", "minimum": 1,
                                     "maximum": MAX_QUEUE_NUMBER},
                        "queue_size": {"type": "integer", "minimum": 1,
                                       "maximum": MAX_QUEUE_NUMBER,
                                       "description": "At least `position`."},
                        "reported_at": _DATE_TIME,
                    },
                },
            },
            "TechnicalAidChanges": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_AID_CHANGES,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["request_id", "personal_code", "reference", "aid_code",
                                 "group_code", "provider", "status", "position", "queue_size",
                                 "applied_at", "queued_at", "issued_at", "changed_at"],
                    "properties": {
                        "request_id": {"type": "string", "minLength": 1, "maxLength": 60},
                        "personal_code": {"type": "string", "pattern": PERSONAL_CODE_PATTERN,
                                          "description": "Whose aid it is (maybe a child)."},
                        "reference": {"type": ["string", "null"], "maxLength": MAX_REFERENCE,
                                      "description": "The portal submission's; null if "
                                      "the request was made on paper."},
                        "aid_code": {"type": "string", "minLength": 1, "maxLength": 40},
                        "group_code": {"type": "string", "minLength": 1, "maxLength": 40},
                        "provider": {"type": "string", "enum": list(AID_PROVIDERS)},
                        "status": {"type": "string", "enum": list(AID_STATUSES)},
                        "position": {"type": ["integer", "null"], "minimum": 1,
                                     "maximum": MAX_QUEUE_NUMBER,
                                     "description": "While in the queue; at most `queue_size`."},
                        "queue_size": {"type": ["integer", "null"], "minimum": 1,
                                       "maximum": MAX_QUEUE_NUMBER},
                        "applied_at": _DATE_TIME,
                        "queued_at": {"type": ["string", "null"], "format": "date-time"},
                        "issued_at": {"type": ["string", "null"], "format": "date-time"},
                        "changed_at": _DATE_TIME,
                    },
                },
            },
            "QueuePositionsResult": {
                "type": "object",
                "required": ["stored", "unchanged"],
                "properties": {
                    "stored": {"type": "integer", "minimum": 0},
                    "unchanged": {"type": "integer", "minimum": 0},
                },
            },
        },
    },
}


async def openapi_document(request: Request) -> JSONResponse:
    return JSONResponse(DOCUMENT)
