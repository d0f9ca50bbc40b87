"""Finding an e-service and its flow by slug."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache

from eservices.registry import EService
from eservices.submissions.flow import SubmissionFlow


def service_for(registry: Sequence[EService], slug: str) -> EService | None:
    return next((service for service in registry if service.slug == slug), None)


@cache
def _load(package: str) -> SubmissionFlow:
    flow = importlib.import_module(f"{package}.flow").FLOW
    if not isinstance(flow, SubmissionFlow):
        raise TypeError(f"{package}.flow.FLOW is not a SubmissionFlow")
    return flow


def flow_for(service: EService) -> SubmissionFlow | None:
    if service.package is None or service.page_route is not None:
        return None
    return _load(service.package)
