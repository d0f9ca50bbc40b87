"""The shape of an e-service: its steps, and how answers are kept and shown.

Every e-service declares a `SubmissionFlow` in its package's `flow.py`; the shared
views in `eservices/submissions/views.py` run the life cycle for all of them:
start page, one page per step (the draft is saved on every step), check your
answers with change links, submit, confirmation, receipt, "My submissions".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from babel.support import LazyProxy
from starlette.datastructures import FormData
from starlette.requests import Request
from wtforms import Field

from eservices.attachments import UploadLimits
from i18n.catalogs import gettext as _
from portal.forms import DateInputField, PortalForm
from portal.templating import local_date

if TYPE_CHECKING:
    from eservices.submissions.models import Attachment
    from portal.representation import Subject

Answers = dict[str, dict[str, Any]]


def always(answers: Answers) -> bool:
    return True


def never(answers: Answers) -> bool:
    """For a first step that only starts a journey handled by the service's own pages."""
    return False


def present(step_slug: str) -> Callable[[Answers], bool]:
    """A step shown back only once the service's own pages stored answers for it."""

    def has(answers: Answers) -> bool:
        return step_slug in answers

    return has


@dataclass(frozen=True)
class AttachmentRule:
    """A step that takes files: which field, how many bytes, shown with what label."""

    field_name: str
    label: LazyProxy
    hint: LazyProxy | None = None
    limits: UploadLimits = field(default_factory=UploadLimits)
    required: bool = False

    def files_among(self, attached: Sequence[Attachment]) -> list[Attachment]:
        """This rule's files among a draft's (a draft may have files on several steps)."""
        return [a for a in attached if a.field_name == self.field_name]


@dataclass(frozen=True)
class StepInput:
    """What a step's `prepare` hook is given, on every showing and every post."""

    request: Request
    subject: Subject
    answers: Answers
    formdata: FormData | None
    """What was posted (files already stored); None when the step is only shown."""


@dataclass(frozen=True)
class Preparation:
    """What a step's `prepare` hook gives back."""

    context: Mapping[str, Any] = field(default_factory=dict)
    """Extra names for the step's template (the view's own names take precedence)."""
    form: Callable[..., PortalForm] | None = None
    """Builds the form instead of `Step.form`, called with the same keyword arguments
    (`formdata`, `data`): e.g. a form whose choices come from a back office."""


# A step whose form depends on data the flow cannot know in advance (a back
# office's list, a register's answer, who the subject is) fetches it here. Async,
# because that data comes through adapters; the hook runs before the form is built.
Prepare = Callable[[StepInput], Awaitable[Preparation]]
# How a step's stored answers read back (check page, submission page, receipt),
# for steps whose fields alone cannot say it: lists of sub-answers, files per item.
# Given the step's answers and every attachment; gives (label, value) rows.
Summarise = Callable[[Mapping[str, Any], Sequence["Attachment"]], list[tuple[str, str]]]


@dataclass(frozen=True)
class Step:
    slug: str
    title: LazyProxy
    form: type[PortalForm]
    # Steps that apply only to some answers (e.g. "victim" only when the reporter
    # is not the victim) say so here; skipped steps are left out of the summary.
    is_needed: Callable[[Answers], bool] = always
    attachments: AttachmentRule | None = None
    template: str = "submissions/step.html"
    intro: LazyProxy | None = None
    prepare: Prepare | None = None
    summarise: Summarise | None = None


@dataclass(frozen=True)
class SubmissionFlow:
    slug: str
    steps: tuple[Step, ...]
    # Which answer holds the person's chosen channel and e-mail, when the service asks.
    channel_answer: tuple[str, str] | None = None
    email_answer: tuple[str, str] | None = None
    description_template: str = ""

    def step(self, slug: str) -> Step | None:
        return next((s for s in self.steps if s.slug == slug), None)

    def needed_steps(self, answers: Answers) -> list[Step]:
        return [s for s in self.steps if s.is_needed(answers)]

    def first_unanswered(self, answers: Answers) -> Step | None:
        return next((s for s in self.needed_steps(answers) if not answered(answers, s.slug)),
                    None)

    def position(self, step: Step, answers: Answers) -> tuple[int, int]:
        needed = self.needed_steps(answers)
        return (needed.index(step) + 1 if step in needed else 1), len(needed)

    def answer(self, answers: Answers, location: tuple[str, str] | None) -> str:
        if location is None:
            return ""
        step, name = location
        return str(answers.get(step, {}).get(name) or "")


# Marks a step's answers that were kept without validation (typed when the session
# timed out): shown again in the form, but the step still counts as unanswered.
UNVALIDATED = "_unvalidated"


def answered(answers: Answers, step_slug: str) -> bool:
    values = answers.get(step_slug)
    return values is not None and not values.get(UNVALIDATED)


def serialise(form: PortalForm) -> dict[str, Any]:
    """Form data as JSON-friendly values (dates as ISO strings)."""
    values: dict[str, Any] = {}
    for f in form:
        data = f.data
        values[f.name] = data.isoformat() if isinstance(data, date) else data
    return values


def restore(form_class: type[PortalForm], stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """The keyword data to rebuild a form from what `serialise` stored."""
    if not stored:
        return {}
    restored = dict(stored)
    for name, unbound in form_class.__dict__.items():
        if getattr(unbound, "field_class", None) is DateInputField and restored.get(name):
            try:
                restored[name] = date.fromisoformat(str(restored[name]))
            except ValueError:
                restored[name] = None
    return restored


def display_value(f: Field) -> str:
    """How an answer reads on the check page and the receipt."""
    data = f.data
    if data in (None, "", []):
        return ""
    if isinstance(data, date):
        return local_date(data)
    if isinstance(data, bool):
        return _("Yes") if data else _("No")
    choices = {str(c.value): str(c.label) for c in f.iter_choices()} if hasattr(
        f, "iter_choices") else {}
    if isinstance(data, list):
        return ", ".join(choices.get(str(v), str(v)) for v in data)
    return choices.get(str(data), str(data))
