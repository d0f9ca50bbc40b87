"""Which adapter serves each back-office system: the setting `adapters` decides.

E-services and views take adapters from `app.state.adapters` and never know
whether they are real or fake (DESIGN, habit 2). Built once in the lifespan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

import httpx

from adapters.address_register.base import AddressRegister
from adapters.address_register.fake import FakeAddressRegister
from adapters.address_register.http import HttpAddressRegister
from adapters.back_office.base import BackOfficeDelivery
from adapters.back_office.fake import FakeBackOffice
from adapters.back_office.http import HttpBackOffice
from adapters.disability_system.base import DisabilitySystem
from adapters.disability_system.fake import FakeDisabilitySystem
from adapters.disability_system.http import HttpDisabilitySystem
from adapters.e_address.base import EAddress
from adapters.e_address.fake import FakeEAddress
from adapters.e_address.http import HttpEAddress
from adapters.email.base import EmailSender
from adapters.email.fake import FakeEmailSender
from adapters.email.smtp import SmtpEmailSender
from adapters.enterprise_register.base import EnterpriseRegister
from adapters.enterprise_register.fake import FakeEnterpriseRegister
from adapters.enterprise_register.http import HttpEnterpriseRegister
from adapters.functioning.base import FunctioningDatabase
from adapters.functioning.fake import FakeFunctioningDatabase
from adapters.functioning.http import HttpFunctioningDatabase
from adapters.population_register.base import PopulationRegister
from adapters.population_register.fake import FakePopulationRegister
from adapters.population_register.http import HttpPopulationRegister
from adapters.service_platform.base import ServicePlatform
from adapters.service_platform.fake import FakeServicePlatform
from adapters.service_platform.http import HttpServicePlatform
from adapters.social_assistance.base import SocialAssistance
from adapters.social_assistance.fake import FakeSocialAssistance
from adapters.social_assistance.http import HttpSocialAssistance
from adapters.spolis.aids_fake import FakeTechnicalAidQueues
from adapters.spolis.aids_http import HttpTechnicalAidQueues
from adapters.spolis.base import Spolis
from adapters.spolis.fake import FakeSpolis
from adapters.spolis.http import HttpSpolis
from adapters.spolis.technical_aids import TechnicalAidQueues
from adapters.sris.base import Sris
from adapters.sris.fake import FakeSris
from adapters.sris.http import HttpSris
from adapters.vdi.base import Vdi
from adapters.vdi.fake import FakeVdi
from adapters.vdi.http import HttpVdi
from adapters.virus_scan.base import VirusScanner
from adapters.virus_scan.clamd import ClamdScanner
from adapters.virus_scan.fake import FakeVirusScanner
from eservices.registry import BackOffice
from portal.settings import Settings


@dataclass(frozen=True, slots=True)
class Adapters:
    population_register: PopulationRegister
    enterprise_register: EnterpriseRegister
    virus_scanner: VirusScanner
    # One delivery adapter per destination (`BackOffice` value), for the delivery worker.
    back_offices: Mapping[str, BackOfficeDelivery]
    email: EmailSender
    e_address: EAddress
    # SPOLIS' calendar: training sessions and specialists' free slots.
    spolis: Spolis
    address_register: AddressRegister
    # VDI's active orders of a company (deliveries to VDI go through `back_offices`).
    vdi: Vdi
    # SPOLIS' technical-aid catalogue and queues (applications go through `back_offices`).
    technical_aids: TechnicalAidQueues
    # What the state knows for a technical-aid application (see `build_eligibility`).
    disability_system: DisabilitySystem
    functioning: FunctioningDatabase
    social_assistance: SocialAssistance
    # SIVA's social rehabilitation system: a person's queue places and documents.
    sris: Sris


def build_adapters(settings: Settings, client: httpx.AsyncClient) -> Adapters:
    if settings.adapters == "fake":
        return Adapters(
            population_register=FakePopulationRegister(),
            enterprise_register=FakeEnterpriseRegister(),
            virus_scanner=FakeVirusScanner(),
            back_offices=build_back_offices(settings, client),
            email=FakeEmailSender(),
            e_address=FakeEAddress(),
            spolis=build_spolis(settings, client),
            technical_aids=build_technical_aids(settings, client),
            vdi=build_vdi(settings, client),
            sris=build_sris(settings, client),
            address_register=FakeAddressRegister(),
            **build_eligibility(settings, client),
        )
    return Adapters(
        population_register=HttpPopulationRegister(client, settings.population_register_url),
        enterprise_register=HttpEnterpriseRegister(client, settings.enterprise_register_url),
        virus_scanner=ClamdScanner(settings.clamd_host, settings.clamd_port),
        back_offices=build_back_offices(settings, client),
        email=SmtpEmailSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.email_from,
            security=settings.smtp_security,
            username=settings.smtp_username,
            password=settings.smtp_password,
            timeout=settings.smtp_timeout_seconds,
        ),
        e_address=HttpEAddress(client, settings.e_address_url),
        spolis=build_spolis(settings, client),
        technical_aids=build_technical_aids(settings, client),
        vdi=build_vdi(settings, client),
        sris=build_sris(settings, client),
        address_register=HttpAddressRegister(client, settings.address_register_url),
        **build_eligibility(settings, client),
    )


def _kind(settings: Settings, *choices: str) -> str:
    """"fake" or "http": the first of `choices` (adapter settings, most specific first)
    that is not "same", else the general `adapters` setting."""
    return next((choice for choice in choices if choice != "same"), settings.adapters)


def _back_office(settings: Settings) -> str:
    """Where the back office (or the fake one) serves VDI, SPOLIS and SIVA."""
    return settings.back_office_url.rstrip("/")


def build_back_offices(
    settings: Settings, client: httpx.AsyncClient
) -> dict[str, BackOfficeDelivery]:
    """VDI, SPOLIS and SIVA share one delivery contract; the system is a parameter."""
    kind = _kind(settings, settings.back_office_adapters)
    if kind == "fake":
        return {system.value: FakeBackOffice(system.value) for system in BackOffice}
    timeout = httpx.Timeout(settings.back_office_timeout_seconds, connect=5.0)
    return {
        system.value: HttpBackOffice(client, settings.back_office_url, system.value,
                                     timeout=timeout)
        for system in BackOffice
    }


def build_vdi(settings: Settings, client: httpx.AsyncClient) -> Vdi:
    """VDI's orders come from the system that takes VDI's deliveries, so they follow
    the back-office setting and address ({back_office_url}/vdi)."""
    kind = _kind(settings, settings.back_office_adapters)
    if kind == "fake":
        return FakeVdi()
    return HttpVdi(client, f"{_back_office(settings)}/vdi")


def build_sris(settings: Settings, client: httpx.AsyncClient) -> Sris:
    """SIVA's SRIS, at the back office that takes SIVA's deliveries ({back_office_url}/siva/sris),
    so it follows the back-office setting as VDI's orders do."""
    kind = _kind(settings, settings.back_office_adapters)
    if kind == "fake":
        return FakeSris()
    return HttpSris(client, f"{_back_office(settings)}/siva/sris")


def build_spolis(settings: Settings, client: httpx.AsyncClient) -> Spolis:
    """SPOLIS' calendar, from the back office that takes SPOLIS' submissions."""
    kind = _kind(settings, settings.spolis_adapter, settings.back_office_adapters)
    if kind == "fake":
        return FakeSpolis()
    return HttpSpolis(client, f"{_back_office(settings)}/spolis/calendar")


def build_technical_aids(settings: Settings, client: httpx.AsyncClient) -> TechnicalAidQueues:
    """SPOLIS' technical-aid queues, chosen as its calendar is ({back_office_url}/spolis/aids)."""
    kind = _kind(settings, settings.spolis_adapter, settings.back_office_adapters)
    if kind == "fake":
        return FakeTechnicalAidQueues()
    return HttpTechnicalAidQueues(client, f"{_back_office(settings)}/spolis/aids")


class EligibilityRegistries(TypedDict):
    disability_system: DisabilitySystem
    functioning: FunctioningDatabase
    social_assistance: SocialAssistance


def build_eligibility(settings: Settings, client: httpx.AsyncClient) -> EligibilityRegistries:
    """VDEĀVK, the functioning database and SOPA: fakes, or their gateways over HTTP
    (by default the fake back office's paths, which the demo serves)."""
    kind = _kind(settings, settings.eligibility_registries_adapter,
                 settings.back_office_adapters)
    if kind == "fake":
        return EligibilityRegistries(disability_system=FakeDisabilitySystem(),
                                     functioning=FakeFunctioningDatabase(),
                                     social_assistance=FakeSocialAssistance())
    base = _back_office(settings)
    return EligibilityRegistries(
        disability_system=HttpDisabilitySystem(
            client, settings.disability_system_url or f"{base}/vdeavk"),
        functioning=HttpFunctioningDatabase(client, settings.functioning_url or f"{base}/vaivari"),
        social_assistance=HttpSocialAssistance(
            client, settings.social_assistance_url or f"{base}/sopa"),
    )


def build_service_platform(settings: Settings, client: httpx.AsyncClient) -> ServicePlatform:
    """The national service platform, for `portal publish-metrics` (not the web process)."""
    kind = _kind(settings, settings.service_platform_adapter)
    if kind == "fake":
        return FakeServicePlatform()
    return HttpServicePlatform(client, settings.service_platform_url,
                               token=settings.service_platform_token)
