"""The usb plugin's tables: the kind's own (declared in kind.py) and each device's check-outs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime, utcnow


class UsbCheckoutRow(Base):
    """One check-out of a device to a person; open while ``checkedinat`` is null."""

    __tablename__ = "usbcheckouts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    usbdeviceid: Mapped[int] = mapped_column(ForeignKey("usbdevices.id", ondelete="CASCADE"), index=True)
    holder: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(String(255))
    checkedoutat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dueat: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    checkedinat: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    checkedoutby: Mapped[str] = mapped_column(String(120))
    checkedinby: Mapped[str | None] = mapped_column(String(120))
