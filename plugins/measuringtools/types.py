"""GraphQL types of the measuringtool kind: the tool, its calibrations, and two enums."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from strawberry.types import Info

from shopdb_gql.plugins import Asset, AssetRow, Context, asset_fields, utcnow

from .models import MeasuringToolCalibrationRow, MeasuringToolRow


@strawberry.enum(description="What sort of measuring instrument a tool is.")
class MeasuringToolType(Enum):
    GAUGE = "gauge"
    CALIPER = "caliper"
    MICROMETER = "micrometer"
    INDICATOR = "indicator"
    CMM = "cmm"
    OTHER = "other"


@strawberry.enum(description="Outcome of a calibration.")
class CalibrationResult(Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    ADJUSTED = "ADJUSTED"


@strawberry.type(description="One calibration of a measuring tool.")
class MeasuringToolCalibration:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    performed_at: datetime = strawberry.field(description="When the calibration was done (UTC).")
    performed_by: str = strawberry.field(description="Who calibrated it (person or lab).")
    result: CalibrationResult = strawberry.field(description="PASS, FAIL or ADJUSTED.")
    certificate: str | None = strawberry.field(description="Calibration certificate number.")
    notes: str | None = strawberry.field(description="Free text.")

    @classmethod
    def from_row(cls, row: MeasuringToolCalibrationRow) -> MeasuringToolCalibration:
        return cls(id=strawberry.ID(str(row.id)), performed_at=row.performedat,
                   performed_by=row.performedby, result=CalibrationResult(row.result),
                   certificate=row.certificate, notes=row.notes)


def calibrations_loader(info: Info[Context, Any]) -> Any:
    """Per request: (tool id, how many) -> newest calibrations first, one query per size."""
    session = info.context.session

    async def load(keys: list[tuple[int, int]]) -> list[list[MeasuringToolCalibrationRow]]:
        by_size: dict[int, list[int]] = defaultdict(list)
        for tool_id, size in keys:
            by_size[size].append(tool_id)
        found: dict[tuple[int, int], list[MeasuringToolCalibrationRow]] = defaultdict(list)
        cal = MeasuringToolCalibrationRow
        for size, tool_ids in by_size.items():
            if size <= 0:
                continue
            rank = func.row_number().over(partition_by=cal.toolid, order_by=(
                cal.performedat.desc(), cal.id.desc())).label("rank")
            inner = select(cal, rank).where(cal.toolid.in_(tool_ids)).subquery()
            ranked = aliased(cal, inner)
            rows = await session.scalars(select(ranked).where(inner.c.rank <= size)
                                         .order_by(inner.c.performedat.desc(), inner.c.id.desc()))
            for row in rows:
                found[(row.toolid, size)].append(row)
        return [found.get(key, []) for key in keys]

    return info.context.loaders.loader("measuringtools.calibrations", load)


@strawberry.type(description=(
    "A measuring tool (gauge, caliper, micrometer, CMM...): an asset of kind `measuringtool`. "
    "Not equipment (ADR-005): it is identified by its tool number and calibrated on schedule."))
class MeasuringTool(Asset):
    tool_number: str | None = strawberry.field(
        default=None, description="Tool number, the tool's identity on the site (unique).")
    tool_type: MeasuringToolType | None = strawberry.field(
        default=None, description="Gauge, caliper, micrometer, indicator, CMM or other.")
    manufacturer: str | None = strawberry.field(default=None, description="Who made it.")
    model_name: str | None = strawberry.field(
        default=None, description="The manufacturer's model name.")
    range_min: float | None = strawberry.field(
        default=None, description="Lower end of the measuring range, in `unit`.")
    range_max: float | None = strawberry.field(
        default=None, description="Upper end of the measuring range, in `unit`.")
    unit: str | None = strawberry.field(default=None, description="Unit of range and resolution.")
    resolution: float | None = strawberry.field(
        default=None, description="Smallest readable step, in `unit`.")
    calibration_interval_days: int | None = strawberry.field(
        default=None, description="Days between calibrations; null: not calibrated on schedule.")
    last_calibrated_at: datetime | None = strawberry.field(
        default=None, description="Last successful (PASS or ADJUSTED) calibration.")
    next_calibration_due: datetime | None = strawberry.field(default=None, description=(
        "Derived: last calibration + interval. Null when either is unknown."))

    @strawberry.field(description=(
        "Whether the tool needs calibrating now: past its due date, or on a schedule but "
        "never calibrated."))
    def calibration_overdue(self) -> bool:
        if self.calibration_interval_days is None:
            return False
        return self.next_calibration_due is None or self.next_calibration_due <= utcnow()

    @strawberry.field(description="Calibration history, newest first.")
    async def calibrations(self, info: Info[Context, Any],
                           first: int = 20) -> list[MeasuringToolCalibration]:
        rows = await calibrations_loader(info).load((int(self.id), max(0, min(first, 500))))
        return [MeasuringToolCalibration.from_row(r) for r in rows]


def next_due(last: datetime | None, interval_days: int | None) -> datetime | None:
    """The derived next calibration date."""
    if last is None or interval_days is None:
        return None
    return last + timedelta(days=interval_days)


def build(row: AssetRow, ext: MeasuringToolRow | None) -> MeasuringTool:
    """The GraphQL object from the core row and the extension row (None if missing)."""
    if ext is None:
        return MeasuringTool(**asset_fields(row))
    return MeasuringTool(
        **asset_fields(row),
        tool_number=ext.toolnumber,
        tool_type=MeasuringToolType(ext.tooltype) if ext.tooltype else None,
        manufacturer=ext.manufacturer,
        model_name=ext.modelname,
        range_min=ext.rangemin,
        range_max=ext.rangemax,
        unit=ext.unit,
        resolution=ext.resolution,
        calibration_interval_days=ext.calibrationintervaldays,
        last_calibrated_at=ext.lastcalibratedat,
        next_calibration_due=ext.nextcalibrationdue,
    )
