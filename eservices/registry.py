"""The list of e-services: adding one means one package and one entry here.

The home page, the accessibility harness and (later) routing, authorisation and
usage metrics all walk this list, so a service that is registered is covered
everywhere at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from babel.support import LazyProxy

from i18n.catalogs import lazy_gettext as _l


class SubjectKind(StrEnum):
    """Whom a person may act for when using a service."""

    SELF = "self"
    CHILD_OR_WARD = "child_or_ward"
    COMPANY = "company"


class BackOffice(StrEnum):
    VDI = "vdi"  # State Labour Inspectorate information system
    SPOLIS = "spolis"  # social services and assistance information system
    SIVA = "siva"  # Social Integration State Agency, rehabilitation system SRIS


@dataclass(frozen=True, slots=True)
class EService:
    slug: str
    title: LazyProxy
    summary: LazyProxy
    reference_prefix: str  # starts every reference number, e.g. "VDS" in VDS-7KQ2-M9XH
    institution: LazyProxy
    subject_kinds: frozenset[SubjectKind]
    destination: BackOffice
    # The e-service's package, whose `flow` module defines `FLOW` (a SubmissionFlow).
    # None until the service is built: the home page lists it as coming soon and
    # nothing routes to it.
    package: str | None = None
    # A service that is a page of its own rather than a submission (e.g. "my queue")
    # names the route it starts at; its package then only brings templates.
    page_route: str | None = None

    @property
    def available(self) -> bool:
        return self.package is not None


_VDI = _l("State Labour Inspectorate")
_SPOLIS = _l("Ministry of Welfare, SPOLIS")
_SIVA = _l("Social Integration State Agency")

REGISTRY: Sequence[EService] = (
    EService(
        slug="labour_complaint",
        title=_l("Complaint to the State Labour Inspectorate"),
        summary=_l("Report violations of labour law or occupational safety at your workplace."),
        reference_prefix="VDS",
        institution=_VDI,
        subject_kinds=frozenset({SubjectKind.SELF}),
        destination=BackOffice.VDI,
        package="eservices.labour_complaint",
    ),
    EService(
        slug="remedied_violations",
        title=_l("Employer notice of remedied violations"),
        summary=_l("For employers: tell the inspectorate how the violations in its orders "
                   "were remedied."),
        reference_prefix="VDN",
        institution=_VDI,
        subject_kinds=frozenset({SubjectKind.COMPANY}),
        destination=BackOffice.VDI,
        package="eservices.remedied_violations",
    ),
    EService(
        slug="workplace_accident",
        title=_l("Report of an accident at work"),
        summary=_l("Report an accident at work as the victim, a witness, someone who knows of "
                   "it, or the employer."),
        reference_prefix="VDA",
        institution=_VDI,
        subject_kinds=frozenset({SubjectKind.SELF, SubjectKind.COMPANY}),
        destination=BackOffice.VDI,
        package="eservices.workplace_accident",
    ),
    EService(
        slug="technical_aid",
        title=_l("Application for a technical aid"),
        summary=_l("Apply for a wheelchair, hearing aid, white cane or another technical aid "
                   "for yourself or your child or ward."),
        reference_prefix="TPL",
        institution=_SPOLIS,
        subject_kinds=frozenset({SubjectKind.SELF, SubjectKind.CHILD_OR_WARD}),
        destination=BackOffice.SPOLIS,
        package="eservices.technical_aid",
    ),
    EService(
        slug="technical_aid_queue",
        title=_l("My technical aid queue"),
        summary=_l("See your place in the queue for a technical aid and how long the wait may be."),
        reference_prefix="TPR",
        institution=_SPOLIS,
        subject_kinds=frozenset({SubjectKind.SELF, SubjectKind.CHILD_OR_WARD}),
        destination=BackOffice.SPOLIS,
        package="queue_status.my_queue",
        page_route="my_queue",
    ),
    EService(
        slug="rehabilitation_queue_reference",
        title=_l("Social rehabilitation queue e-reference"),
        summary=_l("See your number in the social rehabilitation queue and get a verifiable "
                   "e-reference."),
        reference_prefix="SRI",
        institution=_SIVA,
        subject_kinds=frozenset({SubjectKind.SELF, SubjectKind.CHILD_OR_WARD}),
        destination=BackOffice.SIVA,
        package="queue_status.rehabilitation_reference",
        page_route="rehabilitation_queue",
    ),
    EService(
        slug="foster_parent_training",
        title=_l("Training for adoptive parents and foster families"),
        summary=_l("Sign up for training to become an adoptive parent, a foster family or a "
                   "specialised foster family, or for the annual training."),
        reference_prefix="MAC",
        institution=_SPOLIS,
        subject_kinds=frozenset({SubjectKind.SELF}),
        destination=BackOffice.SPOLIS,
        package="eservices.foster_parent_training",
    ),
    EService(
        slug="specialist_appointment",
        title=_l("Appointment with a specialist"),
        summary=_l("Book, move or cancel a visit to a specialist, for example a technical aid "
                   "fitting."),
        reference_prefix="PRK",
        institution=_SPOLIS,
        subject_kinds=frozenset({SubjectKind.SELF, SubjectKind.CHILD_OR_WARD}),
        destination=BackOffice.SPOLIS,
        package="eservices.specialist_appointment",
    ),
)


def by_slug(slug: str) -> EService | None:
    return next((service for service in REGISTRY if service.slug == slug), None)
