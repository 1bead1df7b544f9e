"""Root fields of the equipment plugin: `equipment(id)`, `equipmentList(...)` and CRUD mutations."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import Select, func, select
from strawberry.types import Info

from shopdb_gql.plugins import (
    AssetFilter,
    AssetRow,
    AssetUpdateInput,
    CanRead,
    CanWrite,
    Connection,
    Context,
    ErrorCode,
    PayloadErrors,
    SortDirection,
    Tx,
    UserError,
    apply_asset_filter,
    apply_asset_order,
    asset_of_type,
    asset_page,
    core_values,
    create_asset,
    delete_asset,
    get_or_fail,
    perform,
    update_asset,
    user_error,
)

from .models import EquipmentRow
from .types import KIND, Criticality, Equipment, EquipmentType, build_equipment

UNSET: Any = strawberry.UNSET


@strawberry.input(description="Narrows the equipment list. All given criteria must match.")
class EquipmentFilter:
    equipment_types: list[EquipmentType] | None = strawberry.field(
        default=None, description="Any of these machine types.")
    criticalities: list[Criticality] | None = strawberry.field(
        default=None, description="Any of these criticalities.")
    vendor: str | None = strawberry.field(
        default=None, description="Vendor name, exact but case-insensitive.")
    text: str | None = strawberry.field(default=None, description=(
        "Matches asset tag, name, serial number, notes, machine number, vendor, model and "
        "controller type and OS."))
    locations: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Location ids.")
    statuses: list[strawberry.ID] | None = strawberry.field(default=None, description="Status ids.")


@strawberry.enum(description="Fields the equipment list can be sorted by.")
class EquipmentOrderField(Enum):
    MACHINE_NUMBER = "machinenumber"
    NAME = "name"
    ASSET_TAG = "assettag"
    EQUIPMENT_TYPE = "equipmenttype"
    VENDOR = "vendor"
    CRITICALITY = "criticality"
    INSTALL_DATE = "installdate"
    UPDATED_AT = "updatedat"


@strawberry.input(description="One sort key of the equipment list.")
class EquipmentOrder:
    field: EquipmentOrderField = strawberry.field(description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC,
                                                description="Ascending or descending.")


@strawberry.input(description="A new machine. Only machines with a machine number are equipment.")
class EquipmentInput:
    machine_number: str = strawberry.field(description="Machine number on the floor; unique.")
    equipment_type: EquipmentType = strawberry.field(
        default=EquipmentType.OTHER, description="What kind of machine it is.")
    name: str | None = strawberry.field(
        default=UNSET, description="Display name; defaults to the machine number.")
    asset_tag: str | None = strawberry.field(
        default=UNSET, description="Asset number; generated when omitted.")
    serial_number: str | None = strawberry.field(
        default=UNSET, description="Manufacturer serial number.")
    status_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Status id; `in use` when omitted.")
    location_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Location id.")
    notes: str | None = strawberry.field(default=UNSET, description="Free text notes.")
    vendor: str | None = strawberry.field(default=None, description="Machine manufacturer.")
    model: str | None = strawberry.field(default=None, description="Manufacturer's model name.")
    controller_type: str | None = strawberry.field(default=None, description="CNC controller.")
    controller_os: str | None = strawberry.field(
        default=None, description="Controller operating system or software version.")
    install_date: date | None = strawberry.field(default=None, description="Installation date.")
    criticality: Criticality = strawberry.field(
        default=Criticality.MEDIUM, description="How critical the machine is for production.")


@strawberry.input(description="Changes to a machine; omitted fields stay as they are, null clears.")
class EquipmentUpdateInput(AssetUpdateInput):
    machine_number: str | None = strawberry.field(
        default=UNSET, description="Machine number; cannot be cleared.")
    equipment_type: EquipmentType | None = strawberry.field(
        default=UNSET, description="Machine type; cannot be cleared.")
    vendor: str | None = strawberry.field(default=UNSET, description="Machine manufacturer.")
    model: str | None = strawberry.field(default=UNSET, description="Manufacturer's model name.")
    controller_type: str | None = strawberry.field(default=UNSET, description="CNC controller.")
    controller_os: str | None = strawberry.field(
        default=UNSET, description="Controller operating system or software version.")
    install_date: date | None = strawberry.field(default=UNSET, description="Installation date.")
    criticality: Criticality | None = strawberry.field(
        default=UNSET, description="Criticality; cannot be cleared.")


@strawberry.type(description="Result of creating or changing a machine.")
class EquipmentPayload:
    equipment: Equipment | None = strawberry.field(default=None, description="The machine, after.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of deleting a machine.")
class DeleteEquipmentPayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None, description="Identifier of the machine deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


def _clean(value: str | None, limit: int) -> str | None:
    text = (value or "").strip()
    return text[:limit] if text else None


def equipment_query(flt: EquipmentFilter | None, info: Info[Context, Any]) -> Select[Any]:
    """Equipment assets matching ``flt`` (outer join: a machine without its row still lists)."""
    query = (select(AssetRow).outerjoin(EquipmentRow, EquipmentRow.id == AssetRow.id)
             .where(AssetRow.kind == KIND))
    if flt is None:
        return query
    core = AssetFilter(text=flt.text, locations=flt.locations, statuses=flt.statuses)
    query = apply_asset_filter(query, core, info.context.active.kinds)
    if flt.equipment_types is not None:
        query = query.where(EquipmentRow.equipmenttype.in_([t.value for t in flt.equipment_types]))
    if flt.criticalities is not None:
        query = query.where(EquipmentRow.criticality.in_([c.value for c in flt.criticalities]))
    if flt.vendor is not None:
        query = query.where(func.lower(EquipmentRow.vendor) == flt.vendor.strip().lower())
    return query


async def _machine_number(tx: Tx, value: str | None, own_id: int | None) -> str:
    number = _clean(value, 41)
    if number is None:
        raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A machine number is required",
                                       "input", "machineNumber"))
    if len(number) > 40:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "A machine number has at most 40 characters",
                                       "input", "machineNumber"))
    clash = await tx.session.scalar(select(EquipmentRow.id)
                                    .where(EquipmentRow.machinenumber == number))
    if clash is not None and clash != own_id:
        raise PayloadErrors(user_error(
            ErrorCode.CONFLICT, f"Machine number {number!r} belongs to equipment {clash}",
            "input", "machineNumber"))
    return number


def _not_cleared(value: Any, field: str, what: str) -> Any:
    if value is None:
        raise PayloadErrors(user_error(ErrorCode.REQUIRED, f"{what} cannot be cleared", "input", field))
    return value.value


async def _ext_changes(tx: Tx, data: EquipmentUpdateInput, own_id: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if data.machine_number is not UNSET:
        values["machinenumber"] = await _machine_number(tx, data.machine_number, own_id)
    if data.equipment_type is not UNSET:
        values["equipmenttype"] = _not_cleared(data.equipment_type, "equipmentType",
                                               "The equipment type")
    if data.criticality is not UNSET:
        values["criticality"] = _not_cleared(data.criticality, "criticality", "The criticality")
    for field, column, limit in (("vendor", "vendor", 120), ("model", "model", 120),
                                 ("controller_type", "controllertype", 80),
                                 ("controller_os", "controlleros", 80)):
        if getattr(data, field) is not UNSET:
            values[column] = _clean(getattr(data, field), limit)
    if data.install_date is not UNSET:
        values["installdate"] = data.install_date
    return values


@strawberry.type
class EquipmentQuery:
    @strawberry.field(description="One machine by asset id; null if it is not equipment.",
                      permission_classes=[CanRead])
    async def equipment(self, info: Info[Context, Any], id: strawberry.ID) -> Equipment | None:
        return await asset_of_type(info, id, Equipment)

    @strawberry.field(description="Machines, filtered, sorted (by machine number by default) and paged.",
                      permission_classes=[CanRead])
    async def equipment_list(
        self, info: Info[Context, Any], filter: EquipmentFilter | None = None,
        order_by: list[EquipmentOrder] | None = None, first: int | None = 50,
        after: str | None = None,
    ) -> Connection[Equipment]:
        query = apply_asset_order(equipment_query(filter, info), order_by, EquipmentRow,
                                  default="machinenumber")
        return await asset_page(info, query, first, after)


@strawberry.type
class EquipmentMutation:
    @strawberry.mutation(description="Create a machine (equipment requires a unique machine number).",
                         permission_classes=[CanWrite])
    async def create_equipment(self, info: Info[Context, Any], input: EquipmentInput) -> EquipmentPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            number = await _machine_number(tx, input.machine_number, None)
            values = await core_values(tx.session, input, None)
            values.setdefault("name", number)
            ext = EquipmentRow(
                machinenumber=number, equipmenttype=input.equipment_type.value,
                vendor=_clean(input.vendor, 120), model=_clean(input.model, 120),
                controllertype=_clean(input.controller_type, 80),
                controlleros=_clean(input.controller_os, 80), installdate=input.install_date,
                criticality=input.criticality.value)
            row = await create_asset(tx, KIND, values, ext)
            return {"equipment": build_equipment(row, ext)}

        return await perform(info, EquipmentPayload, work)

    @strawberry.mutation(description="Change a machine; omitted fields stay, null clears.",
                         permission_classes=[CanWrite])
    async def update_equipment(
        self, info: Info[Context, Any], id: strawberry.ID, input: EquipmentUpdateInput
    ) -> EquipmentPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await get_or_fail(tx.session, AssetRow, id, "equipment")
            if row.kind != KIND:
                raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, f"Asset {id} is not equipment",
                                               "id"))
            ext_values = await _ext_changes(tx, input, row.id)
            if ext_values and await tx.session.get(EquipmentRow, row.id) is None \
                    and "machinenumber" not in ext_values:
                raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A machine number is required",
                                               "input", "machineNumber"))
            result = await update_asset(tx, id, input, ext_values, EquipmentRow, kind=KIND)
            return {"equipment": result["asset"]}

        return await perform(info, EquipmentPayload, work)

    @strawberry.mutation(description="Delete a machine, its equipment record and its relationships.",
                         permission_classes=[CanWrite])
    async def delete_equipment(self, info: Info[Context, Any], id: strawberry.ID) -> DeleteEquipmentPayload:
        return await perform(info, DeleteEquipmentPayload, lambda tx: delete_asset(tx, id, kind=KIND))
