"""A board member, acting for the company, grants, lists and revokes its mandates.

Pages about one mandate answer 404 unless the current subject is the company that
granted it, acted for by a board member with sole signing rights: a number tried
by anyone else confirms nothing. Granting and revoking ask the Enterprise
Register afresh whether the person may still represent the company alone.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from adapters.errors import AdapterError, NotFound
from adapters.population_register.base import Person
from eservices.registry import SubjectKind
from i18n.catalogs import gettext as _
from portal.audit import AuditAction, record
from portal.database import db
from portal.mandates import records
from portal.mandates.forms import COMPANY_SERVICES, MandateForm
from portal.mandates.models import Mandate
from portal.pages.errors import render_error
from portal.representation import clock
from portal.representation.guard import SubjectRefused, refusal_page, sign_in_redirect
from portal.representation.rights import SCOPE_KEY, available_subjects, current_subject
from portal.representation.subjects import Basis, Subject
from portal.settings import Settings
from portal.templating import render

PRIVATE = {"cache-control": "no-store"}
SERVICE_TITLES = {service.slug: service.title for service in COMPANY_SERVICES}


def service_names(slugs: list[str]) -> str:
    return "; ".join(str(SERVICE_TITLES.get(slug, slug)) for slug in slugs)


def _is_board_member_for_company(subject: Subject | None) -> bool:
    return (subject is not None and subject.kind is SubjectKind.COMPANY
            and subject.basis is Basis.BOARD_MEMBER)


async def _managing(request: Request, *, for_object: bool = False) -> Subject:
    """The company whose mandates the person manages, or `SubjectRefused`.

    For pages about one mandate (`for_object`) a refusal is the 404 page; for the
    list and the grant form it explains who may manage mandates.
    """
    subject = current_subject(request)
    if subject is None:
        raise SubjectRefused(sign_in_redirect(request))
    if request.method == "POST" and _is_board_member_for_company(subject):
        # A change on the company's behalf: the register is asked again, not its
        # answer from a few minutes ago.
        fresh = {s.key: s for s in await available_subjects(request)}
        if not request.scope[SCOPE_KEY].complete:
            raise SubjectRefused(render_error(request, 503))
        subject = fresh.get(subject.key)
    if _is_board_member_for_company(subject):
        assert subject is not None
        return subject
    if for_object:
        raise HTTPException(404)
    raise SubjectRefused(refusal_page(
        request, _("Only a board member can manage mandates"),
        _("A company's mandates are granted and revoked by a board member who may represent "
          "the company alone, while acting for the company. If you are one, switch to acting "
          "for the company.")))


def _actor(request: Request) -> str:
    return str(request.session["person"]["personal_code"])


def _status(mandate: Mandate) -> str:
    if mandate.revoked_at is not None:
        return _("Revoked")
    return _("Valid") if mandate.in_force(clock.today()) else _("Expired")


async def mandate_list(request: Request) -> Response:
    company = await _managing(request)
    mandates = await records.of_company(db(request), company.identifier)
    return render(request, "mandates/list.html", {
        "company": company, "mandates": mandates, "status": _status,
        "service_names": service_names}, headers=PRIVATE)


async def _holder(request: Request, form: MandateForm, company: Subject) -> Person | None:
    """The person the mandate is for, confirmed by the Population Register; None after
    adding an error to the form."""
    code = form.holder_code
    assert code is not None
    errors = form.personal_code.errors
    assert isinstance(errors, list)
    if code == _actor(request):
        errors.append(_("You cannot give a mandate to yourself"))
        return None
    try:
        person = await request.app.state.adapters.population_register.get_person(code)
    except NotFound:
        errors.append(_("The Population Register has no person with this personal code. "
                        "Check the code."))
        return None
    except AdapterError:
        errors.append(_("The Population Register did not answer. Try again in a few minutes."))
        return None
    held = await records.held_by(db(request), code, clock.today())
    if any(m.company_registration_number == company.identifier for m in held):
        errors.append(_("This person already has a mandate for %(company)s. Revoke it first to "
                        "grant a different one.", company=company.name))
        return None
    assert isinstance(person, Person)
    return person


async def mandate_new(request: Request) -> Response:
    company = await _managing(request)
    settings: Settings = request.app.state.settings
    form = MandateForm(formdata=await request.form() if request.method == "POST" else None,
                       max_years=settings.mandate_max_years)
    posted: Any = await request.form() if request.method == "POST" else {}
    changing = posted.get("change") == "yes"
    if request.method == "POST" and not changing and form.validate():
        person = await _holder(request, form, company)
        if person is not None:
            if posted.get("confirm") == "yes":
                return await _grant(request, form, company, person)
            return render(request, "mandates/confirm.html", {
                "form": form, "company": company, "holder": person,
                "service_names": service_names}, headers=PRIVATE)
    failed = request.method == "POST" and not changing
    return render(request, "mandates/new.html", {"form": form, "company": company},
                  status_code=400 if failed else 200, headers=PRIVATE)


async def _grant(request: Request, form: MandateForm, company: Subject,
                 person: Person) -> Response:
    assert form.expires_on.data is not None
    mandate = Mandate(
        company_registration_number=company.identifier,
        company_name=company.name,
        holder_personal_code=person.personal_code,
        holder_name=person.full_name,
        services=[slug for slug in SERVICE_TITLES if slug in set(form.services.data or ())],
        expires_on=form.expires_on.data,
        granted_by_personal_code=_actor(request),
        granted_at=clock.now(),
    )
    session = db(request)
    session.add(mandate)
    await session.flush()
    await record(session, actor=_actor(request), subject=company,
                 action=AuditAction.MANDATE_GRANTED, detail=f"mandate {mandate.id}")
    url = request.url_for("mandate_detail", mandate_id=mandate.id).path + "?granted=1"
    return RedirectResponse(url, status_code=303)


async def _company_mandate(request: Request) -> tuple[Subject, Mandate]:
    company = await _managing(request, for_object=True)
    mandate = await records.one_of_company(db(request), company.identifier,
                                           int(request.path_params["mandate_id"]))
    if mandate is None:
        raise HTTPException(404)
    return company, mandate


async def mandate_detail(request: Request) -> Response:
    company, mandate = await _company_mandate(request)
    return render(request, "mandates/detail.html", {
        "company": company, "mandate": mandate, "status": _status(mandate),
        "in_force": mandate.in_force(clock.today()), "service_names": service_names,
        "granted": request.query_params.get("granted") == "1",
        "revoked": request.query_params.get("revoked") == "1",
    }, headers=PRIVATE)


async def mandate_revoke(request: Request) -> Response:
    company, mandate = await _company_mandate(request)
    if mandate.revoked_at is None:
        mandate.revoked_at = clock.now()
        mandate.revoked_by_personal_code = _actor(request)
        await db(request).flush()
        await record(db(request), actor=_actor(request), subject=company,
                     action=AuditAction.MANDATE_REVOKED, detail=f"mandate {mandate.id}")
    url = request.url_for("mandate_detail", mandate_id=mandate.id).path + "?revoked=1"
    return RedirectResponse(url, status_code=303)
