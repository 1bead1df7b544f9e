"""Root fields of the measuringtools plugin: ``measuringTool``, ``measuringTools``, CRUD mutations.

Calibration (history, ``recordCalibration``, what is due) lives in calibration.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.plugins import (
    AssetFilter,
    AssetOrder,
    AssetRow,
    AssetUpdateInput,
    CanRead,
    CanWrite,
    Connection,
    Context,
    ErrorCode,
    PayloadErrors,
    Tx,
    UserError,
    apply_asset_filter,
    apply_asset_order,
    asset_of_type,
    asset_page,
    core_values,
    create_asset,
    delete_asset,
    perform,
    update_asset,
    user_error,
    utcnow,
)

from .models import KIND, MeasuringToolRow
from .types import MeasuringTool, MeasuringToolType, build, next_due

UNSET: Any = strawberry.UNSET
EXTENSION_FIELDS = {
    "tool_number": "toolnumber", "tool_type": "tooltype", "manufacturer": "manufacturer",
    "model_name": "modelname", "range_min": "rangemin", "range_max": "rangemax", "unit": "unit",
    "resolution": "resolution", "calibration_interval_days": "calibrationintervaldays",
    "last_calibrated_at": "lastcalibratedat",
}
MAX_INTERVAL_DAYS = 3650
MAX_DAYS = 36500  # bounds "due within" arguments (a timedelta cannot hold any int)


@strawberry.input(description="Narrows a list of measuring tools. All given criteria must match.")
class MeasuringToolFilter:
    statuses: list[strawberry.ID] | None = strawberry.field(default=None, description="Status ids.")
    locations: list[strawberry.ID] | None = strawberry.field(default=None,
                                                             description="Location ids.")
    text: str | None = strawberry.field(default=None, description=(
        "Matches asset tag, name, serial number, notes, tool number, manufacturer and model."))
    manufacturer: str | None = strawberry.field(default=None,
                                                description="Manufacturer (exact, any case).")
    tool_number: str | None = strawberry.field(default=None, description="Tool number (exact).")
    tool_types: list[MeasuringToolType] | None = strawberry.field(
        default=None, description="Any of these tool types.")
    due_within_days: int | None = strawberry.field(default=None, description=(
        "Only tools due for calibration within this many days (overdue and never calibrated "
        "tools on a schedule included)."))


@strawberry.input(description="A new measuring tool.")
class MeasuringToolInput:
    name: str = strawberry.field(description="Display name.")
    tool_number: str = strawberry.field(description="Tool number (unique on the site).")
    asset_tag: str | None = strawberry.field(
        default=UNSET, description="Asset number (generated if omitted).")
    serial_number: str | None = strawberry.field(default=None, description="Serial number.")
    status_id: strawberry.ID | None = strawberry.field(default=UNSET,
                                                       description="Status (default: in use).")
    location_id: strawberry.ID | None = strawberry.field(default=None, description="Location.")
    notes: str | None = strawberry.field(default=None, description="Free text.")
    tool_type: MeasuringToolType | None = strawberry.field(default=None, description="Tool type.")
    manufacturer: str | None = strawberry.field(default=None, description="Who made it.")
    model_name: str | None = strawberry.field(default=None, description="Model name.")
    range_min: float | None = strawberry.field(default=None, description="Range, lower end.")
    range_max: float | None = strawberry.field(default=None, description="Range, upper end.")
    unit: str | None = strawberry.field(default=None, description="Unit, e.g. mm.")
    resolution: float | None = strawberry.field(default=None, description="Resolution (> 0).")
    calibration_interval_days: int | None = strawberry.field(
        default=None, description="Days between calibrations (1-3650).")
    last_calibrated_at: datetime | None = strawberry.field(
        default=None, description="Last calibration, when taking over an existing tool.")


@strawberry.input(description="Changes to a measuring tool: omitted fields stay, null clears.")
class MeasuringToolUpdateInput(AssetUpdateInput):
    tool_number: str | None = strawberry.field(default=UNSET, description="Tool number.")
    tool_type: MeasuringToolType | None = strawberry.field(default=UNSET, description="Tool type.")
    manufacturer: str | None = strawberry.field(default=UNSET, description="Who made it.")
    model_name: str | None = strawberry.field(default=UNSET, description="Model name.")
    range_min: float | None = strawberry.field(default=UNSET, description="Range, lower end.")
    range_max: float | None = strawberry.field(default=UNSET, description="Range, upper end.")
    unit: str | None = strawberry.field(default=UNSET, description="Unit, e.g. mm.")
    resolution: float | None = strawberry.field(default=UNSET, description="Resolution (> 0).")
    calibration_interval_days: int | None = strawberry.field(
        default=UNSET, description="Days between calibrations (1-3650).")
    last_calibrated_at: datetime | None = strawberry.field(
        default=UNSET, description="Last calibration (normally set by recordCalibration).")


@strawberry.type(description="Result of a measuring tool mutation.")
class MeasuringToolPayload:
    measuring_tool: MeasuringTool | None = strawberry.field(
        default=None, description="The measuring tool, after the change.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of deleting a measuring tool.")
class MeasuringToolDeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(default=None,
                                                        description="Id of the deleted asset.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


def as_int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def extension_values(data: Any) -> dict[str, Any]:
    """Extension columns given in ``data`` (UNSET fields are left out)."""
    values = {column: getattr(data, name) for name, column in EXTENSION_FIELDS.items()
              if getattr(data, name) is not UNSET}
    if isinstance(values.get("tooltype"), MeasuringToolType):
        values["tooltype"] = values["tooltype"].value
    return values


async def checked_values(session: AsyncSession, data: Any,
                         current: MeasuringToolRow | None) -> dict[str, Any]:
    """Validated extension values (every problem reported at once), plus the derived due date."""
    values = extension_values(data)
    errors = []
    if "toolnumber" in values:
        number = (values["toolnumber"] or "").strip()
        if not number or len(number) > 64:
            errors.append(user_error(ErrorCode.REQUIRED if not number else ErrorCode.INVALID,
                                     "A tool number of 1-64 characters is required",
                                     "input", "toolNumber"))
        else:
            clash = await session.scalar(select(MeasuringToolRow.id)
                                         .where(MeasuringToolRow.toolnumber == number))
            if clash is not None and (current is None or clash != current.id):
                errors.append(user_error(ErrorCode.CONFLICT, f"Tool number {number!r} is taken",
                                         "input", "toolNumber"))
        values["toolnumber"] = number

    def merged(column: str) -> Any:
        return values[column] if column in values else getattr(current, column, None)

    interval = merged("calibrationintervaldays")
    if interval is not None and not 1 <= interval <= MAX_INTERVAL_DAYS:
        errors.append(user_error(ErrorCode.INVALID, f"The interval must be 1-{MAX_INTERVAL_DAYS} days",
                                 "input", "calibrationIntervalDays"))
    low, high = merged("rangemin"), merged("rangemax")
    if low is not None and high is not None and low > high:
        errors.append(user_error(ErrorCode.INVALID, "The range's lower end is above its upper end",
                                 "input", "rangeMax"))
    if values.get("resolution") is not None and values["resolution"] <= 0:
        errors.append(user_error(ErrorCode.INVALID, "The resolution must be positive",
                                 "input", "resolution"))
    last = values.get("lastcalibratedat")
    if last is not None and (last.tzinfo is None or last > utcnow() + timedelta(minutes=5)):
        errors.append(user_error(ErrorCode.INVALID, "The last calibration must be in the past, "
                                 "with a time zone", "input", "lastCalibratedAt"))
    if errors:
        raise PayloadErrors(*errors)
    if "lastcalibratedat" in values or "calibrationintervaldays" in values:
        values["nextcalibrationdue"] = next_due(merged("lastcalibratedat"), interval)
    return values


def list_query(flt: MeasuringToolFilter | None, order_by: list[AssetOrder] | None,
               kinds: dict[str, Any]) -> Select[Any]:
    """The assets of this kind matching ``flt``, in a stable order."""
    query = select(AssetRow).where(AssetRow.kind == KIND)
    if flt is not None:
        core = AssetFilter(statuses=flt.statuses, locations=flt.locations, text=flt.text)
        query = apply_asset_filter(query, core, kinds)
        own = own_conditions(flt)
        if own:
            query = query.where(AssetRow.id.in_(select(MeasuringToolRow.id).where(*own)))
    return apply_asset_order(query, order_by)


def due_condition(within_days: int) -> ColumnElement[bool]:
    """Tools on a schedule that are due by ``within_days`` from now (or never calibrated)."""
    row = MeasuringToolRow
    limit = utcnow() + timedelta(days=max(-MAX_DAYS, min(within_days, MAX_DAYS)))
    return and_(row.calibrationintervaldays.is_not(None),
                or_(row.nextcalibrationdue.is_(None), row.nextcalibrationdue <= limit))


def own_conditions(flt: MeasuringToolFilter) -> list[ColumnElement[bool]]:
    row = MeasuringToolRow
    conditions: list[ColumnElement[bool]] = []
    if flt.manufacturer is not None:
        conditions.append(func.lower(row.manufacturer) == flt.manufacturer.strip().lower())
    if flt.tool_number is not None:
        conditions.append(row.toolnumber == flt.tool_number.strip())
    if flt.tool_types is not None:
        conditions.append(row.tooltype.in_([t.value for t in flt.tool_types]))
    if flt.due_within_days is not None:
        conditions.append(due_condition(flt.due_within_days))
    return conditions


@strawberry.type
class MeasuringToolQuery:
    @strawberry.field(description="One measuring tool by id (null if there is none).",
                      permission_classes=[CanRead])
    async def measuring_tool(
        self, info: Info[Context, Any], id: strawberry.ID
    ) -> MeasuringTool | None:
        return await asset_of_type(info, id, MeasuringTool)

    @strawberry.field(description="Measuring tools, filtered, sorted and paged.",
                      permission_classes=[CanRead])
    async def measuring_tools(
        self, info: Info[Context, Any], filter: MeasuringToolFilter | None = None,
        order_by: list[AssetOrder] | None = None, first: int | None = 50,
        after: str | None = None,
    ) -> Connection[MeasuringTool]:
        query = list_query(filter, order_by, info.context.active.kinds)
        return await asset_page(info, query, first, after)


@strawberry.type
class MeasuringToolMutation:
    @strawberry.mutation(description="Create a measuring tool.", permission_classes=[CanWrite])
    async def create_measuring_tool(
        self, info: Info[Context, Any], input: MeasuringToolInput
    ) -> MeasuringToolPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            values = await core_values(tx.session, input, None)
            ext = MeasuringToolRow(**await checked_values(tx.session, input, None))
            row = await create_asset(tx, KIND, values, ext)
            return {"measuring_tool": build(row, ext)}

        return await perform(info, MeasuringToolPayload, work)

    @strawberry.mutation(description="Change a measuring tool: omitted fields stay, null clears.",
                         permission_classes=[CanWrite])
    async def update_measuring_tool(
        self, info: Info[Context, Any], id: strawberry.ID, input: MeasuringToolUpdateInput
    ) -> MeasuringToolPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            current = await tx.session.get(MeasuringToolRow, as_int(id)) if as_int(id) else None
            ext = await checked_values(tx.session, input, current)
            result = await update_asset(tx, id, input, ext, MeasuringToolRow, kind=KIND)
            return {"measuring_tool": result["asset"]}

        return await perform(info, MeasuringToolPayload, work)

    @strawberry.mutation(description="Delete a measuring tool (and its relationships).",
                         permission_classes=[CanWrite])
    async def delete_measuring_tool(
        self, info: Info[Context, Any], id: strawberry.ID
    ) -> MeasuringToolDeletePayload:
        return await perform(info, MeasuringToolDeletePayload,
                             lambda tx: delete_asset(tx, id, kind=KIND))
