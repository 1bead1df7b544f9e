"""GraphQL types of the measuringtool kind: the tool (declared in kind.py), its calibrations."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from strawberry.types import Info

from shopdb_gql.plugins import Asset, Context, utcnow

from .kind import measuringtool
from .models import MeasuringToolCalibrationRow


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


@measuringtool.object_type
class MeasuringTool(Asset):
    """The declared fields (kind.py), and the calibration state and history written by hand."""

    if TYPE_CHECKING:  # declared in kind.py, added by object_type
        calibration_interval_days: int | None
        next_calibration_due: datetime | None

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


build = measuringtool.build
