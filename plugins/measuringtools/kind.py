"""The `measuringtool` kind, declared once: a gauge, caliper, micrometer or CMM (ADR-005).

Collectors identify a tool by its tool number, then its serial number: a gauge keeps its crib
number when its serial plate is replaced. ``nextcalibrationdue`` is derived (last calibration
+ interval) and stored only so that "due for calibration" is one indexed query; ``_derive``
keeps it in step on every write, ``recordCalibration`` when it records one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, and_, or_, select

from shopdb_gql.plugins import (
    AssetCondition,
    AssetOrder,
    AssetRow,
    ErrorCode,
    Field,
    Kind,
    PayloadErrors,
    Tx,
    user_error,
    utcnow,
)

MAX_INTERVAL_DAYS = 3650
MAX_DAYS = 36500  # bounds "due within" arguments (a timedelta cannot hold any int)


@strawberry.enum(description="What sort of measuring instrument a tool is.")
class MeasuringToolType(Enum):
    GAUGE = "gauge"
    CALIPER = "caliper"
    MICROMETER = "micrometer"
    INDICATOR = "indicator"
    CMM = "cmm"
    OTHER = "other"


def next_due(last: datetime | None, interval_days: int | None) -> datetime | None:
    """The derived next calibration date."""
    if last is None or interval_days is None:
        return None
    return last + timedelta(days=interval_days)


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError("The resolution must be positive")
    return value


def _in_the_past(value: datetime) -> datetime:
    if value.tzinfo is not None and value > utcnow() + timedelta(minutes=5):
        raise ValueError("The last calibration must be in the past, with a time zone")
    return value


async def _derive(tx: Tx, values: dict[str, Any], current: Any, created: bool) -> None:
    """The range's ends in order; the next due date from the last calibration and interval."""
    def merged(column: str) -> Any:
        return values[column] if column in values else getattr(current, column, None)

    low, high = merged("rangemin"), merged("rangemax")
    if low is not None and high is not None and low > high:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "The range's lower end is above its "
                                       "upper end", "input", "rangeMax"))
    if "lastcalibratedat" in values or "calibrationintervaldays" in values:
        values["nextcalibrationdue"] = next_due(merged("lastcalibratedat"),
                                                merged("calibrationintervaldays"))


def due_condition(within_days: int) -> ColumnElement[bool]:
    """Tools on a schedule that are due by ``within_days`` from now (or never calibrated)."""
    row = MeasuringToolRow
    limit = utcnow() + timedelta(days=max(-MAX_DAYS, min(within_days, MAX_DAYS)))
    return and_(row.calibrationintervaldays.is_not(None),
                or_(row.nextcalibrationdue.is_(None), row.nextcalibrationdue <= limit))


def overdue_now() -> ColumnElement[bool]:
    row = MeasuringToolRow
    return AssetRow.id.in_(select(row.id).where(
        row.calibrationintervaldays.is_not(None),
        or_(row.nextcalibrationdue.is_(None), row.nextcalibrationdue <= utcnow())))


#: The "overdue" list filter; the USB plugin's "overdue" means its own thing for its kind.
OVERDUE = AssetCondition("overdue", "Calibration overdue", overdue_now)

measuringtool = Kind(
    "measuringtool", "Measuring tool", type_name="MeasuringTool", table="measuringtools",
    description=("A measuring tool (gauge, caliper, micrometer, CMM...): an asset of kind "
                 "`measuringtool`. Not equipment (ADR-005): it is identified by its tool number "
                 "and calibrated on schedule."),
    table_doc="Fields of measuring tool assets beyond the core asset columns (ADR-001, ADR-005).",
    fields=[
        Field("tool_number", str, required=True, max_length=64, unique=True, filter=True,
              search=True, ingest=True, help="Tool number, the tool's identity on the site (unique)."),
        Field("tool_type", MeasuringToolType, max_length=20, filter=True, ingest=True,
              help="Gauge, caliper, micrometer, indicator, CMM or other."),
        Field("manufacturer", str, vocabulary="manufacturer",
              max_length=120, filter=True, search=True, ingest=True,
              help="Who made it."),
        Field("model_name", str, vocabulary="model",
              max_length=120, search=True, ingest=True,
              help="The manufacturer's model name."),
        Field("range_min", float, ingest=True, help="Lower end of the measuring range, in `unit`."),
        Field("range_max", float, ingest=True, help="Upper end of the measuring range, in `unit`."),
        Field("unit", str, max_length=16, ingest=True, help="Unit of range and resolution."),
        Field("resolution", float, clean=_positive, ingest=True,
              help="Smallest readable step (> 0), in `unit`."),
        Field("calibration_interval_days", int, min=1, max=MAX_INTERVAL_DAYS, ingest=True,
              help="Days between calibrations (1-3650); null: not calibrated on schedule."),
        Field("last_calibrated_at", datetime, clean=_in_the_past,
              help="Last successful (PASS or ADJUSTED) calibration."),
        Field("next_calibration_due", datetime, index=True, input=False,
              help="Derived: last calibration + interval. Null when either is unknown."),
    ],
    identity=("tool_number", "serial_number"), name_required=True,
    delete_payload_name="MeasuringToolDeletePayload", order_type=AssetOrder, all_errors=True,
    before_write=_derive, conditions=(OVERDUE,),
    extra_filters={"due_within_days": (int, (
        "Only tools due for calibration within this many days (overdue and never calibrated "
        "tools on a schedule included)."), due_condition)},
)
KIND = measuringtool.key
MeasuringToolRow: Any = measuringtool.model
