"""The printers plugin's hand-written table: supply levels (the printer's own is in kind.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime, utcnow


class PrinterSupplyRow(Base):
    """One consumable of a printer (toner, drum, waste box...) and its level in percent."""

    __tablename__ = "printersupplies"
    __table_args__ = (UniqueConstraint("printerid", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    printerid: Mapped[int] = mapped_column(ForeignKey("printers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    level: Mapped[int] = mapped_column(Integer)
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
