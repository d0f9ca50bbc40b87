"""Which e-services and steps the figures are about, and what people call them."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request

from eservices.registry import REGISTRY, EService
from eservices.submissions.flows import flow_for
from i18n.catalogs import gettext as _
from portal.usage_metrics.events import CHECK_STEP


def registry_of(request: Request) -> Sequence[EService]:
    # The application may be built with its own list (tests, a partial rollout).
    registry: Sequence[EService] = getattr(request.app.state, "registry", REGISTRY)
    return registry


def service_named(request: Request, slug: str) -> EService | None:
    return next((s for s in registry_of(request) if s.slug == slug), None)


def step_titles(service: EService | None) -> dict[str, str]:
    """Step slug to title, in the order of the e-service's flow, then "check your
    answers" (empty if the e-service is not built)."""
    flow = flow_for(service) if service is not None else None
    if flow is None:
        return {}
    return {**{step.slug: str(step.title) for step in flow.steps},
            CHECK_STEP: _("Check your answers before sending")}
