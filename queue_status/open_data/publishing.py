"""`portal publish-open-data`: the current period's files to the open-data portal.

The period is the last full month. The first run in a period stores that
period's CSV and JSON (`OpenDataPublication`), recomputing the statistics first
if the snapshot does not end with that month; every run then makes CKAN hold
exactly those files: the dataset is created or its metadata corrected, and each
resource is created, or replaced when its `hash` or `period` differ. A second
run in the same period finds CKAN up to date and writes nothing; the first run
of the next period replaces both files.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.errors import AdapterError
from adapters.open_data_portal.base import (
    Dataset,
    DatasetMetadata,
    OpenDataPortal,
    ResourceFile,
)
from portal.database import transaction
from queue_status.open_data.catalog import DESCRIPTION, TITLE
from queue_status.open_data.files import CSV_NAME, JSON_NAME, csv_text, json_text, sha256
from queue_status.open_data.models import OpenDataPublication
from queue_status.statistics.aggregation import recompute_statistics
from queue_status.statistics.periods import last_full_months, period_key
from queue_status.statistics.published import PublishedStatistics, published_statistics

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PublishTarget:
    dataset_name: str
    owner_org: str
    license_id: str
    portal_url: str  # this portal's public address, for the dataset's source link


@dataclass
class PublishOutcome:
    period: str
    dataset: str = "unchanged"  # created, updated, unchanged
    files: dict[str, str] = field(default_factory=dict)  # name: created, updated, unchanged
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def changed(self) -> bool:
        return self.dataset != "unchanged" or any(v != "unchanged" for v in self.files.values())


def dataset_metadata(target: PublishTarget) -> DatasetMetadata:
    return DatasetMetadata(
        name=target.dataset_name, title=TITLE["lv"],
        notes=f"{DESCRIPTION['lv']}\n\n{DESCRIPTION['en']}", license_id=target.license_id,
        url=f"{target.portal_url.rstrip('/')}/queue-statistics", owner_org=target.owner_org,
        extras={"title_en": TITLE["en"], "frequency": "monthly", "language": "lv,en",
                "dcat_ap_metadata": f"{target.portal_url.rstrip('/')}/open-data/catalog.jsonld"})


def _differs(dataset: Dataset, metadata: DatasetMetadata) -> bool:
    return ((dataset.title, dataset.notes, dataset.license_id, dataset.url, dict(dataset.extras))
            != (metadata.title, metadata.notes, metadata.license_id, metadata.url,
                dict(metadata.extras)))


def resource_files(publication: OpenDataPublication) -> list[ResourceFile]:
    period = publication.period
    return [
        ResourceFile(name="Tehnisko palīglīdzekļu rindas (CSV)",
                     description=f"Dati līdz {period} (ieskaitot). Data up to {period}.",
                     format="CSV", mimetype="text/csv", filename=CSV_NAME,
                     content=publication.csv_body.encode(), sha256=publication.csv_sha256,
                     period=period),
        ResourceFile(name="Tehnisko palīglīdzekļu rindas (JSON)",
                     description=f"Dati līdz {period} (ieskaitot). Data up to {period}.",
                     format="JSON", mimetype="application/json", filename=JSON_NAME,
                     content=publication.json_body.encode(), sha256=publication.json_sha256,
                     period=period),
    ]


async def _statistics_for(session: AsyncSession, now: datetime) -> PublishedStatistics:
    statistics = await published_statistics(session)
    if statistics is None or statistics.last_month != last_full_months(now)[-1]:
        await recompute_statistics(session, now)
        statistics = await published_statistics(session)
    assert statistics is not None  # recomputed just now
    return statistics


async def prepare(sessionmaker: async_sessionmaker[AsyncSession],
                  now: datetime) -> OpenDataPublication:
    """The period's files: stored by the first run of the period, the same ever after."""
    period = period_key(last_full_months(now)[-1])
    async with transaction(sessionmaker) as session:
        publication = await session.get(OpenDataPublication, period)
        if publication is None:
            statistics = await _statistics_for(session, now)
            csv_body, json_body = csv_text(statistics), json_text(statistics)
            publication = OpenDataPublication(
                period=period, csv_body=csv_body, json_body=json_body,
                csv_sha256=sha256(csv_body), json_sha256=sha256(json_body), prepared_at=now)
            session.add(publication)
    return publication


async def publish_open_data(sessionmaker: async_sessionmaker[AsyncSession],
                            portal: OpenDataPortal, target: PublishTarget, *,
                            now: datetime) -> PublishOutcome:
    publication = await prepare(sessionmaker, now)
    outcome = PublishOutcome(publication.period)
    metadata = dataset_metadata(target)
    try:
        dataset = await portal.show_dataset(target.dataset_name)
        if dataset is None:
            dataset = await portal.create_dataset(metadata)
            outcome.dataset = "created"
        elif _differs(dataset, metadata):
            dataset = await portal.patch_dataset(dataset.id, metadata)
            outcome.dataset = "updated"
        for file in resource_files(publication):
            held = dataset.resource_named(file.name)
            if held is None:
                await portal.create_resource(dataset.id, file)
                outcome.files[file.filename] = "created"
            elif held.hash != file.sha256 or held.period != file.period:
                await portal.update_resource(held.id, file)
                outcome.files[file.filename] = "updated"
            else:
                outcome.files[file.filename] = "unchanged"
    except AdapterError as exc:
        logger.error("open data for %s not published: %s", publication.period, exc)
        outcome.error = str(exc)
        return outcome
    if outcome.changed or publication.published_at is None:
        async with transaction(sessionmaker) as session:
            stored = await session.get(OpenDataPublication, publication.period)
            if stored is not None:
                stored.published_at = stored.published_at or now
                stored.dataset_id = dataset.id[:100]
    return outcome


def summary(outcome: PublishOutcome, dataset_name: str) -> str:
    if outcome.error:
        return (f"period {outcome.period}: not published, the open-data portal failed: "
                f"{outcome.error}")
    if not outcome.changed:
        return (f"period {outcome.period}: nothing to do, dataset {dataset_name} already "
                "holds this period's files")
    files = ", ".join(f"{name} {state}" for name, state in outcome.files.items())
    return f"period {outcome.period}: dataset {dataset_name} {outcome.dataset}; {files}"
