"""What an upload produced: stored attachments, refused files, and the text fields."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from starlette.datastructures import FormData

from eservices.attachments.sniffing import FileType


class RejectionReason(StrEnum):
    """Why one file was refused; views turn each code into a translated message."""

    TOO_LARGE = "too_large"
    TOTAL_TOO_LARGE = "total_too_large"
    TYPE_NOT_ALLOWED = "type_not_allowed"
    EMPTY = "empty"
    INFECTED = "infected"
    TOO_MANY_FILES = "too_many_files"


class ScanStatus(StrEnum):
    CLEAN = "clean"
    # No scanner was given, or it was unavailable. Such an attachment must be
    # scanned again before it is forwarded to a back office.
    NOT_SCANNED = "not_scanned"


@dataclass(frozen=True)
class StoredAttachment:
    field_name: str
    key: str
    filename: str
    size: int
    content_type: FileType
    sha256: str
    scan: ScanStatus = ScanStatus.NOT_SCANNED


@dataclass(frozen=True)
class RejectedAttachment:
    field_name: str
    filename: str
    reason: RejectionReason
    # For operators, never shown as is: the signature name of an infected file.
    detail: str | None = None


@dataclass(frozen=True)
class UploadResult:
    """Text fields (a multidict WTForms accepts as formdata) and files in body order."""

    fields: FormData
    files: tuple[StoredAttachment | RejectedAttachment, ...]

    @property
    def stored(self) -> tuple[StoredAttachment, ...]:
        return tuple(item for item in self.files if isinstance(item, StoredAttachment))

    @property
    def rejected(self) -> tuple[RejectedAttachment, ...]:
        return tuple(item for item in self.files if isinstance(item, RejectedAttachment))

    def for_field(self, field_name: str) -> tuple[StoredAttachment | RejectedAttachment, ...]:
        return tuple(item for item in self.files if item.field_name == field_name)
