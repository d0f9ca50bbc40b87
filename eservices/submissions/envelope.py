"""The envelope: what a back office receives for one submission, besides the files.

A plain JSON object, versioned, described by `envelope.schema.json` next to this
module (JSON Schema draft 2020-12); back-office teams build their side against
that file. The envelope names every attachment with its size, type and SHA-256,
so the receiver can check each file part it gets against it.

Versioning: `schema_version` is "MAJOR.MINOR". A new optional field raises the
minor version; removing or changing the meaning of a field raises the major
version, and back offices are told before one is sent.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from eservices.submissions.models import Attachment, Submission

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).with_name("envelope.schema.json")


def build_envelope(submission: Submission) -> dict[str, Any]:
    """The envelope of `submission`; its attachments must be loaded (they are, eagerly)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "reference": submission.reference,
        "eservice": submission.service_slug,
        "destination": submission.destination,
        "submitted_at": _utc(submission.submitted_at),
        "subject": {
            "kind": submission.subject_kind,
            "id": submission.subject_id,
            "name": submission.subject_name,
        },
        "representation": {
            "actor": {
                "personal_code": submission.actor_personal_code,
                "name": submission.actor_name,
            },
            "basis": submission.representation,
        },
        "locale": submission.locale,
        "answer_channel": submission.answer_channel,
        "form_data": submission.answers,
        "attachments": [_attachment(item) for item in submission.attachments],
    }


def _attachment(attachment: Attachment) -> dict[str, Any]:
    return {
        "file_name": attachment.filename,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "sha256": attachment.sha256,
        "field_name": attachment.field_name,
    }


def _utc(moment: datetime) -> str:
    # Always "Z" and whole seconds: the form every back office's parser accepts.
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@cache
def envelope_schema() -> dict[str, Any]:
    """The JSON Schema of the envelope, e.g. to serve it or to validate against it."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema
