"""An in-memory SRIS holding the demo people's applications (or any given ones).

Jānis Ozols waits for social rehabilitation in an institution with his family
doctor's statement missing; his ward Anna Bērziņa waits in two queues; Ilze
Kalniņa has none of her own, but her children have one each (Mārtiņš with every
document in, Elza with her functioning assessment missing); Laura Vītola waits
with every document in. Numbers and dates are invented; the queue sizes agree
between people waiting in the same queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from adapters.demo_people import (
    ANNA_BERZINA,
    ELZA_KALNINA,
    JANIS_OZOLS,
    LAURA_VITOLA,
    MARTINS_KALNINS,
)
from adapters.fakes import Breakable
from adapters.sris.base import SYSTEM, DocumentStatus, QueuePlace, RequiredDocument

VISION = ("vision_disability", "Sociālās rehabilitācijas pakalpojumi personām ar redzes "
          "invaliditāti", "Social rehabilitation services for persons with a visual disability")
HEARING = ("hearing_disability", "Sociālās rehabilitācijas pakalpojumi personām ar dzirdes "
           "invaliditāti", "Social rehabilitation services for persons with a hearing disability")
INSTITUTION = ("institution", "Sociālā rehabilitācija institūcijā",
               "Social rehabilitation in an institution")
QUEUE_SIZES = {"vision_disability": 95, "hearing_disability": 87, "institution": 612}

_DOCUMENT_NAMES = {
    "application": ("Iesniegums", "Application"),
    "family_doctor_statement": ("Ģimenes ārsta izziņa", "Family doctor's statement"),
    "functioning_assessment": ("Funkcionēšanas novērtējums", "Functioning assessment"),
}


def document(code: str, received_on: date | None) -> RequiredDocument:
    name_lv, name_en = _DOCUMENT_NAMES[code]
    status = DocumentStatus.RECEIVED if received_on is not None else DocumentStatus.MISSING
    return RequiredDocument(code, name_lv, name_en, status, received_on)


def place(application_id: str, service: tuple[str, str, str], position: int, queued_on: date,
          *, doctor: date | None, functioning: date | None) -> QueuePlace:
    code, name_lv, name_en = service
    return QueuePlace(
        application_id=application_id, service_code=code, service_name_lv=name_lv,
        service_name_en=name_en, position=position, queue_size=QUEUE_SIZES[code],
        queued_on=queued_on,
        documents=(document("application", queued_on),
                   document("family_doctor_statement", doctor),
                   document("functioning_assessment", functioning)))


DEMO_PLACES: Mapping[str, tuple[QueuePlace, ...]] = {
    JANIS_OZOLS.personal_code: (
        place("SR-2026-00412", INSTITUTION, 143, date(2026, 8, 17),
              doctor=None, functioning=date(2026, 9, 2)),
    ),
    ANNA_BERZINA.personal_code: (
        place("SR-2026-00388", VISION, 27, date(2026, 7, 30),
              doctor=date(2026, 7, 30), functioning=date(2026, 8, 14)),
        place("SR-2026-00519", INSTITUTION, 388, date(2026, 10, 12),
              doctor=None, functioning=None),
    ),
    MARTINS_KALNINS.personal_code: (
        place("SR-2026-00157", HEARING, 12, date(2026, 3, 9),
              doctor=date(2026, 3, 9), functioning=date(2026, 3, 20)),
    ),
    ELZA_KALNINA.personal_code: (
        place("SR-2026-00603", VISION, 81, date(2026, 11, 2),
              doctor=date(2026, 11, 2), functioning=None),
    ),
    LAURA_VITOLA.personal_code: (
        place("SR-2025-01290", INSTITUTION, 58, date(2025, 12, 1),
              doctor=date(2025, 12, 1), functioning=date(2025, 12, 15)),
    ),
}


class FakeSris(Breakable):
    system = SYSTEM

    def __init__(self, places: Mapping[str, Iterable[QueuePlace]] = DEMO_PLACES) -> None:
        self._places = {code: tuple(found) for code, found in places.items()}

    def set_places(self, personal_code: str, places: Iterable[QueuePlace]) -> None:
        """What SRIS holds for one person from now on (a queue moved, a document came)."""
        self._places[personal_code] = tuple(places)

    async def queue_places(self, personal_code: str) -> list[QueuePlace]:
        self._check()
        found = self._places.get(personal_code, ())
        return sorted(found, key=lambda p: (p.queued_on, p.application_id))
