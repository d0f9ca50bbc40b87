"""An in-memory CKAN: datasets, their resources and uploaded files.

It keeps what CKAN would keep (uploaded bytes included), counts the calls that
change something (`writes`), and fails on request, so tests of publishing can
check that a second run in a period writes nothing. `served.py` puts the same
object behind CKAN's Action API over HTTP.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from adapters.errors import NotFound, Rejected
from adapters.fakes import FailsNextCalls
from adapters.open_data_portal.base import (
    SYSTEM,
    Dataset,
    DatasetMetadata,
    Resource,
    ResourceFile,
)


@dataclass
class StoredResource:
    resource: Resource
    content: bytes
    mimetype: str
    description: str
    filename: str


@dataclass
class StoredDataset:
    dataset: Dataset
    owner_org: str
    resources: dict[str, StoredResource] = field(default_factory=dict)

    def current(self) -> Dataset:
        return replace(self.dataset,
                       resources=tuple(r.resource for r in self.resources.values()))


@dataclass
class FakeOpenDataPortal(FailsNextCalls):
    base_url: str = "http://ckan.invalid"
    datasets: dict[str, StoredDataset] = field(default_factory=dict)  # by name
    writes: list[str] = field(default_factory=list)  # "package_create", ...

    def stored_dataset(self, dataset_id: str) -> StoredDataset:
        for stored in self.datasets.values():
            if dataset_id in (stored.dataset.id, stored.dataset.name):
                return stored
        raise NotFound(SYSTEM, "no such dataset")

    def file(self, resource_id: str) -> StoredResource | None:
        for stored in self.datasets.values():
            if resource_id in stored.resources:
                return stored.resources[resource_id]
        return None

    async def show_dataset(self, name: str) -> Dataset | None:
        self._check()
        stored = self.datasets.get(name)
        return stored.current() if stored else None

    async def create_dataset(self, metadata: DatasetMetadata) -> Dataset:
        self._check()
        if metadata.name in self.datasets:
            raise Rejected(SYSTEM, "that URL is already in use")
        if not metadata.owner_org:
            raise Rejected(SYSTEM, "an organisation is required")
        self.writes.append("package_create")
        dataset = Dataset(id=str(uuid.uuid4()), name=metadata.name, title=metadata.title,
                          notes=metadata.notes, license_id=metadata.license_id,
                          url=metadata.url, extras=dict(metadata.extras), resources=())
        self.datasets[metadata.name] = StoredDataset(dataset, metadata.owner_org)
        return dataset

    async def patch_dataset(self, dataset_id: str, metadata: DatasetMetadata) -> Dataset:
        self._check()
        stored = self.stored_dataset(dataset_id)
        self.writes.append("package_patch")
        stored.dataset = replace(stored.dataset, title=metadata.title, notes=metadata.notes,
                                 license_id=metadata.license_id, url=metadata.url,
                                 extras=dict(metadata.extras))
        return stored.current()

    def _store(self, stored: StoredDataset, resource_id: str, file: ResourceFile) -> Resource:
        url = (f"{self.base_url.rstrip('/')}/dataset/{stored.dataset.id}/resource/"
               f"{resource_id}/download/{file.filename}")
        resource = Resource(id=resource_id, name=file.name, url=url, hash=file.sha256,
                            period=file.period, format=file.format)
        stored.resources[resource_id] = StoredResource(resource, file.content, file.mimetype,
                                                       file.description, file.filename)
        return resource

    async def create_resource(self, dataset_id: str, file: ResourceFile) -> Resource:
        self._check()
        stored = self.stored_dataset(dataset_id)
        self.writes.append("resource_create")
        return self._store(stored, str(uuid.uuid4()), file)

    async def update_resource(self, resource_id: str, file: ResourceFile) -> Resource:
        self._check()
        for stored in self.datasets.values():
            if resource_id in stored.resources:
                self.writes.append("resource_update")
                return self._store(stored, resource_id, file)
        raise NotFound(SYSTEM, "no such resource")
