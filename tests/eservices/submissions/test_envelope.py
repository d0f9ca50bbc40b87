"""The envelope a back office receives, checked against its published JSON Schema."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eservices.attachments import LocalDirectoryStorage
from eservices.submissions.envelope import SCHEMA_VERSION, build_envelope, envelope_schema
from eservices.submissions.models import Submission
from portal.database import create_engine, create_sessionmaker
from tests.adapters.delivery.queued import ANSWERS, empty_tables, queue_submission

pytestmark = pytest.mark.anyio

VALIDATOR = jsonschema.Draft202012Validator(
    envelope_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


@pytest.fixture
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    try:
        yield create_sessionmaker(engine)
    finally:
        await empty_tables(engine)
        await engine.dispose()


async def stored_submission(sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path,
                            files: list[bytes]) -> Submission:
    queued = await queue_submission(sessionmaker, LocalDirectoryStorage(tmp_path), files=files)
    async with sessionmaker() as db:  # as the worker reads it: a fresh session
        submission = await db.get(Submission, queued.id)
        assert submission is not None
        return submission


def walk(schema: dict[str, Any], path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}.{name}", sub
        yield from walk(sub, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from walk(schema["items"], f"{path}[]")


def test_the_schema_is_valid_draft_2020_12_and_documents_every_field() -> None:
    schema = envelope_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    undocumented = [path for path, sub in walk(schema) if not sub.get("description")]
    assert undocumented == []


async def test_built_envelopes_match_the_schema(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    files = [b"%PDF-1.7 first", b"\x89PNG second"]
    submission = await stored_submission(sessionmaker, tmp_path, files)
    envelope = build_envelope(submission)
    VALIDATOR.validate(envelope)
    assert envelope["schema_version"] == SCHEMA_VERSION
    assert envelope["reference"] == submission.reference
    assert envelope["destination"] == "vdi" and envelope["eservice"] == "labour_complaint"
    assert envelope["submitted_at"].endswith("Z")
    assert envelope["subject"] == {"kind": "self", "id": "325781-40219", "name": "Ilze Kalniņa"}
    assert envelope["representation"]["basis"] == "self"
    assert envelope["form_data"] == ANSWERS
    assert [(a["size"], a["sha256"]) for a in envelope["attachments"]] == [
        (len(data), hashlib.sha256(data).hexdigest()) for data in files]


async def test_an_envelope_without_attachments_is_valid(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    submission = await stored_submission(sessionmaker, tmp_path, [])
    VALIDATOR.validate(build_envelope(submission))


@pytest.mark.parametrize(("change", "reason"), [
    (lambda e: e["attachments"][0].update(sha256="ABC"), "sha256"),
    (lambda e: e.update(destination="namejs"), "destination"),
    (lambda e: e.update(submitted_at="22.11.2026"), "submitted_at"),
    (lambda e: e.update(surprise=True), "surprise"),
    (lambda e: e["subject"].pop("id"), "id"),
])
async def test_the_schema_catches_broken_envelopes(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path, change: Any, reason: str
) -> None:
    envelope = build_envelope(await stored_submission(sessionmaker, tmp_path, [b"x"]))
    change(envelope)
    errors = list(VALIDATOR.iter_errors(envelope))
    assert errors and reason in str(errors[0])
