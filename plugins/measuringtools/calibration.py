"""Calibration: ``recordCalibration``, ``measuringToolsDueForCalibration`` and the dashboard tile."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.plugins import (
    AssetRow,
    CanRead,
    CanWrite,
    Context,
    ErrorCode,
    PayloadErrors,
    Tx,
    UserError,
    WidgetValue,
    assets_of,
    perform,
    user_error,
    utcnow,
)

from .kind import KIND, MeasuringToolRow, due_condition, measuringtool, next_due, overdue_now
from .models import MeasuringToolCalibrationRow
from .types import CalibrationResult, MeasuringTool, MeasuringToolCalibration, build

DUE_SOON_DAYS = 30
# A failed calibration does not make the tool calibrated: its last good date stays.
COUNTS_AS_CALIBRATED = (CalibrationResult.PASS, CalibrationResult.ADJUSTED)


@strawberry.input(description="A calibration that was carried out.")
class CalibrationInput:
    performed_at: datetime = strawberry.field(description="When it was done (not in the future).")
    performed_by: str = strawberry.field(description="Who did it (person or lab).")
    result: CalibrationResult = strawberry.field(description="PASS, FAIL or ADJUSTED.")
    certificate: str | None = strawberry.field(default=None, description="Certificate number.")
    notes: str | None = strawberry.field(default=None, description="Free text.")


@strawberry.type(description="Result of recording a calibration.")
class RecordCalibrationPayload:
    measuring_tool: MeasuringTool | None = strawberry.field(
        default=None, description="The tool, with its updated last and next calibration.")
    calibration: MeasuringToolCalibration | None = strawberry.field(
        default=None, description="The calibration recorded.")
    errors: list[UserError] = strawberry.field(description="Why it was refused.")


def check_calibration(data: CalibrationInput) -> tuple[str, str | None]:
    """The cleaned performer and certificate; every problem reported at once."""
    errors = []
    performer = data.performed_by.strip()
    if not performer or len(performer) > 120:
        errors.append(user_error(ErrorCode.REQUIRED if not performer else ErrorCode.INVALID,
                                 "Who calibrated it is required (1-120 characters)",
                                 "input", "performedBy"))
    if data.performed_at.tzinfo is None or data.performed_at > utcnow() + timedelta(minutes=5):
        errors.append(user_error(ErrorCode.INVALID, "The time must be in the past, with a zone",
                                 "input", "performedAt"))
    certificate = (data.certificate or "").strip() or None
    if certificate is not None and len(certificate) > 120:
        errors.append(user_error(ErrorCode.INVALID, "The certificate is at most 120 characters",
                                 "input", "certificate"))
    if errors:
        raise PayloadErrors(*errors)
    return performer, certificate


async def record(tx: Tx, id: strawberry.ID, data: CalibrationInput) -> dict[str, Any]:
    performer, certificate = check_calibration(data)
    asset = await measuringtool.asset_row(tx, id)
    tool = await tx.session.get(MeasuringToolRow, asset.id)
    if tool is None:
        tool = MeasuringToolRow(id=asset.id)
        tx.session.add(tool)
        await tx.session.flush()  # the calibration references the tool row
    calibration = MeasuringToolCalibrationRow(
        toolid=asset.id, performedat=data.performed_at, performedby=performer,
        result=data.result.value, certificate=certificate, notes=data.notes)
    tx.session.add(calibration)
    changes: dict[str, dict[str, Any]] = {}
    newer = tool.lastcalibratedat is None or data.performed_at > tool.lastcalibratedat
    if data.result in COUNTS_AS_CALIBRATED and newer:
        due = next_due(data.performed_at, tool.calibrationintervaldays)
        changes = {"lastcalibratedat": {"old": _iso(tool.lastcalibratedat),
                                        "new": _iso(data.performed_at)},
                   "nextcalibrationdue": {"old": _iso(tool.nextcalibrationdue), "new": _iso(due)}}
        tool.lastcalibratedat, tool.nextcalibrationdue = data.performed_at, due
    await tx.session.flush()
    changes["calibration"] = {"old": None, "new": {
        "id": calibration.id, "performedat": _iso(data.performed_at), "performedby": performer,
        "result": data.result.value, "certificate": certificate}}
    asset.updatedat = utcnow()
    await tx.audit("calibrate", "asset", asset.id, changes,
                   summary=f"{asset.name}: calibration {data.result.value} by {performer}")
    return {"measuring_tool": build(asset, tool),
            "calibration": MeasuringToolCalibration.from_row(calibration)}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@strawberry.type
class CalibrationQuery:
    @strawberry.field(description=(
        "Measuring tools due for calibration within `withinDays` (default 30), soonest first: "
        "never calibrated tools on a schedule, then overdue ones, then those due soon."),
        permission_classes=[CanRead])
    async def measuring_tools_due_for_calibration(
        self, info: Info[Context, Any], within_days: int = DUE_SOON_DAYS
    ) -> list[MeasuringTool]:
        within = max(0, within_days)
        row = MeasuringToolRow
        query = (select(AssetRow).join(row, row.id == AssetRow.id)
                 .where(AssetRow.kind == KIND, due_condition(within))
                 .order_by(row.nextcalibrationdue.is_(None).desc(), row.nextcalibrationdue,
                           AssetRow.id))
        return await assets_of(info, query)


@strawberry.type
class CalibrationMutation:
    @strawberry.mutation(description=(
        "Record a calibration of a measuring tool (audited). PASS and ADJUSTED set the tool's "
        "last calibration (when newer) and so its next due date; FAIL is kept in the history "
        "but leaves the tool due."), permission_classes=[CanWrite])
    async def record_calibration(
        self, info: Info[Context, Any], id: strawberry.ID, input: CalibrationInput
    ) -> RecordCalibrationPayload:
        return await perform(info, RecordCalibrationPayload, lambda tx: record(tx, id, input))


async def calibrations_due(session: AsyncSession) -> WidgetValue:
    """Dashboard tile: tools due within 30 days, and how many of them are overdue."""
    row = MeasuringToolRow
    tools = select(func.count()).select_from(AssetRow).where(AssetRow.kind == KIND)
    due = int(await session.scalar(tools.where(AssetRow.id.in_(
        select(row.id).where(due_condition(DUE_SOON_DAYS))))) or 0)
    late = int(await session.scalar(tools.where(overdue_now())) or 0)
    return WidgetValue(value=float(due), text=f"due within {DUE_SOON_DAYS} days, {late} overdue",
                       rows=(("Overdue", float(late), "/measuringtools?is=overdue"),
                             ("Due soon", float(due - late), None)),
                       link=f"/measuringtools?due={DUE_SOON_DAYS}")
