"""/acting-for: whom the signed-in person acts for, and the switch (also posted from
the header). Switching asks the registers afresh, writes the audit log and changes
nothing else in the session: no new session id, no new CSRF token."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from wtforms.fields.choices import SelectChoice

from eservices.registry import REGISTRY
from i18n.catalogs import lazy_gettext as _l
from portal.audit import AuditAction, record
from portal.database import db
from portal.representation.forms import SwitchForm
from portal.representation.guard import may_use, sign_in_redirect
from portal.representation.rights import (
    SCOPE_KEY,
    Representation,
    available_subjects,
    choose,
    current_subject,
)
from portal.representation.subjects import Basis, Subject
from portal.templating import render

NOT_YOURS = _l("You cannot act for the one you chose. Choose someone from the list.")


def _audit_detail(subject: Subject) -> str:
    if subject.basis is Basis.MANDATE:
        return f"mandate {subject.mandate_id}"
    return subject.basis.value


async def acting_for(request: Request) -> Response:
    subjects = await available_subjects(request)
    current = current_subject(request)
    if current is None:
        return sign_in_redirect(request)
    form = await SwitchForm.from_request(request)
    form.subject.choices = [SelectChoice(subject.key, subject.label) for subject in subjects]
    if request.method == "POST" and form.validate():
        # Never trust the posted key: only a subject checked just now can be chosen.
        checked: Representation = request.scope[SCOPE_KEY]
        chosen = next((s for s in subjects if s.key == form.subject.data
                       and s.key not in checked.unverified), None)
        if chosen is None:
            form.subject.errors = [NOT_YOURS]
        else:
            if chosen.key != current.key:
                choose(request, chosen)
                await record(db(request), actor=current_person_code(request), subject=chosen,
                             action=AuditAction.SUBJECT_SWITCHED, detail=_audit_detail(chosen))
            return RedirectResponse(request.url_for("acting_for").path + "?switched=1",
                                    status_code=303)
    if request.method == "GET":
        form.subject.data = current.key
    failed = request.method == "POST"
    return render(request, "representation/acting_for.html", {
        "form": form,
        "current": current,
        "switched": request.query_params.get("switched") == "1" and not failed,
        "services": [service for service in REGISTRY if may_use(service, current)],
        "complete": request.scope[SCOPE_KEY].complete,
        "Basis": Basis,
    }, status_code=400 if failed else 200, headers={"cache-control": "no-store"})


def current_person_code(request: Request) -> str:
    return str(request.session["person"]["personal_code"])
