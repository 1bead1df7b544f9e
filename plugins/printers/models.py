"""The printers extension table and its supply levels (fed by collectors)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime, utcnow


class PrinterRow(Base):
    """Fields of a printer beyond the core asset columns."""

    __tablename__ = "printers"

    id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    hostname: Mapped[str | None] = mapped_column(String(120), unique=True)
    ipaddress: Mapped[str | None] = mapped_column(String(45), index=True)
    vendor: Mapped[str | None] = mapped_column(String(120), index=True)
    model: Mapped[str | None] = mapped_column(String(120))
    queuename: Mapped[str | None] = mapped_column(String(120))
    driver: Mapped[str | None] = mapped_column(String(200))
    pagecount: Mapped[int | None] = mapped_column(Integer)


class PrinterSupplyRow(Base):
    """One consumable of a printer (toner, drum, waste box...) and its level in percent."""

    __tablename__ = "printersupplies"
    __table_args__ = (UniqueConstraint("printerid", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    printerid: Mapped[int] = mapped_column(ForeignKey("printers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    level: Mapped[int] = mapped_column(Integer)
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
