"""Where the application meets the registers and the catalogue: the steps' hooks.

Every hook answers whatever the registers do: a source that is down is named on
the page and the person goes on (attaching a document instead, or not: the
institution checks later); an empty catalogue says so rather than failing.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

import anyio

from adapters.errors import AdapterError
from eservices.submissions.answer_channel import has_e_address
from eservices.submissions.flow import Answers, Preparation, Prepare, StepInput
from eservices.technical_aid.describe import SOURCE_NAMES, TOPICS, co_payment, describe
from eservices.technical_aid.forms import YES, AidsForm, ConsentForm, ContactsForm, PlaceForm
from eservices.technical_aid.places import (
    PROVIDER_NAMES,
    home_delivery_possible,
    nearest_branch,
)
from eservices.technical_aid.state_data import (
    FOUND,
    FUNCTIONING,
    RESIDENCE,
    SOURCES,
    UNAVAILABLE,
    data_of,
    fetch_all,
    status_of,
)
from i18n.catalogs import get_locale
from portal.database import db, utcnow
from portal.representation.subjects import Basis
from portal.templating import TIME_ZONE, local_datetime
from queue_status.catalogue import catalogue_groups, refresh_catalogue
from queue_status.models import Aid, AidGroup


def consented(answers: Answers) -> bool:
    return (answers.get("consent") or {}).get("consent") == YES


def fetched(answers: Answers, key: str) -> Any:
    return (answers.get("consent") or {}).get(key)


def recommended_groups(answers: Answers) -> list[str]:
    item = fetched(answers, FUNCTIONING) if consented(answers) else None
    return [str(code) for code in data_of(item).get("recommended_groups") or []]


def chosen_aids(answers: Answers) -> list[dict[str, Any]]:
    chosen = (answers.get("aids") or {}).get("chosen")
    return [item for item in chosen if isinstance(item, dict)] if isinstance(chosen, list) else []


def residence_address(answers: Answers) -> str:
    """The declared residence from the register, or the address the person gave."""
    if consented(answers) and status_of(fetched(answers, RESIDENCE)) == FOUND:
        return str(data_of(fetched(answers, RESIDENCE)).get("address") or "")
    return str((answers.get("residence") or {}).get("address") or "")


def _whom(step: StepInput) -> dict[str, Any]:
    return {"for_self": step.subject.basis is Basis.SELF, "whom": step.subject.name}


async def prepare_consent(step: StepInput) -> Preparation:
    """With consent given (posted), ask every source now and keep the answers."""
    context = _whom(step)
    if step.formdata is None or step.formdata.get("consent") != YES:
        return Preparation(context=context)
    answers = await fetch_all(step.request.app.state.adapters, step.subject.identifier,
                              today=datetime.now(TIME_ZONE).date())
    recommendation = answers[FUNCTIONING]
    if recommendation["status"] == FOUND:
        # The groups' names as the catalogue has them now, for the pages that show them.
        names = {group.code: {"lv": group.name_lv, "en": group.name_en}
                 for group, _aids in await catalogue_groups(db(step.request))}
        codes = recommendation["data"]["recommended_groups"]
        recommendation["data"]["group_names"] = {code: names[code] for code in codes
                                                 if code in names}
    return Preparation(context=context, form=partial(ConsentForm, fetched=answers))


async def prepare_state_data(step: StepInput) -> Preparation:
    consent = step.answers.get("consent") or {}
    sources = [{"key": key, "topic": str(TOPICS[key]), "source": str(SOURCE_NAMES[key]),
                "status": status_of(consent.get(key)), "text": describe(key, consent.get(key))}
               for key in SOURCES]
    return Preparation(context={
        **_whom(step), "sources": sources, "asked_at": _asked_at(consent),
        "unavailable": [s for s in sources if s["status"] == UNAVAILABLE],
        "missing": [s for s in sources if s["status"] != FOUND],
        "co_payment": co_payment(consent.get("social_assistance")),
    })


def _asked_at(consent: dict[str, Any]) -> str:
    stamps = [str(item.get("fetched_at")) for item in consent.values()
              if isinstance(item, dict) and item.get("fetched_at")]
    try:
        return local_datetime(datetime.fromisoformat(max(stamps).replace("Z", "+00:00")))
    except ValueError:
        return ""


def prepare_document(key: str) -> Prepare:
    """A documents step says why it asks: no consent, nothing found, or the source down."""

    async def prepare(step: StepInput) -> Preparation:
        if not consented(step.answers):
            reason = "no_consent"
        else:
            reason = "unavailable" if status_of(fetched(step.answers, key)) == UNAVAILABLE else (
                "none")
        return Preparation(context={**_whom(step), "reason": reason, "topic": str(TOPICS[key]),
                                    "source": str(SOURCE_NAMES[key])})

    return prepare


def _name(item: Any, prefix: str = "name") -> str:
    english = get_locale() == "en"
    if isinstance(item, dict):
        return str(item.get(f"{prefix}_en" if english else f"{prefix}_lv") or "")
    return str(getattr(item, f"{prefix}_en" if english else f"{prefix}_lv"))


# How long the aids page waits for SPOLIS' catalogue when the portal holds none yet.
CATALOGUE_WAIT_SECONDS = 5.0


async def _catalogue(step: StepInput) -> list[tuple[AidGroup, list[Aid]]]:
    """The stored catalogue; when there is none yet (a new installation whose worker has
    not synced), SPOLIS' own, stored on the way. SPOLIS not answering leaves it empty."""
    session = db(step.request)
    stored = await catalogue_groups(session)
    if stored:
        return stored
    try:
        with anyio.fail_after(CATALOGUE_WAIT_SECONDS):
            fresh = await step.request.app.state.adapters.technical_aids.catalogue()
    except (AdapterError, TimeoutError):
        return []
    await refresh_catalogue(session, fresh, utcnow())
    return await catalogue_groups(session)


async def prepare_aids(step: StepInput) -> Preparation:
    """The catalogue by group, the specialist's recommended groups first."""
    catalogue = await _catalogue(step)
    recommended = recommended_groups(step.answers)
    rank = {code: index for index, code in enumerate(recommended)}
    ordered = sorted(catalogue, key=lambda entry: rank.get(entry[0].code, len(rank)))
    groups, choices, index = [], [], 0
    for group, aids in ordered:
        items = []
        for aid in aids:
            items.append({"index": index, "code": aid.code, "name": _name(aid),
                          "provider": str(PROVIDER_NAMES.get(aid.provider, aid.provider))})
            choices.append((aid.code, _name(aid)))
            index += 1
        groups.append({"code": group.code, "name": _name(group), "aids": items,
                       "recommended": group.code in rank})
    chosen = None
    if step.formdata is not None:
        wanted = {str(code) for code in step.formdata.getlist("aid_codes")}
        chosen = [{"code": aid.code, "name_lv": aid.name_lv, "name_en": aid.name_en,
                   "group_code": group.code, "group_name_lv": group.name_lv,
                   "group_name_en": group.name_en, "provider": aid.provider}
                  for group, aids in ordered for aid in aids if aid.code in wanted]
    return Preparation(
        context={**_whom(step), "groups": groups, "catalogue_missing": not groups,
                 "has_recommendation": bool(recommended)},
        form=partial(AidsForm, choices=choices, chosen=chosen))


def providers_chosen(answers: Answers) -> list[str]:
    return sorted({str(item.get("provider")) for item in chosen_aids(answers)})


def prepare_place(provider: str) -> Prepare:
    async def prepare(step: StepInput) -> Preparation:
        aids = [item for item in chosen_aids(step.answers) if item.get("provider") == provider]
        home = home_delivery_possible([str(item.get("group_code")) for item in aids])
        address = residence_address(step.answers)
        return Preparation(
            context={**_whom(step), "aids": [_name(item) for item in aids],
                     "provider": str(PROVIDER_NAMES.get(provider, provider)), "home": home},
            form=partial(PlaceForm, provider=provider, home=home,
                         suggested=nearest_branch(provider, address), address=address))

    return prepare


async def prepare_contacts(step: StepInput) -> Preparation:
    """Offer the e-address only to a subject who has one."""
    has_one = await has_e_address(step)
    return Preparation(context=_whom(step), form=partial(ContactsForm, e_address=has_one))
