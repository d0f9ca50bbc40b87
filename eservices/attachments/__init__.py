"""Large attachments: streamed from the request to storage, sniffed, scanned.

A view calls `receive_upload(request, storage, limits=..., scanner=...)` instead
of `request.form()`. The result's `fields` go to the WTForms form as formdata;
`stored` lists the kept files (key, filename, size, content_type, sha256, scan);
`rejected` says per file why it was refused (a `RejectionReason` code).
"""

from eservices.attachments.results import (
    RejectedAttachment,
    RejectionReason,
    ScanStatus,
    StoredAttachment,
    UploadResult,
)
from eservices.attachments.sniffing import FileType
from eservices.attachments.storage import (
    AttachmentNotFound,
    AttachmentStorage,
    AttachmentWriter,
    LocalDirectoryStorage,
)
from eservices.attachments.upload import (
    MalformedUpload,
    UploadError,
    UploadLimits,
    UploadTooLarge,
    receive_multipart,
    receive_upload,
)

__all__ = [
    "AttachmentNotFound",
    "AttachmentStorage",
    "AttachmentWriter",
    "FileType",
    "LocalDirectoryStorage",
    "MalformedUpload",
    "RejectedAttachment",
    "RejectionReason",
    "ScanStatus",
    "StoredAttachment",
    "UploadError",
    "UploadLimits",
    "UploadResult",
    "UploadTooLarge",
    "receive_multipart",
    "receive_upload",
]
