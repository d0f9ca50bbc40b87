"""The sample e-service, an app that offers it, and a client for it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from eservices.registry import REGISTRY, BackOffice, EService, SubjectKind
from i18n.catalogs import lazy_gettext as _l
from portal.app import create_app
from portal.settings import Settings
from tests.conftest import BASE_URL, check_page_invariants
from tests.support.signin import person

SAMPLE = EService(
    slug="sample", title=_l("Welfare e-services"), summary=_l("Services"),
    reference_prefix="SMP", institution=_l("State Labour Inspectorate"),
    subject_kinds=frozenset({SubjectKind.SELF}), destination=BackOffice.VDI,
    package="tests.eservices.submissions.sample_service",
)
ILZE = person("325781-40219", "Ilze", "Kalniņa")
JANIS = person("031158-15239", "Jānis", "Ozols")
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
async def sample_app(settings: Settings, app: Starlette) -> AsyncIterator[Starlette]:
    # `app` (unused here) empties the tables after the test; this one adds the sample.
    application = create_app(settings, registry=[*REGISTRY, SAMPLE])
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def web(sample_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sample_app), base_url=BASE_URL,
                                 event_hooks={"response": [check_page_invariants]}) as http:
        yield http


def token_of(page: httpx.Response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text[:500]
    return match.group(1)


async def post_step(web: httpx.AsyncClient, step: str, data: dict[str, str],
                    files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
                    query: str = "") -> httpx.Response:
    page = await web.get(f"/e/sample/{step}{query}")
    assert page.status_code == 200, page.text[:300]
    return await web.post(f"/e/sample/{step}{query}", data={"csrf_token": token_of(page), **data},
                          files=files)


