"""Pieteikšanās TPL saņemšanai: the steps.

For the person themselves or for a child or ward. With consent the service asks
the registers what the state already knows (see `state_data`) and asks for a
document only where a source has nothing, or did not answer; without consent
the person attaches the documents. Then the aids from SPOLIS' catalogue (the
specialist's recommended groups first), a place to receive them per provider,
and contacts. SPOLIS reads `form_data["aids"]["aid_codes"]` and `subject.id`.
"""

from __future__ import annotations

from collections.abc import Callable

from babel.support import LazyProxy

from eservices.attachments import UploadLimits
from eservices.submissions.flow import Answers, AttachmentRule, Step, SubmissionFlow
from eservices.technical_aid.forms import (
    AidsForm,
    ConsentForm,
    ContactsForm,
    DocumentForm,
    PlaceForm,
    ResidenceForm,
    StateDataForm,
)
from eservices.technical_aid.service import (
    consented,
    fetched,
    prepare_aids,
    prepare_consent,
    prepare_contacts,
    prepare_document,
    prepare_place,
    prepare_state_data,
    providers_chosen,
)
from eservices.technical_aid.state_data import (
    DISABILITY,
    FOUND,
    FUNCTIONING,
    RESIDENCE,
    SOCIAL_ASSISTANCE,
    status_of,
)
from eservices.technical_aid.summaries import summarise_aids, summarise_consent, summarise_place
from i18n.catalogs import lazy_gettext as _l
from queue_status.models import Provider

MiB = 1024 * 1024
DOCUMENT_LIMITS = UploadLimits(max_file_size=20 * MiB, max_total_size=60 * MiB)


def unknown(key: str) -> Callable[[Answers], bool]:
    """Asked when there is no consent, or the source had nothing or did not answer."""

    def needed(answers: Answers) -> bool:
        return not consented(answers) or status_of(fetched(answers, key)) != FOUND

    return needed


def aid_from(provider: str) -> Callable[[Answers], bool]:
    def needed(answers: Answers) -> bool:
        return provider in providers_chosen(answers)

    return needed


def _document(slug: str, key: str, title: LazyProxy, label: LazyProxy, hint: LazyProxy
              ) -> Step:
    return Step(slug, title, DocumentForm, is_needed=unknown(key),
                attachments=AttachmentRule(slug, label, hint=hint, limits=DOCUMENT_LIMITS),
                template="technical_aid/document.html", prepare=prepare_document(key))


def _place(provider: Provider) -> Step:
    return Step(f"place_{provider.value}", _l("Place to receive the aid"), PlaceForm,
                is_needed=aid_from(provider.value), prepare=prepare_place(provider.value),
                template="technical_aid/place.html", summarise=summarise_place(provider.value))


FLOW = SubmissionFlow(
    slug="technical_aid",
    steps=(
        Step("consent", _l("Information from the state registers"), ConsentForm,
             prepare=prepare_consent, template="technical_aid/consent.html",
             summarise=summarise_consent),
        Step("state_data", _l("What the state knows"), StateDataForm, is_needed=consented,
             prepare=prepare_state_data, template="technical_aid/state_data.html"),
        _document("disability_document", DISABILITY, _l("Disability document"),
                  _l("VDEĀVK decision or disability certificate"),
                  _l("A photo or scan of the decision on the disability, or of the disability "
                     "certificate. If there is none, continue without it.")),
        _document("recommendation_document", FUNCTIONING, _l("Specialist's recommendation"),
                  _l("Doctor's or functional specialist's opinion"),
                  _l("An opinion that recommends the technical aid, from a doctor, "
                     "physiotherapist, occupational therapist or another functional "
                     "specialist.")),
        Step("residence", _l("Where the person lives"), ResidenceForm,
             is_needed=unknown(RESIDENCE), prepare=prepare_document(RESIDENCE),
             template="technical_aid/residence.html"),
        _document("income_document", SOCIAL_ASSISTANCE, _l("Needy or low-income person status"),
                  _l("Municipality's decision on the status"),
                  _l("The social service's decision on the needy or low-income person status. "
                     "It frees from the co-payment; without it the co-payment applies.")),
        Step("aids", _l("Technical aids"), AidsForm, prepare=prepare_aids,
             template="technical_aid/aids.html", summarise=summarise_aids),
        *(_place(provider) for provider in Provider),
        Step("contacts", _l("Contacts and the answer"), ContactsForm,
             prepare=prepare_contacts),
    ),
    channel_answer=("contacts", "channel"),
    email_answer=("contacts", "email"),
    description_template="technical_aid/description.html",
)
