"""Every way a request can fail to authenticate ends in 401 with a problem body."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from jose import jwt

from tests.portal.inbound_api.conftest import SubmissionFactory, TokenFactory

pytestmark = pytest.mark.anyio

STATUS_BODY = {"status": "in_review", "occurred_at": "2026-11-20T10:00:00+02:00"}


def _segment(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(audience: str, lifetime: int = 60) -> dict[str, object]:
    now = int(datetime.now(UTC).timestamp())
    return {"iss": "vdi", "aud": audience, "iat": now, "exp": now + lifetime, "jti": "forged"}


async def _post_status(client: httpx.AsyncClient, reference: str,
                       headers: dict[str, str]) -> httpx.Response:
    return await client.post(f"/api/v1/submissions/{reference}/status", json=STATUS_BODY,
                             headers=headers)


def _assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    problem = response.json()
    assert problem["type"] == "/api/v1/problems/unauthenticated"
    assert problem["status"] == 401


async def test_a_valid_token_is_accepted(
    client: httpx.AsyncClient, make_submission: SubmissionFactory,
    auth: Callable[..., dict[str, str]],
) -> None:
    submission = await make_submission("vdi")
    response = await _post_status(client, submission.reference, auth("vdi"))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer   ", "Basic dmRpOnZkaQ==",
                                           "Bearer not.a.jwt", "Bearer ...."])
async def test_without_a_usable_token(
    client: httpx.AsyncClient, make_submission: SubmissionFactory, authorization: str | None,
) -> None:
    submission = await make_submission("vdi")
    headers = {} if authorization is None else {"authorization": authorization}
    _assert_unauthenticated(await _post_status(client, submission.reference, headers))


async def test_refusals_by_claim_and_signature(
    client: httpx.AsyncClient, make_submission: SubmissionFactory,
    auth: Callable[..., dict[str, str]], key_pairs: dict[str, tuple[str, str]],
) -> None:
    submission = await make_submission("vdi")
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    cases = {
        "signed with another key": auth("vdi", key=key_pairs["spolis"][0]),
        "unknown issuer": auth("stranger"),
        "wrong audience": auth("vdi", audience="https://elsewhere.example/api/v1"),
        "expired": auth("vdi", now=long_ago),
        "issued in the future": auth("vdi", now=datetime.now(UTC) + timedelta(hours=1)),
    }
    for case, headers in cases.items():
        response = await _post_status(client, submission.reference, headers)
        assert response.status_code == 401, case
        _assert_unauthenticated(response)


async def test_a_lifetime_longer_than_allowed_is_refused(
    client: httpx.AsyncClient, make_submission: SubmissionFactory,
    key_pairs: dict[str, tuple[str, str]], audience: str,
) -> None:
    submission = await make_submission("vdi")
    token = jwt.encode(_claims(audience, lifetime=3600), key_pairs["vdi"][0], algorithm="ES256")
    _assert_unauthenticated(await _post_status(client, submission.reference,
                                               {"authorization": f"Bearer {token}"}))


async def test_a_replayed_token_is_refused(
    client: httpx.AsyncClient, make_submission: SubmissionFactory, token: TokenFactory,
) -> None:
    submission = await make_submission("vdi")
    headers = {"authorization": f"Bearer {token('vdi')}"}
    assert (await _post_status(client, submission.reference, headers)).status_code == 200
    replay = await _post_status(client, submission.reference, headers)
    _assert_unauthenticated(replay)
    assert "already used" in replay.json()["detail"]


async def test_a_token_used_by_a_failed_request_cannot_be_replayed(
    client: httpx.AsyncClient, token: TokenFactory,
) -> None:
    headers = {"authorization": f"Bearer {token('vdi')}"}
    assert (await _post_status(client, "VDS-AAAA-AAAA", headers)).status_code == 404
    _assert_unauthenticated(await _post_status(client, "VDS-AAAA-AAAA", headers))


async def test_alg_none_and_hs256_with_the_public_key_are_refused(
    client: httpx.AsyncClient, make_submission: SubmissionFactory, audience: str,
    key_pairs: dict[str, tuple[str, str]],
) -> None:
    submission = await make_submission("vdi")
    claims = _claims(audience)
    unsigned = f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{_segment(claims)}."
    signing_input = f"{_segment({'alg': 'HS256', 'typ': 'JWT'})}.{_segment(claims)}"
    # The classic confusion attack: an HMAC keyed with the (public) verification key.
    mac = hmac.new(key_pairs["vdi"][1].encode(), signing_input.encode(), hashlib.sha256)
    hs256 = signing_input + "." + base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()
    for forged in (unsigned, hs256):
        _assert_unauthenticated(await _post_status(
            client, submission.reference, {"authorization": f"Bearer {forged}"}))
