"""The measuringtools plugin's tables: one row per measuring tool asset, and its calibrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime

KIND = "measuringtool"


class MeasuringToolRow(Base):
    """Fields of measuring tool assets beyond the core asset columns (ADR-001, ADR-005).

    ``nextcalibrationdue`` is derived (last calibration + interval) and stored only so that
    "due for calibration" is one indexed query; code keeps it in step (``next_due``).
    """

    __tablename__ = "measuringtools"

    id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    toolnumber: Mapped[str | None] = mapped_column(String(64), unique=True)
    tooltype: Mapped[str | None] = mapped_column(String(20))
    manufacturer: Mapped[str | None] = mapped_column(String(120))
    modelname: Mapped[str | None] = mapped_column(String(120))
    rangemin: Mapped[float | None] = mapped_column(Float)
    rangemax: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    resolution: Mapped[float | None] = mapped_column(Float)
    calibrationintervaldays: Mapped[int | None] = mapped_column(Integer)
    lastcalibratedat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nextcalibrationdue: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


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
