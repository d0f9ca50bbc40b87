"""Which adapter serves each back-office system: the setting `adapters` decides.

E-services and views take adapters from `app.state.adapters` and never know
whether they are real or fake (DESIGN, habit 2). Built once in the lifespan.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from adapters.enterprise_register.base import EnterpriseRegister
from adapters.enterprise_register.fake import FakeEnterpriseRegister
from adapters.enterprise_register.http import HttpEnterpriseRegister
from adapters.population_register.base import PopulationRegister
from adapters.population_register.fake import FakePopulationRegister
from adapters.population_register.http import HttpPopulationRegister
from adapters.virus_scan.base import VirusScanner
from adapters.virus_scan.clamd import ClamdScanner
from adapters.virus_scan.fake import FakeVirusScanner
from portal.settings import Settings


@dataclass(frozen=True, slots=True)
class Adapters:
    population_register: PopulationRegister
    enterprise_register: EnterpriseRegister
    virus_scanner: VirusScanner


def build_adapters(settings: Settings, client: httpx.AsyncClient) -> Adapters:
    if settings.adapters == "fake":
        return Adapters(
            population_register=FakePopulationRegister(),
            enterprise_register=FakeEnterpriseRegister(),
            virus_scanner=FakeVirusScanner(),
        )
    return Adapters(
        population_register=HttpPopulationRegister(client, settings.population_register_url),
        enterprise_register=HttpEnterpriseRegister(client, settings.enterprise_register_url),
        virus_scanner=ClamdScanner(settings.clamd_host, settings.clamd_port),
    )
