"""The submission life cycle, shared by every e-service.

    GET  /e/{service}                      start page (continue a draft or start)
    GET  /e/{service}/{step}               one step of the form, pre-filled from the draft
    POST /e/{service}/{step}               validate, save the draft, go on (or back to check)
    GET  /e/{service}/check                check your answers, with change links
    POST /e/{service}/check                submit: one transaction, one outbox row
    POST /e/{service}/discard              delete the draft
    GET  /submissions                      "My submissions" and drafts of the current subject
    GET  /submissions/{id}                 status timeline and answers
    GET  /submissions/{id}/confirmation    reference number after submitting
    GET  /submissions/{id}/receipt         printable receipt (?download=1 for a file)

Everything is scoped to the current subject: another subject's ids are 404.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from eservices.attachments import (
    AttachmentStorage,
    MalformedUpload,
    UploadTooLarge,
    receive_upload,
)
from eservices.registry import EService
from eservices.submissions import drafts
from eservices.submissions.flow import (
    Answers,
    Preparation,
    Step,
    StepInput,
    SubmissionFlow,
    restore,
    serialise,
)
from eservices.submissions.flows import flow_for, service_for
from eservices.submissions.models import Attachment, Draft, Submission
from eservices.submissions.presentation import (
    Section,
    missing_attachment_message,
    rejection_message,
    summary_sections,
)
from eservices.submissions.receipt import receipt_text
from eservices.submissions.service import Submitter, submit_draft
from i18n.catalogs import get_locale
from portal.address_field import AddressField, resolve_addresses
from portal.database import db, utcnow
from portal.forms import PortalForm
from portal.representation import Subject, current_subject, require_subject
from portal.representation.guard import SubjectRefused, sign_in_redirect
from portal.representation.subjects import signed_in_person
from portal.templating import render
from portal.usage_metrics import CHECK_STEP, UsageEvent, record_request_usage, satisfaction_link


def _keep_for(request: Request) -> timedelta:
    return timedelta(days=request.app.state.settings.draft_retention_days)


def _storage(request: Request) -> AttachmentStorage:
    storage: AttachmentStorage = request.app.state.storage
    return storage


Found = tuple[EService, SubmissionFlow, Subject]


async def _service_and_subject(request: Request) -> Found:
    service = service_for(request.app.state.registry, request.path_params["service"])
    if service is None or (flow := flow_for(service)) is None:
        raise HTTPException(404)
    return service, flow, await require_subject(request, service)


def _signed_in_subject(request: Request) -> Subject:
    subject = current_subject(request)
    if subject is None:
        raise SubjectRefused(sign_in_redirect(request))
    return subject


def _actor(request: Request) -> dict[str, Any]:
    person = signed_in_person(request.session)
    assert person is not None, "require_subject admits only signed-in people"
    return person


async def _current_draft(request: Request, service: EService, subject: Subject) -> Draft | None:
    return await drafts.find_draft(db(request), service_slug=service.slug,
                                   subject_kind=subject.kind, subject_id=subject.identifier,
                                   now=utcnow())


def _url(request: Request, name: str, **params: Any) -> str:
    return str(request.url_for(name, **params).path)


async def start(request: Request) -> Response:
    service, flow, subject = await _service_and_subject(request)
    draft = await _current_draft(request, service, subject)
    return render(request, "submissions/start.html", {
        "service": service, "flow": flow, "subject": subject, "draft": draft,
        "first_step": flow.steps[0],
    })


async def step(request: Request) -> Response:
    service, flow, subject = await _service_and_subject(request)
    current = flow.step(request.path_params["step"])
    if current is None:
        raise HTTPException(404)
    now = utcnow()
    draft = await _current_draft(request, service, subject)
    if draft is None:
        if current is not flow.steps[0]:
            return RedirectResponse(_url(request, "eservice_start", service=service.slug), 303)
        if request.method != "POST":  # a draft begins with the first answer, not a look
            prepared = await _prepare(request, subject, current, {}, None)
            return _render_step(request, service, flow, subject, current,
                                (prepared.form or current.form)(), answers={}, attached=[],
                                file_errors=[], extra=prepared.context)
        draft = await drafts.start_draft(
            db(request), service_slug=service.slug, subject_kind=subject.kind,
            subject_id=subject.identifier, actor_personal_code=_actor(request)["personal_code"],
            now=now, keep_for=_keep_for(request))
        await record_request_usage(request, service_slug=service.slug, event=UsageEvent.STARTED,
                                   draft_id=draft.id, step=current.slug, now=now)
    answers = draft.answers
    if not current.is_needed(answers):
        raise HTTPException(404)

    file_errors: list[str] = []
    formdata: FormData | None = None
    if request.method == "POST":
        if current.attachments is not None:
            try:
                upload = await receive_upload(
                    request, _storage(request), limits=current.attachments.limits,
                    scanner=request.app.state.adapters.virus_scanner)
            except UploadTooLarge:
                raise HTTPException(413) from None
            except MalformedUpload:
                raise HTTPException(400) from None
            formdata = upload.fields
            file_errors = [rejection_message(r, current.attachments) for r in upload.rejected]
            for stored in upload.stored:
                db(request).add(Attachment(
                    draft_id=draft.id, field_name=stored.field_name, storage_key=stored.key,
                    filename=stored.filename, size=stored.size,
                    content_type=str(stored.content_type), sha256=stored.sha256,
                    scan_status=str(stored.scan), uploaded_at=now))
            await db(request).flush()
        else:
            formdata = await request.form()

    prepared = await _prepare(request, subject, current, answers, formdata)
    form = (prepared.form or current.form)(
        formdata=formdata, data=restore(current.form, answers.get(current.slug)))
    has_address = any(isinstance(f, AddressField) for f in form)
    if formdata is not None and has_address and await resolve_addresses(
            form, request.app.state.adapters.address_register):
        # "Find address" was pressed: the step again with the register's matches,
        # neither validated (no errors for fields not filled in yet) nor saved.
        attached = await drafts.draft_attachments(db(request), draft.id)
        return _render_step(request, service, flow, subject, current, form,
                            answers=answers, attached=attached, file_errors=file_errors,
                            extra=prepared.context)
    if formdata is not None:
        valid = form.validate()
        removed = await _remove_attachments(request, draft, formdata)
        attached = await drafts.draft_attachments(db(request), draft.id)
        rule = current.attachments
        if (rule is not None and rule.required and not rule.files_among(attached)
                and not file_errors):
            file_errors.append(missing_attachment_message(rule))
        if valid and not file_errors and not removed and "upload_more" not in formdata:
            drafts.save_step(draft, current.slug, serialise(form), now=now,
                             keep_for=_keep_for(request))
            await db(request).flush()
            # On to the first step still unanswered; once all are, to the check page
            # (which is also where a change link returns to).
            missing = flow.first_unanswered(draft.answers)
            if missing is None:
                return RedirectResponse(_url(request, "eservice_check", service=service.slug), 303)
            return RedirectResponse(
                _url(request, "eservice_step", service=service.slug, step=missing.slug), 303)
        if valid and not file_errors:
            # Files were added or removed: show the step again with the new list.
            drafts.save_step(draft, current.slug, serialise(form), now=now,
                             keep_for=_keep_for(request))
            return RedirectResponse(request.url.path + ("?" + request.url.query
                                                        if request.url.query else ""), 303)
        drafts.save_step(draft, current.slug, serialise(form), now=now,
                         keep_for=_keep_for(request))

    attached = await drafts.draft_attachments(db(request), draft.id)
    await record_request_usage(request, service_slug=service.slug, event=UsageEvent.STEP,
                               draft_id=draft.id, step=current.slug, now=now)
    return _render_step(request, service, flow, subject, current, form,
                        answers=draft.answers, attached=attached, file_errors=file_errors,
                        extra=prepared.context)


async def _prepare(request: Request, subject: Subject, current: Step, answers: Answers,
                   formdata: FormData | None) -> Preparation:
    if current.prepare is None:
        return Preparation()
    return await current.prepare(StepInput(request, subject, answers, formdata))


def _render_step(request: Request, service: EService, flow: SubmissionFlow, subject: Subject,
                 current: Step, form: PortalForm, *, answers: dict[str, Any],
                 attached: list[Attachment], file_errors: list[str],
                 extra: Mapping[str, Any]) -> Response:
    number, total = flow.position(current, answers)
    return render(request, current.template, {
        **extra,
        "service": service, "flow": flow, "step": current, "form": form, "subject": subject,
        "number": number, "total": total, "attached": attached, "file_errors": file_errors,
        # The files of this step's own rule (a draft may have files on several steps).
        "step_attached": current.attachments.files_among(attached) if current.attachments else [],
        "back_url": _back_url(request, service, flow, current, answers),
    }, status_code=400 if (form.errors or file_errors) else 200)


async def _remove_attachments(request: Request, draft: Draft, formdata: FormData) -> bool:
    ids = [int(str(v)) for v in formdata.getlist("remove_attachment") if str(v).isdigit()]
    if not ids:
        return False
    rows = list(await db(request).scalars(
        select(Attachment).where(Attachment.draft_id == draft.id, Attachment.id.in_(ids))))
    for row in rows:
        await db(request).delete(row)
        await _storage(request).delete(row.storage_key)
    await db(request).flush()
    return bool(rows)


def _back_url(request: Request, service: EService, flow: SubmissionFlow, current: Step,
              answers: dict[str, Any]) -> str:
    needed = flow.needed_steps(answers)
    if current in needed and needed.index(current) > 0:
        previous = needed[needed.index(current) - 1]
        return _url(request, "eservice_step", service=service.slug, step=previous.slug)
    return _url(request, "eservice_start", service=service.slug)


async def check(request: Request) -> Response:
    service, flow, subject = await _service_and_subject(request)
    draft = await _current_draft(request, service, subject)
    if request.method == "POST":
        form = await request.form()
        draft_id = str(form.get("draft_id", ""))
        if draft is None or draft.id != draft_id:
            done = await db(request).scalar(select(Submission).where(
                Submission.draft_id == draft_id, Submission.subject_kind == subject.kind,
                Submission.subject_id == subject.identifier))
            if done is not None:  # a double submit: show the one submission made
                return RedirectResponse(
                    _url(request, "submission_confirmation", submission_id=done.id), 303)
            return RedirectResponse(_url(request, "eservice_start", service=service.slug), 303)
        missing = flow.first_unanswered(draft.answers)
        if missing is not None:
            return RedirectResponse(
                _url(request, "eservice_step", service=service.slug, step=missing.slug), 303)
        draft_id, started_at = draft.id, draft.created_at
        submission = await submit_draft(
            db(request), service=service, draft=draft,
            submitter=Submitter(
                subject_kind=subject.kind.value, subject_id=subject.identifier,
                subject_name=subject.name,
                actor_personal_code=str(_actor(request)["personal_code"]),
                actor_name=str(_actor(request)["name"]), representation=subject.basis.value),
            locale=get_locale(), now=utcnow(),
            answer_channel=flow.answer(draft.answers, flow.channel_answer) or "portal",
            contact_email=flow.answer(draft.answers, flow.email_answer),
        )
        await record_request_usage(request, service_slug=service.slug,
                                   event=UsageEvent.SUBMITTED, draft_id=draft_id,
                                   started_at=started_at)
        return RedirectResponse(
            _url(request, "submission_confirmation", submission_id=submission.id), 303)
    if draft is None:
        return RedirectResponse(_url(request, "eservice_start", service=service.slug), 303)
    missing = flow.first_unanswered(draft.answers)
    if missing is not None:
        return RedirectResponse(
            _url(request, "eservice_step", service=service.slug, step=missing.slug), 303)
    attached = await drafts.draft_attachments(db(request), draft.id)
    await record_request_usage(request, service_slug=service.slug, event=UsageEvent.STEP,
                               draft_id=draft.id, step=CHECK_STEP)
    return render(request, "submissions/check.html", {
        "service": service, "flow": flow, "subject": subject, "draft": draft,
        "sections": _sections(request, service, flow, draft.answers, attached, editable=True),
    })


def _sections(request: Request, service: EService, flow: SubmissionFlow, answers: Answers,
              attachments: Sequence[Attachment], *, editable: bool) -> list[Section]:
    """The summary, with the rows of steps that read their answers back themselves."""
    sections = summary_sections(request, service, flow, answers, attachments,
                                editable=editable)
    # One section per needed step, in the same order (see `summary_sections`).
    for index, current in enumerate(flow.needed_steps(answers)):
        if current.summarise is None or index >= len(sections):
            continue
        change = sections[index].rows[0][2] if sections[index].rows else None
        rows = current.summarise(answers.get(current.slug) or {}, attachments)
        sections[index] = Section(sections[index].title,
                                  [(label, value, change, label) for label, value in rows])
    return sections


async def discard(request: Request) -> Response:
    service, _flow, subject = await _service_and_subject(request)
    draft = await _current_draft(request, service, subject)
    if draft is not None:
        for key in await drafts.discard_draft(db(request), draft):
            await _storage(request).delete(key)
    return RedirectResponse(_url(request, "eservice_start", service=service.slug), 303)


async def own_submission(request: Request) -> tuple[Submission, Subject]:
    subject = _signed_in_subject(request)
    submission = await db(request).scalar(select(Submission).where(
        Submission.id == request.path_params["submission_id"],
        Submission.subject_kind == subject.kind, Submission.subject_id == subject.identifier))
    if submission is None:
        raise HTTPException(404)
    return submission, subject


async def confirmation(request: Request) -> Response:
    submission, _subject = await own_submission(request)
    service = service_for(request.app.state.registry, submission.service_slug)
    survey_url = satisfaction_link(request, service_slug=submission.service_slug,
                                   draft_id=submission.draft_id)
    return render(request, "submissions/confirmation.html",
                  {"submission": submission, "service": service, "survey_url": survey_url})


async def detail(request: Request) -> Response:
    submission, subject = await own_submission(request)
    service = service_for(request.app.state.registry, submission.service_slug)
    flow = flow_for(service) if service else None
    sections = (_sections(request, service, flow, submission.answers,
                          submission.attachments, editable=False)
                if service and flow and submission.purged_at is None else [])
    return render(request, "submissions/detail.html", {
        "submission": submission, "service": service, "sections": sections, "subject": subject})


async def receipt(request: Request) -> Response:
    submission, _subject = await own_submission(request)
    service = service_for(request.app.state.registry, submission.service_slug)
    flow = flow_for(service) if service else None
    sections = (_sections(request, service, flow, submission.answers,
                          submission.attachments, editable=False)
                if service and flow and submission.purged_at is None else [])
    if request.query_params.get("download"):
        return PlainTextResponse(
            receipt_text(submission, service, sections),
            headers={"content-disposition":
                     f'attachment; filename="{submission.reference}.txt"'})
    return render(request, "submissions/receipt.html",
                  {"submission": submission, "service": service, "sections": sections})


async def my_submissions(request: Request) -> Response:
    subject = _signed_in_subject(request)
    submissions = list(await db(request).scalars(
        select(Submission)
        .where(Submission.subject_kind == subject.kind,
               Submission.subject_id == subject.identifier)
        .order_by(Submission.submitted_at.desc())))
    pending = await drafts.drafts_of(db(request), subject_kind=subject.kind,
                                     subject_id=subject.identifier, now=utcnow())
    registry = request.app.state.registry
    return render(request, "submissions/list.html", {
        "submissions": [(s, service_for(registry, s.service_slug)) for s in submissions],
        "drafts": [(d, service_for(registry, d.service_slug)) for d in pending],
        "subject": subject,
    })
