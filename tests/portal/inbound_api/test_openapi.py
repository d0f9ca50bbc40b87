"""The OpenAPI document is served, and the API keeps to it under schemathesis.

Cases are generated from the served document (valid and invalid data alike) and
sent through the test client with a fresh, valid bearer token each; about half
of them are pointed at real submissions routed to the caller, so the success
paths are exercised as well as the refusals. Every answer must be documented,
conform to its schema and never be a server error.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.inbound_api.openapi import DOCUMENT
from tests.portal.inbound_api.conftest import SubmissionFactory, TokenFactory

pytestmark = pytest.mark.anyio

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
API = "http://testserver/api/v1"
PDF = b"%PDF-1.7\n%%EOF\n"


def _cases() -> st.SearchStrategy[Any]:
    schema = schemathesis.openapi.from_dict(copy.deepcopy(DOCUMENT))
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    strategies = [
        operation.as_strategy(generation_mode=mode)
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    return st.one_of(strategies)


async def test_the_document_is_served_and_describes_the_security_scheme(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["backOfficeToken"] == {
        **document["components"]["securitySchemes"]["backOfficeToken"],
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    for path in ("/submissions/{reference}/status", "/submissions/{reference}/answers",
                 "/queue-positions"):
        responses = document["paths"][path]["post"]["responses"]
        assert {"401", "404", "400", "413", "415", "422"} <= responses.keys()


@pytest.fixture
async def references(make_submission: SubmissionFactory) -> list[str]:
    own = [await make_submission("vdi", channel=channel, email="dace@example.lv")
           for channel in ("portal", "email", "e_address")]
    return [submission.reference for submission in own]


def _aim_at(case: Any, references: list[str], pick: int) -> None:
    """Point a generated case at one of the caller's real submissions."""
    reference = references[pick % len(references)]
    if "reference" in (case.path_parameters or {}):
        case.path_parameters["reference"] = reference
        if isinstance(case.body, dict) and "file" in case.body and pick == 0:
            case.body["file"] = PDF  # random bytes are rarely a type we accept
    elif isinstance(case.body, list):
        for item in case.body:
            if isinstance(item, dict) and "reference" in item:
                item["reference"] = reference


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(case=_cases(), aim=st.booleans(), pick=st.integers(0, 2))
async def test_every_answer_keeps_to_the_document(
    client: httpx.AsyncClient, token: TokenFactory, references: list[str],
    case: Any, aim: bool, pick: int,
) -> None:
    if aim:
        _aim_at(case, references, pick)
    request = case.as_transport_kwargs(base_url=API)
    request["headers"] = {k: v for k, v in request["headers"].items()
                          if k.lower() != "authorization"}
    # Technical-aid requests are SPOLIS' to report; everything else goes to VDI's submissions.
    caller = "spolis" if case.path == "/technical-aid-requests" else "vdi"
    request["headers"]["Authorization"] = f"Bearer {token(caller)}"
    # Encoded exactly as schemathesis' own transport (requests) would put it on the wire.
    prepared = requests.Request(**request).prepare()
    body = prepared.body
    assert body is None or isinstance(body, str | bytes)
    response = await client.request(
        prepared.method or "GET", prepared.url or API,
        headers={k: v if isinstance(v, str) else v.decode("latin-1")
                 for k, v in prepared.headers.items()},
        content=body.encode() if isinstance(body, str) else body)
    case.validate_response(response, checks=CHECKS)
