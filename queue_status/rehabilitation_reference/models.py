"""Issued e-references, and the failed checks that the verification rate limit counts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class RehabilitationReference(Base):
    """One e-reference: what SRIS said about one queue place at the moment it was issued.

    The row is the document: the PDF and the public check are drawn from it, so
    they say the same thing however the queue has moved since.
    """

    __tablename__ = "rehabilitation_references"
    __table_args__ = (
        # A person's references, newest first: one index range.
        Index("ix_rehabilitation_references_person", "personal_code", "issued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The verification code, normalised. Kept so that its owner can print the
    # reference again; the public check looks it up by `code_sha256` only.
    code: Mapped[str] = mapped_column(String(20))
    code_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # Whom it is about (the person, or the child or ward a parent or guardian acted for).
    personal_code: Mapped[str] = mapped_column(String(12))
    person_name: Mapped[str] = mapped_column(String(200))
    subject_kind: Mapped[str] = mapped_column(String(20))  # "self" or "child_or_ward"
    # The signed-in person who issued it.
    issued_by_personal_code: Mapped[str] = mapped_column(String(12))
    application_id: Mapped[str] = mapped_column(String(40))
    service_code: Mapped[str] = mapped_column(String(40))
    service_name_lv: Mapped[str] = mapped_column(String(300))
    service_name_en: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    queue_size: Mapped[int] = mapped_column(Integer)
    queued_on: Mapped[date] = mapped_column(Date)
    # [{"code", "name_lv", "name_en", "received": bool}], in SRIS' order.
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def service_name(self, locale: str) -> str:
        return self.service_name_en if locale == "en" else self.service_name_lv

    def document_names(self, locale: str, *, received: bool) -> list[str]:
        key = "name_en" if locale == "en" else "name_lv"
        return [str(d[key]) for d in self.documents if bool(d["received"]) is received]


class ReferenceVerificationFailure(Base):
    """A check of a code that matched no reference (or one still being checked), per client.

    `client_key` is a keyed hash of the client's address, so no address is stored.
    Rows older than the rate limit's window are deleted as new ones come.
    """

    __tablename__ = "reference_verification_failures"
    __table_args__ = (
        Index("ix_reference_verification_failures_client", "client_key", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_key: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
