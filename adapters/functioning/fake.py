"""An in-memory functioning database with the demo people's recommendations.

Elza Kalniņa (9) was assessed at NRC "Vaivari" and a children's wheelchair and a
walker were recommended; her brother Mārtiņš has an orthopaedist's
recommendation for an orthosis; Jānis Ozols an audiologist's for hearing aids;
Anna Bērziņa a low-vision specialist's for Braille devices and a white cane.
Everyone else has none. Names of specialists are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from adapters.demo_people import ANNA_BERZINA, ELZA_KALNINA, JANIS_OZOLS, MARTINS_KALNINS
from adapters.fakes import PersonRecords
from adapters.functioning.base import SYSTEM, Recommendation

_VAIVARI_LAB = "NRC “Vaivari” Funkcionēšanas laboratorija"

DEMO_RECOMMENDATIONS: Mapping[str, Recommendation] = {
    ELZA_KALNINA.personal_code: Recommendation(
        date(2026, 10, 6), "fizioterapeite Ieva Liepiņa", _VAIVARI_LAB, ("12-22", "12-06")),
    MARTINS_KALNINS.personal_code: Recommendation(
        date(2026, 9, 14), "ortopēds Kārlis Zariņš", "Bērnu klīniskā universitātes slimnīca",
        ("06-12",)),
    JANIS_OZOLS.personal_code: Recommendation(
        date(2026, 8, 27), "audiologs Pēteris Vanags", "Valmieras Veselības centrs",
        ("22-06", "22-27")),
    ANNA_BERZINA.personal_code: Recommendation(
        date(2026, 7, 2), "tiflopedagoģe Maija Krūze", "Latvijas Neredzīgo biedrība",
        ("22-39", "12-39")),
}


class FakeFunctioningDatabase(PersonRecords[Recommendation]):
    system = SYSTEM

    def __init__(self, recommendations: Mapping[str, Recommendation] = DEMO_RECOMMENDATIONS
                 ) -> None:
        super().__init__(recommendations)

    async def latest_recommendation(self, personal_code: str) -> Recommendation | None:
        return self._record(personal_code)
