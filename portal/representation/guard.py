"""What e-services call: may this subject use this e-service, and the guard for views.

    async def start(request: Request) -> Response:
        subject = await require_subject(request, SERVICE)
        ...

`require_subject` raises `SubjectRefused`, whose handler (registered in the app)
answers with the sign-in redirect or the explanation page it carries.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from eservices.registry import EService, SubjectKind
from eservices.submissions.flows import service_for
from i18n.catalogs import gettext as _
from portal.audit import AuditAction, record
from portal.database import db
from portal.representation.rights import current_subject
from portal.representation.subjects import Basis, Subject
from portal.templating import render


class SubjectRefused(Exception):
    """The request may not go on for the current subject; `response` says why."""

    def __init__(self, response: Response) -> None:
        super().__init__("subject refused")
        self.response = response


async def subject_refused(request: Request, exc: Exception) -> Response:
    """The app's exception handler for `SubjectRefused`."""
    assert isinstance(exc, SubjectRefused)
    return exc.response


def may_use(service: EService, subject: Subject) -> bool:
    """Whether `subject` may use `service`: its kind must be one the service declares,
    and a mandate must name the service."""
    if subject.kind not in service.subject_kinds:
        return False
    if subject.basis is Basis.MANDATE:
        return subject.services is not None and service.slug in subject.services
    return True


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + ("?" + request.url.query if request.url.query else "")
    location = request.url_for("login").path + "?" + urlencode({"next": target})
    return RedirectResponse(location, status_code=303)


def refusal_page(request: Request, title: str, explanation: str) -> Response:
    return render(request, "representation/not_allowed.html",
                  {"title": title, "explanation": explanation}, status_code=403,
                  headers={"cache-control": "no-store"})


def _explanation(service: EService, subject: Subject) -> str:
    if subject.basis is Basis.MANDATE and subject.kind in service.subject_kinds:
        return _("Your mandate from %(company)s does not cover this e-service. A board member "
                 "of the company can grant you a mandate that does.", company=subject.name)
    kinds = service.subject_kinds
    if kinds == {SubjectKind.COMPANY}:
        return _("This e-service is only for companies. Switch to acting for a company.")
    if kinds == {SubjectKind.SELF}:
        return _("This e-service can only be used for yourself, not for someone you "
                 "represent. Switch to acting for yourself.")
    if kinds == {SubjectKind.SELF, SubjectKind.CHILD_OR_WARD}:
        return _("This e-service is for yourself or for your child or ward, not for a "
                 "company. Switch to acting for yourself or for your child or ward.")
    if kinds == {SubjectKind.SELF, SubjectKind.COMPANY}:
        return _("This e-service is for yourself or for a company, not for a child or ward. "
                 "Switch to acting for yourself or for a company.")
    return _("You cannot use this e-service while acting for %(name)s. Switch to acting for "
             "someone else.", name=subject.name)


async def require_subject(request: Request, service: EService) -> Subject:
    """The current subject, if it may use `service`; otherwise raise `SubjectRefused`
    with a redirect to sign in (anonymous) or a 403 page saying what to switch to.

    Every use of a mandate is written to the audit log.
    """
    subject = current_subject(request)
    if subject is None:
        raise SubjectRefused(sign_in_redirect(request))
    if not may_use(service, subject):
        raise SubjectRefused(refusal_page(
            request, _("You cannot use this e-service for %(name)s", name=subject.name),
            _explanation(service, subject)))
    if subject.basis is Basis.MANDATE:
        person = request.session["person"]
        await record(db(request), actor=str(person["personal_code"]), subject=subject,
                     action=AuditAction.MANDATE_USED,
                     detail=f"mandate {subject.mandate_id}: {service.slug}")
    return subject


async def service_and_subject(request: Request, slug: str) -> tuple[EService, Subject]:
    """For an e-service with pages of its own: the service named `slug` (404 when it is
    missing or not available) and the subject, as `require_subject` admits them."""
    service = service_for(request.app.state.registry, slug)
    if service is None or not service.available:
        raise HTTPException(404)
    return service, await require_subject(request, service)
