"""The words of an answer notification, in the language the person used to submit.

An e-mail travels and rests unencrypted, so it only says that an answer arrived
and where to read it: no answer text, no file, no personal code. The official
e-address is the state's secure mailbox, so there the answer's text is included;
files stay in the portal either way (the link says so).
"""

from __future__ import annotations

from adapters.e_address.base import EAddressMessage, RecipientKind
from adapters.email.base import EmailMessage
from eservices.registry import by_slug
from eservices.submissions.models import Answer, Submission
from i18n.catalogs import gettext as _
from i18n.catalogs import use_locale


def my_submissions_url(portal_url: str) -> str:
    return f"{portal_url.rstrip('/')}/submissions" if portal_url else ""


def _received_line(submission: Submission) -> str:
    service = by_slug(submission.service_slug)
    if service is None:
        return _("An answer to your submission %(reference)s has arrived.",
                 reference=submission.reference)
    return _(
        "An answer to your submission %(reference)s (%(service)s) has arrived from: "
        "%(institution)s.",
        reference=submission.reference,
        service=str(service.title),
        institution=str(service.institution),
    )


def _sign_in_line(answer: Answer, url: str) -> str:
    if answer.file_key:
        return _("The answer has a file attached. Sign in to the portal to read the answer "
                 "and download the file: %(url)s", url=url or _("Welfare e-services"))
    return _("Sign in to the portal to read the answer: %(url)s",
             url=url or _("Welfare e-services"))


def _closing() -> list[str]:
    return [
        _("This message was sent automatically. Please do not reply to it."),
        _("Welfare e-services"),
    ]


def email_for(answer: Answer, submission: Submission, portal_url: str) -> EmailMessage:
    with use_locale(submission.locale):
        paragraphs = [
            _("Hello,"),
            _received_line(submission),
            _sign_in_line(answer, my_submissions_url(portal_url)),
            _("For your privacy, this e-mail does not contain the answer itself."),
            *_closing(),
        ]
        return EmailMessage(
            to=submission.contact_email,
            subject=_("Answer to your submission %(reference)s", reference=submission.reference),
            body="\n\n".join(paragraphs) + "\n",
            language=submission.locale,
        )


def e_address_message_for(
    answer: Answer, submission: Submission, portal_url: str
) -> EAddressMessage:
    url = my_submissions_url(portal_url)
    with use_locale(submission.locale):
        if answer.file_key:
            where = _sign_in_line(answer, url)
        else:
            where = _("You can also read the answer in the portal: %(url)s",
                      url=url or _("Welfare e-services"))
        paragraphs = [_("Hello,"), _received_line(submission), answer.text.strip(), where,
                      *_closing()]
        kind = RecipientKind.COMPANY if submission.subject_kind == "company" else (
            RecipientKind.PERSON)
        return EAddressMessage(
            recipient_kind=kind,
            recipient_code=submission.subject_id,
            subject=_("Answer to your submission %(reference)s", reference=submission.reference),
            body="\n\n".join(p for p in paragraphs if p) + "\n",
            reference=submission.reference,
            idempotency_key=f"answer-{answer.id}",
            language=submission.locale,
        )
