"""`portal publish-open-data`: publishing as a process, built from settings alone."""

from __future__ import annotations

from datetime import datetime

import httpx

from adapters.open_data_portal.base import OpenDataPortal
from adapters.open_data_portal.fake import FakeOpenDataPortal
from adapters.open_data_portal.http import HttpOpenDataPortal
from portal.database import create_engine, create_sessionmaker, utcnow
from portal.settings import Settings
from queue_status.open_data.publishing import PublishOutcome, PublishTarget, publish_open_data


def build_open_data_portal(settings: Settings, client: httpx.AsyncClient) -> OpenDataPortal:
    kind = settings.open_data_portal_adapter
    if kind == "same":
        kind = settings.adapters
    if kind == "fake":
        return FakeOpenDataPortal()
    return HttpOpenDataPortal(client, settings.open_data_portal_url,
                              token=settings.open_data_portal_token)


def target_from(settings: Settings) -> PublishTarget:
    return PublishTarget(dataset_name=settings.open_data_dataset_name,
                         owner_org=settings.open_data_organization,
                         license_id=settings.open_data_license_id, portal_url=settings.base_url)


async def run_publish_open_data(settings: Settings, *,
                                now: datetime | None = None) -> PublishOutcome:
    engine = create_engine(settings.database_url)
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=5.0)) as client:
            return await publish_open_data(
                create_sessionmaker(engine), build_open_data_portal(settings, client),
                target_from(settings), now=now or utcnow())
    finally:
        await engine.dispose()
