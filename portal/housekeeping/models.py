"""Files waiting to be deleted from storage once the database no longer needs them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class StorageDeletion(Base):
    """A storage key whose row is gone (or emptied), its file still to be deleted.

    Written in the transaction that removes the last row pointing at the file, so
    the file is deleted only after that change committed; a deletion that fails is
    kept here and tried again on the next round, and no row ever points at a
    missing file.
    """

    __tablename__ = "storage_deletions"

    storage_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The error's type and message from the storage backend: never a file name.
    last_error: Mapped[str] = mapped_column(Text, default="")
