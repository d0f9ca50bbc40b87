"""Back offices with keys, a portal that trusts them, and submissions routed to them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import pytest
from starlette.applications import Starlette

from eservices.submissions.models import StatusEvent, Submission, SubmissionStatus
from eservices.submissions.reference import new_reference
from portal.inbound_api.keys import api_audience
from portal.inbound_api.tokens import generate_key_pair, sign_request_token
from portal.settings import Settings

# Back office name -> algorithm of its key; the stranger's key is trusted by nobody.
BACK_OFFICES = {"vdi": "ES256", "spolis": "RS256", "stranger": "ES256"}
TRUSTED = ("vdi", "spolis")
SUBMITTED_AT = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def key_pairs() -> dict[str, tuple[str, str]]:
    return {name: generate_key_pair(algorithm) for name, algorithm in BACK_OFFICES.items()}


@pytest.fixture
def settings(settings: Settings, key_pairs: dict[str, tuple[str, str]]) -> Settings:
    keys = {name: key_pairs[name][1] for name in TRUSTED}
    return settings.replace(inbound_api_keys=json.dumps(keys))


@pytest.fixture
def audience(settings: Settings) -> str:
    return api_audience(settings)


class TokenFactory(Protocol):
    def __call__(self, issuer: str = "vdi", **options: Any) -> str: ...


@pytest.fixture
def token(audience: str, key_pairs: dict[str, tuple[str, str]]) -> TokenFactory:
    def make(issuer: str = "vdi", **options: Any) -> str:
        key = options.pop("key", key_pairs.get(issuer, key_pairs["stranger"])[0])
        return sign_request_token(key, issuer, options.pop("audience", audience), **options)

    return make


@pytest.fixture
def auth(token: TokenFactory) -> Callable[..., dict[str, str]]:
    def headers(issuer: str = "vdi", **options: Any) -> dict[str, str]:
        return {"authorization": f"Bearer {token(issuer, **options)}"}

    return headers


def keyed(auth: Callable[..., dict[str, str]], issuer: str = "vdi",
          key: str | None = None) -> dict[str, str]:
    """Headers of an answer: a fresh token and the answer's idempotency key (new by default)."""
    return {**auth(issuer), "idempotency-key": key or str(uuid.uuid4())}


SubmissionFactory = Callable[..., Awaitable[Submission]]


@pytest.fixture
def make_submission(app: Starlette) -> SubmissionFactory:
    async def make(destination: str = "vdi", *, channel: str = "portal", email: str = "",
                   locale: str = "lv", service_slug: str = "labour_complaint",
                   subject_kind: str = "self", subject_id: str = "329954-31870") -> Submission:
        # Submitted well before the statuses the tests report.
        now = SUBMITTED_AT
        submission = Submission(
            id=str(uuid.uuid4()), reference=new_reference("VDS"), draft_id=str(uuid.uuid4()),
            service_slug=service_slug, destination=destination, subject_kind=subject_kind,
            subject_id=subject_id, subject_name="Dace Ābele",
            actor_personal_code="329954-31870", actor_name="Dace Ābele",
            representation="self", answers={}, answer_channel=channel, contact_email=email,
            locale=locale, status=SubmissionStatus.RECEIVED, submitted_at=now,
            status_changed_at=now,
        )
        async with app.state.sessionmaker() as db:
            db.add(submission)
            db.add(StatusEvent(submission_id=submission.id, status=SubmissionStatus.RECEIVED,
                               note="", source="portal", at=now))
            await db.commit()
        return submission

    return make
