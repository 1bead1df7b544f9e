"""The notifications tables: notices, and the locations/assets each one concerns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime, utcnow


class NotificationRow(Base):
    """A shop-floor notice, shown between ``startsat`` and ``endsat`` (open-ended if null)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16), default="INFO")
    startsat: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    endsat: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    createdby: Mapped[str] = mapped_column(String(120))


class NotificationTargetRow(Base):
    """One location or asset a notice concerns (exactly one of the two is set)."""

    __tablename__ = "notificationtargets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notificationid: Mapped[int] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), index=True)
    locationid: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE"), index=True)
    assetid: Mapped[int | None] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), index=True)
