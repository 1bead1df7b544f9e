"""The equipment extension table: one row per machine asset (ADR-005: a machine number is required)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base


class EquipmentRow(Base):
    """Fields of a production machine beyond the core asset columns."""

    __tablename__ = "equipment"

    id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    machinenumber: Mapped[str] = mapped_column(String(40), unique=True)
    equipmenttype: Mapped[str] = mapped_column(String(20), default="other", index=True)
    vendor: Mapped[str | None] = mapped_column(String(120), index=True)
    model: Mapped[str | None] = mapped_column(String(120))
    controllertype: Mapped[str | None] = mapped_column(String(80))
    controlleros: Mapped[str | None] = mapped_column(String(80))
    installdate: Mapped[date | None] = mapped_column(Date)
    criticality: Mapped[str] = mapped_column(String(10), default="MEDIUM", index=True)
