"""What the portal asks of the open-data portal: keep one dataset and its files.

The open-data portal (data.gov.lv) runs CKAN. A dataset ("package") has
metadata and resources; each resource here is one uploaded file (the CSV, the
JSON). The portal reads the dataset, creates it or corrects its metadata, and
creates or replaces its resources. Each resource carries the SHA-256 of its file
(`hash`) and the period it covers, so a re-run can see that CKAN already holds
exactly these files.

Every method raises only `adapters.errors`: `Unavailable` (try again later),
`Rejected` (CKAN refused: a wrong token, invalid metadata).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

SYSTEM = "open_data_portal"


@dataclass(frozen=True, slots=True)
class DatasetMetadata:
    """The fields of a CKAN package that the portal keeps."""

    name: str  # the URL name, e.g. "tehnisko-palidzlidzeklu-rindas"
    title: str
    notes: str  # the description (CKAN renders Markdown)
    license_id: str
    url: str  # the source: the statistics page
    owner_org: str = ""  # the publishing organisation's CKAN name; needed to create
    extras: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ResourceFile:
    """One file to hold in the dataset, found again by its `name`."""

    name: str
    description: str
    format: str  # "CSV", "JSON"
    mimetype: str
    filename: str
    content: bytes
    sha256: str
    period: str  # e.g. "2026-10"


@dataclass(frozen=True, slots=True)
class Resource:
    id: str
    name: str
    url: str
    hash: str
    period: str
    format: str


@dataclass(frozen=True, slots=True)
class Dataset:
    id: str
    name: str
    title: str
    notes: str
    license_id: str
    url: str
    extras: Mapping[str, str]
    resources: tuple[Resource, ...]

    def resource_named(self, name: str) -> Resource | None:
        return next((r for r in self.resources if r.name == name), None)


class OpenDataPortal(Protocol):
    async def show_dataset(self, name: str) -> Dataset | None:
        """The dataset, or None when CKAN has none of that name."""
        ...

    async def create_dataset(self, metadata: DatasetMetadata) -> Dataset: ...

    async def patch_dataset(self, dataset_id: str, metadata: DatasetMetadata) -> Dataset:
        """Change the given fields; the resources stay as they are."""
        ...

    async def create_resource(self, dataset_id: str, file: ResourceFile) -> Resource: ...

    async def update_resource(self, resource_id: str, file: ResourceFile) -> Resource:
        """Replace the file and fields of an existing resource."""
        ...
