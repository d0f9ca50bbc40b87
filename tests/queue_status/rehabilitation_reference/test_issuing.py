"""Preparing an e-reference, what it stores and audits, and its PDF for its subject only."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from pypdf import PdfReader
from starlette.applications import Starlette

from adapters.demo_people import ANNA_BERZINA, ELZA_KALNINA, ILZE_KALNINA, JANIS_OZOLS
from portal.audit.models import AuditEvent
from queue_status.rehabilitation_reference import codes
from tests.portal.auth.browser import post_form
from tests.portal.representation.signing_in import (
    act_for,
    audit_entries,
    in_english,
    sign_in,
)
from tests.queue_status.rehabilitation_reference.helpers import (
    ISSUE,
    QUEUE,
    fake_sris,
    issue,
    issued_reference,
    references,
)

pytestmark = pytest.mark.anyio


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The fonts of the first page that the file carries itself (subset: "ABCDEF+Name")."""
    found = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():  # type: ignore[index]
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        if "/FontFile2" in descendant["/FontDescriptor"].get_object():
            found.add(str(descendant["/BaseFont"]).split("+", 1)[-1])
    return found


def reference_path(reference_id: int, pdf: bool = False) -> str:
    path = f"/rehabilitation-queue/references/{reference_id}"
    return path + "/e-reference.pdf" if pdf else path


async def test_prepare_an_e_reference(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    reference_id = await issued_reference(client, "SR-2026-00412")

    [stored] = await references(app)
    assert stored.id == reference_id
    assert (stored.personal_code, stored.person_name, stored.subject_kind) == (
        JANIS_OZOLS.personal_code, JANIS_OZOLS.full_name, "self")
    assert stored.issued_by_personal_code == JANIS_OZOLS.personal_code
    assert (stored.application_id, stored.position, stored.queue_size) == (
        "SR-2026-00412", 143, 612)
    assert stored.service_name_lv == "Sociālā rehabilitācija institūcijā"
    assert [(d["code"], d["received"]) for d in stored.documents] == [
        ("application", True), ("family_doctor_statement", False),
        ("functioning_assessment", True)]
    assert codes.normalise(stored.code) == stored.code
    assert stored.code_sha256 == codes.digest(stored.code)

    page = await client.get(reference_path(reference_id) + "?issued=1")
    assert page.status_code == 200
    assert codes.grouped(stored.code) in page.text
    assert f"http://testserver/verify/{codes.grouped(stored.code)}" in page.text
    assert JANIS_OZOLS.personal_code in page.text  # its owner sees the whole code
    assert reference_path(reference_id, pdf=True) in page.text

    [event] = [e for e in await audit_entries(app) if e.action == "reference_issued"]
    assert isinstance(event, AuditEvent)
    assert (event.actor_personal_code, event.subject_identifier) == (
        JANIS_OZOLS.personal_code, JANIS_OZOLS.personal_code)
    assert event.detail == f"rehabilitation reference {reference_id}"

    listed = await client.get(QUEUE)
    assert reference_path(reference_id, pdf=True) in listed.text


async def test_every_reference_gets_its_own_code(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ANNA_BERZINA)
    await issued_reference(client, "SR-2026-00388")
    await issued_reference(client, "SR-2026-00388")
    first, second = await references(app)
    assert first.code != second.code and first.code_sha256 != second.code_sha256


async def test_the_pdf_in_latvian(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    reference_id = await issued_reference(client, "SR-2026-00412")
    [stored] = await references(app)
    response = await client.get(reference_path(reference_id, pdf=True))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert re.fullmatch(r'attachment; filename="e-izzina-\d{8}-\d+\.pdf"',
                        response.headers["content-disposition"])
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    assert embedded_fonts(reader) == {"DejaVuSansBook", "DejaVuSansBold"}
    text = pdf_text(response.content)
    for expected in ("Rindas e-izziņa", "Jānis Ozols", JANIS_OZOLS.personal_code,
                     "Sociālā rehabilitācija institūcijā", "143 no 612",
                     "Ģimenes ārsta izziņa", "Funkcionēšanas novērtējums",
                     codes.grouped(stored.code),
                     f"http://testserver/verify/{codes.grouped(stored.code)}",
                     "http://testserver/verify"):
        assert expected in text, expected


async def test_the_pdf_in_english(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    reference_id = await issued_reference(client, "SR-2026-00412")
    in_english(client)
    text = pdf_text((await client.get(reference_path(reference_id, pdf=True))).content)
    assert "Social rehabilitation queue e-reference" in text
    assert "Social rehabilitation in an institution" in text and "143 of 612" in text
    assert "Family doctor's statement" in text


async def test_a_parent_prepares_one_for_a_child(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE_KALNINA)
    assert (await act_for(client, f"child_or_ward:{ELZA_KALNINA.personal_code}")
            ).status_code == 303
    reference_id = await issued_reference(client, "SR-2026-00603")
    [stored] = await references(app)
    assert (stored.personal_code, stored.subject_kind, stored.issued_by_personal_code) == (
        ELZA_KALNINA.personal_code, "child_or_ward", ILZE_KALNINA.personal_code)
    [event] = [e for e in await audit_entries(app) if e.action == "reference_issued"]
    assert (event.actor_personal_code, event.subject_kind, event.subject_identifier) == (
        ILZE_KALNINA.personal_code, "child_or_ward", ELZA_KALNINA.personal_code)
    assert (await client.get(reference_path(reference_id, pdf=True))).status_code == 200

    # Back to acting for herself: the child's reference is not hers.
    assert (await act_for(client, f"self:{ILZE_KALNINA.personal_code}")).status_code == 303
    assert (await client.get(reference_path(reference_id))).status_code == 404
    assert (await client.get(reference_path(reference_id, pdf=True))).status_code == 404


async def test_someone_elses_reference_is_not_found(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    reference_id = await issued_reference(client, "SR-2026-00412")
    client.cookies.clear()
    await sign_in(app, client, ANNA_BERZINA)
    for path in (reference_path(reference_id), reference_path(reference_id, pdf=True),
                 reference_path(reference_id + 1000)):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert JANIS_OZOLS.full_name not in response.text
    assert f"/references/{reference_id}" not in (await client.get(QUEUE)).text


async def test_only_the_subjects_own_places_can_be_referenced(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    # Anna's application, posted by hand: SRIS does not list it among Jānis's.
    response = await issue(client, "SR-2026-00388")
    assert response.status_code == 409
    assert "netika sagatavota" in response.text
    assert await references(app) == []


async def test_without_the_csrf_token_nothing_is_prepared(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    response = await client.post(ISSUE, data={"application_id": "SR-2026-00412"})
    assert response.status_code == 403
    assert await references(app) == []


async def test_sris_down_while_preparing_stores_nothing(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    page = await client.get(QUEUE)
    form = post_form(page, ISSUE)
    fake_sris(app).fail_with()
    response = await client.post(ISSUE, data={**form.fields,
                                              "application_id": "SR-2026-00412"})
    assert response.status_code == 503
    assert "netika sagatavota" in response.text and "nekas netika sagatavots" in response.text
    assert await references(app) == []
    assert [e for e in await audit_entries(app) if e.action == "reference_issued"] == []
