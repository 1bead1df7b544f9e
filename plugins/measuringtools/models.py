"""The measuringtools plugin's tables: the kind's own is declared in kind.py; here, calibrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime


class MeasuringToolCalibrationRow(Base):
    """One calibration of a measuring tool (the tool's calibration history)."""

    __tablename__ = "measuringtoolcalibrations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    toolid: Mapped[int] = mapped_column(ForeignKey("measuringtools.id", ondelete="CASCADE"),
                                        index=True)
    performedat: Mapped[datetime] = mapped_column(UTCDateTime)
    performedby: Mapped[str] = mapped_column(String(120))
    result: Mapped[str] = mapped_column(String(16))
    certificate: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)
