from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class Mandate(Base):
    __tablename__ = "mandates"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_registration_number: Mapped[str] = mapped_column(String(11), index=True)
    # As the Enterprise Register named it at granting time, for the holder's switch,
    # which must not call the register on every page.
    company_name: Mapped[str] = mapped_column(String(200))
    holder_personal_code: Mapped[str] = mapped_column(String(12), index=True)
    # As the Population Register confirmed it at granting time.
    holder_name: Mapped[str] = mapped_column(String(200))
    # E-service slugs from eservices.registry; the mandate covers these and no others.
    services: Mapped[list[str]] = mapped_column(JSON)
    # The last day (Riga time) on which the mandate may be used.
    expires_on: Mapped[date] = mapped_column(Date)
    granted_by_personal_code: Mapped[str] = mapped_column(String(12))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by_personal_code: Mapped[str | None] = mapped_column(String(12), nullable=True)

    def in_force(self, today: date) -> bool:
        return self.revoked_at is None and today <= self.expires_on
