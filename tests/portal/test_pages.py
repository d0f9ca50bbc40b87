from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from eservices.registry import REGISTRY
from i18n.catalogs import use_locale
from portal.app import create_app
from portal.settings import Settings
from tests.support.signin import person, sign_in

pytestmark = pytest.mark.anyio


async def test_home_lists_every_registered_eservice_in_latvian(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert '<html lang="lv">' in response.text
    with use_locale("lv"):
        for service in REGISTRY:
            assert str(service.title) in response.text
    assert "Iesniegums Darba inspekcijai" in response.text


async def test_home_in_english(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers={"accept-language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in response.text
    with use_locale("en"):
        for service in REGISTRY:
            assert str(service.title) in response.text


@pytest.mark.parametrize(
    ("path", "latvian", "english"),
    [
        ("/accessibility", "Paziņojums par piekļūstamību", "Accessibility statement"),
        ("/privacy", "Privātuma paziņojums", "Privacy notice"),
    ],
)
async def test_statements_in_both_languages(
    client: httpx.AsyncClient, path: str, latvian: str, english: str
) -> None:
    lv = await client.get(path)
    en = await client.get(path, headers={"accept-language": "en"})
    assert lv.status_code == en.status_code == 200
    assert f'<h1 class="heading-xl">{latvian}</h1>' in lv.text
    assert f'<h1 class="heading-xl">{english}</h1>' in en.text


async def test_accessibility_statement_follows_the_eu_model(client: httpx.AsyncClient) -> None:
    text = (await client.get("/accessibility", headers={"accept-language": "en"})).text
    for section in (
        "Compliance status",
        "partially compliant",
        "Known limitations",
        "Feedback and contact information",
        "Enforcement procedure",
        "Preparation of this statement",
    ):
        assert section in text
    assert 'href="/accessibility/feedback"' in text


async def test_not_found_page_in_both_languages(client: httpx.AsyncClient) -> None:
    lv = await client.get("/nav-tadas-lapas")
    en = await client.get("/nav-tadas-lapas", headers={"accept-language": "en"})
    assert lv.status_code == en.status_code == 404
    assert "Lapa nav atrasta" in lv.text
    assert "Page not found" in en.text


async def test_server_error_page_in_both_languages(settings: Settings) -> None:
    app = create_app(settings)

    async def broken(request: object) -> None:
        raise RuntimeError("a bug")

    app.add_route("/broken", broken)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            lv = await http.get("/broken")
            en = await http.get("/broken", headers={"accept-language": "en"})
    assert lv.status_code == en.status_code == 500
    assert "Atvainojiet, pakalpojumā radās problēma" in lv.text
    assert "Sorry, there is a problem with the service" in en.text
    assert "a bug" not in lv.text
    assert "frame-ancestors 'none'" in lv.headers["content-security-policy"]


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "alive"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


async def test_readiness_fails_when_the_database_is_unreachable(settings: Settings) -> None:
    unreachable = settings.replace(database_url="postgresql+asyncpg://nobody@127.0.0.1:9/none")
    app = create_app(unreachable)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        ready = await http.get("/readyz")
        alive = await http.get("/healthz")
    assert ready.status_code == 503 and ready.json()["database"] == "unreachable"
    assert alive.status_code == 200


async def test_static_assets_are_served(client: httpx.AsyncClient) -> None:
    css = await client.get("/static/css/portal.css")
    assert css.status_code == 200 and "skip-link" in css.text


async def test_signed_in_home_links_only_services_the_subject_may_use(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    await sign_in(app, client, person("325781-40219", "Ilze", "Kalniņa"))
    page = (await client.get("/")).text
    assert 'href="/e/labour_complaint"' in page
    assert 'href="/e/remedied_violations"' not in page  # only for companies
    assert "Nav paredzēts: Ilze Kalniņa." in page and 'href="/acting-for"' in page


async def test_services_that_are_pages_link_to_their_own_page(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    await sign_in(app, client, person("325781-40219", "Ilze", "Kalniņa"))
    pages = {service.slug: app.router.url_path_for(service.page_route)
             for service in REGISTRY if service.available and service.page_route}
    assert pages, "the registry has services that are pages of their own"
    for listing in ("/", "/acting-for"):
        page = (await client.get(listing)).text
        for slug, path in pages.items():
            assert f'href="{path}"' in page, (listing, slug)
            assert f'href="/e/{slug}"' not in page, (listing, slug)
    for path in pages.values():
        assert (await client.get(path)).status_code == 200
