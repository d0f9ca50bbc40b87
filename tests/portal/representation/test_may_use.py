"""The registry-aware rule: the subject's kind must be one the e-service declares,
and a mandate must name the e-service."""

from __future__ import annotations

import pytest

from eservices.registry import REGISTRY, EService, SubjectKind, by_slug
from portal.representation import Basis, Subject, may_use

SELF = Subject(SubjectKind.SELF, "325781-40219", "Ilze Kalniņa", Basis.SELF)
CHILD = Subject(SubjectKind.CHILD_OR_WARD, "329017-20475", "Elza Kalniņa", Basis.PARENT)
BOARD = Subject(SubjectKind.COMPANY, "40003528717", "SIA Ziemeļu Būve", Basis.BOARD_MEMBER)
MANDATE = Subject(SubjectKind.COMPANY, "40003528717", "SIA Ziemeļu Būve", Basis.MANDATE,
                  mandate_id=1, services=frozenset({"remedied_violations"}))


@pytest.mark.parametrize("service", REGISTRY, ids=lambda s: s.slug)
def test_kinds_follow_the_registry(service: EService) -> None:
    for subject in (SELF, CHILD, BOARD):
        assert may_use(service, subject) is (subject.kind in service.subject_kinds)


def test_a_mandate_covers_only_the_e_services_named_in_it() -> None:
    remedied = by_slug("remedied_violations")
    accident = by_slug("workplace_accident")
    complaint = by_slug("labour_complaint")
    assert remedied and accident and complaint
    assert may_use(remedied, MANDATE)
    assert not may_use(accident, MANDATE)  # open to companies, but not in this mandate
    assert not may_use(complaint, MANDATE)
    assert may_use(accident, BOARD)
