"""Which e-services and steps the figures are about, and what people call them."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request

from eservices.registry import REGISTRY, EService
from eservices.submissions.flows import flow_for


def registry_of(request: Request) -> Sequence[EService]:
    # The application may be built with its own list (tests, a partial rollout).
    registry: Sequence[EService] = getattr(request.app.state, "registry", REGISTRY)
    return registry


def service_named(request: Request, slug: str) -> EService | None:
    return next((s for s in registry_of(request) if s.slug == slug), None)


def step_titles(service: EService | None) -> dict[str, str]:
    """Step slug to title, in the order of the e-service's flow (empty if not built)."""
    flow = flow_for(service) if service is not None else None
    return {step.slug: str(step.title) for step in flow.steps} if flow is not None else {}
