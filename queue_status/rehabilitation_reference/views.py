"""The person's pages: their social rehabilitation queues and their e-references.

    GET  /rehabilitation-queue                                   queue places, references
    POST /rehabilitation-queue/references                        issue an e-reference
    GET  /rehabilitation-queue/references/{id}                   one e-reference
    GET  /rehabilitation-queue/references/{id}/e-reference.pdf   its PDF

For the current subject: the person, or the child or ward they act for. A
reference about anyone else is a 404, as if it did not exist.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from adapters.errors import AdapterError
from eservices.registry import EService
from portal.database import db, utcnow
from portal.representation import Subject
from portal.representation.guard import service_and_subject
from portal.representation.subjects import signed_in_person
from portal.templating import render, route_path
from queue_status.rehabilitation_reference import service
from queue_status.rehabilitation_reference.codes import grouped
from queue_status.rehabilitation_reference.documents import guidance
from queue_status.rehabilitation_reference.forms import IssueForm
from queue_status.rehabilitation_reference.models import RehabilitationReference
from queue_status.rehabilitation_reference.pdf import VerificationLinks, reference_pdf
from queue_status.rehabilitation_reference.presentation import in_locale, reference_context

SLUG = "rehabilitation_queue_reference"
PRIVATE = {"cache-control": "no-store"}


def verification_links(request: Request, code: str) -> VerificationLinks:
    base = request.app.state.settings.base_url.rstrip("/")
    return VerificationLinks(
        page=base + str(route_path(request, "reference_verify")),
        direct=base + str(route_path(request, "reference_verify_code", code=grouped(code))))


async def queue(request: Request) -> Response:
    eservice, subject = await service_and_subject(request, SLUG)
    return await _queue_page(request, eservice, subject)


async def _queue_page(request: Request, eservice: EService, subject: Subject, *,
                      problem: str | None = None, status_code: int = 200) -> Response:
    references = await service.references_of(db(request), subject.identifier)
    try:
        places = await request.app.state.adapters.sris.queue_places(subject.identifier)
        unavailable = False
    except AdapterError:
        places, unavailable = [], True
        status_code = max(status_code, 503)
    return render(request, "rehabilitation_reference/queue.html", {
        "service": eservice, "subject": subject, "places": places,
        "unavailable": unavailable, "problem": problem, "references": references,
        "in_locale": in_locale, "guidance": guidance,
    }, status_code=status_code, headers=PRIVATE)


async def issue(request: Request) -> Response:
    eservice, subject = await service_and_subject(request, SLUG)
    form = await IssueForm.from_request(request)
    if not form.validate():
        raise HTTPException(400)
    person = signed_in_person(request.session)
    assert person is not None, "require_subject admits only signed-in people"
    issuer = service.Issuer(actor_personal_code=str(person["personal_code"]),
                            subject_kind=subject.kind.value,
                            personal_code=subject.identifier, name=subject.name)
    try:
        reference = await service.issue(db(request), request.app.state.adapters.sris, issuer,
                                        str(form.application_id.data), utcnow())
    except service.NoSuchPlace:
        return await _queue_page(request, eservice, subject, problem="gone", status_code=409)
    except AdapterError:
        return await _queue_page(request, eservice, subject, problem="unavailable",
                                 status_code=503)
    target = request.url_for("rehabilitation_reference", reference_id=reference.id).path
    return RedirectResponse(target + "?issued=1", status_code=303)


async def _own_reference(request: Request) -> tuple[EService, RehabilitationReference]:
    eservice, subject = await service_and_subject(request, SLUG)
    found = await service.reference_of(db(request), subject.identifier,
                                       request.path_params["reference_id"])
    if found is None:
        raise HTTPException(404)
    return eservice, found


async def reference(request: Request) -> Response:
    eservice, found = await _own_reference(request)
    return render(request, "rehabilitation_reference/reference.html", {
        "service": eservice, "reference": found, "code": grouped(found.code),
        "links": verification_links(request, found.code),
        "issued": request.query_params.get("issued") == "1",
        **reference_context(found),
    }, headers=PRIVATE)


async def reference_download(request: Request) -> Response:
    _eservice, found = await _own_reference(request)
    # Laying out the PDF takes a sixth of a second of CPU: not on the event loop, where
    # it would hold up every other request. The thread sees the request's language.
    content = await run_in_threadpool(reference_pdf, found,
                                      verification_links(request, found.code))
    name = f"e-izzina-{found.issued_at:%Y%m%d}-{found.id}.pdf"
    return Response(content, media_type="application/pdf", headers={
        **PRIVATE, "content-disposition": f'attachment; filename="{name}"'})
