"""Root fields of the computers plugin: ``computer``, ``computers`` and CRUD mutations."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import Select, delete, or_, select
from strawberry.types import Info

from shopdb_gql.plugins import (
    AssetRow,
    AssetUpdateInput,
    CanRead,
    CanWrite,
    Connection,
    Context,
    ErrorCode,
    LocationRow,
    PayloadErrors,
    SortDirection,
    Tx,
    UserError,
    apply_asset_order,
    asset_of_type,
    asset_page,
    create_asset,
    delete_asset,
    get_or_fail,
    in_locations,
    like_pattern,
    parse_ids,
    perform,
    relate_assets,
    unrelate_assets,
    update_asset,
    user_error,
)

from .models import ComputerApplicationRow, ComputerRow
from .types import Computer, PcType, build

KIND = "computer"
CONTROLS = "controls"
UNSET: Any = strawberry.UNSET
EXT_FIELDS = {"hostname": "hostname", "manufacturer": "manufacturer", "model": "model",
              "os_name": "osname", "os_version": "osversion", "pc_type": "pctype",
              "ip_address": "ipaddress", "mac_address": "macaddress",
              "logged_on_user": "loggedonuser", "last_boot_at": "lastbootat"}


@strawberry.input(description="An installed application.")
class ComputerApplicationInput:
    name: str = strawberry.field(description="Application name.")
    version: str | None = strawberry.field(default=None, description="Installed version.")


@strawberry.input(description="A new computer.")
class ComputerInput:
    hostname: str = strawberry.field(description="Network host name.")
    name: str | None = strawberry.field(default=None, description="Display name (hostname if empty).")
    asset_tag: str | None = strawberry.field(default=None, description="Asset number (generated if empty).")
    serial_number: str | None = strawberry.field(default=None, description="Serial number.")
    location_id: strawberry.ID | None = strawberry.field(default=None, description="Location.")
    notes: str | None = strawberry.field(default=None, description="Free text.")
    manufacturer: str | None = strawberry.field(default=None, description="Maker.")
    model: str | None = strawberry.field(default=None, description="Model.")
    os_name: str | None = strawberry.field(default=None, description="Operating system name.")
    os_version: str | None = strawberry.field(default=None, description="Operating system version.")
    pc_type: PcType | None = strawberry.field(default=None, description="What the PC is used for.")
    ip_address: str | None = strawberry.field(default=None, description="Primary IP address.")
    mac_address: str | None = strawberry.field(default=None, description="Primary MAC address.")
    logged_on_user: str | None = strawberry.field(default=None, description="Logged-on user.")
    last_boot_at: datetime | None = strawberry.field(default=None, description="Last boot (UTC).")
    applications: list[ComputerApplicationInput] | None = strawberry.field(
        default=None, description="Installed applications.")
    controls_asset_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "Equipment this shop-floor PC controls: a `controls` relationship that passes the "
        "machine's map position on to the PC."))


@strawberry.input(description="Changes to a computer; omitted fields stay, null clears.")
class ComputerUpdateInput(AssetUpdateInput):
    hostname: str | None = strawberry.field(default=UNSET, description="Network host name.")
    manufacturer: str | None = strawberry.field(default=UNSET, description="Maker.")
    model: str | None = strawberry.field(default=UNSET, description="Model.")
    os_name: str | None = strawberry.field(default=UNSET, description="Operating system name.")
    os_version: str | None = strawberry.field(default=UNSET, description="Operating system version.")
    pc_type: PcType | None = strawberry.field(default=UNSET, description="What the PC is used for.")
    ip_address: str | None = strawberry.field(default=UNSET, description="Primary IP address.")
    mac_address: str | None = strawberry.field(default=UNSET, description="Primary MAC address.")
    logged_on_user: str | None = strawberry.field(default=UNSET, description="Logged-on user.")
    last_boot_at: datetime | None = strawberry.field(default=UNSET, description="Last boot (UTC).")
    applications: list[ComputerApplicationInput] | None = strawberry.field(
        default=UNSET, description="Installed applications (replaces the list; null clears).")
    controls_asset_id: strawberry.ID | None = strawberry.field(default=UNSET, description=(
        "Equipment this PC controls (replaces the `controls` link; null removes it)."))


@strawberry.input(description="Narrows the list of computers. All given criteria must match.")
class ComputerFilter:
    pc_types: list[PcType] | None = strawberry.field(default=None, description="PC types.")
    os: str | None = strawberry.field(default=None,
                                      description="Substring of the OS name or version.")
    text: str | None = strawberry.field(default=None, description=(
        "Substring of asset tag, name, serial, hostname, IP/MAC address or logged-on user."))
    locations: list[strawberry.ID] | None = strawberry.field(default=None,
                                                            description="Location ids.")


@strawberry.enum(description="Fields computers can be sorted by.")
class ComputerOrderField(Enum):
    HOSTNAME = "hostname"
    NAME = "name"
    ASSET_TAG = "assettag"
    PC_TYPE = "pctype"
    OS_NAME = "osname"
    LAST_BOOT_AT = "lastbootat"
    LAST_SEEN_AT = "lastseenat"
    UPDATED_AT = "updatedat"


@strawberry.input(description="One sort key for computers.")
class ComputerOrder:
    field: ComputerOrderField = strawberry.field(description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC,
                                                description="Ascending or descending.")


@strawberry.type(description="Result of a computer mutation.")
class ComputerPayload:
    computer: Computer | None = strawberry.field(default=None, description="The computer, after.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of deleting a computer.")
class DeleteComputerPayload:
    deleted_id: strawberry.ID | None = strawberry.field(default=None, description="What was deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


def computer_query(flt: ComputerFilter | None, order: list[ComputerOrder] | None) -> Select[Any]:
    query = (select(AssetRow).outerjoin(ComputerRow, ComputerRow.id == AssetRow.id)
             .where(AssetRow.kind == KIND))
    if flt is not None:
        if flt.pc_types is not None:
            query = query.where(ComputerRow.pctype.in_([t.value for t in flt.pc_types]))
        if flt.os and flt.os.strip():
            query = query.where(or_(ComputerRow.osname.ilike(like_pattern(flt.os), escape="\\"),
                                    ComputerRow.osversion.ilike(like_pattern(flt.os), escape="\\")))
        if flt.locations is not None:
            query = query.where(in_locations(AssetRow.locationid, parse_ids(flt.locations, "location")))
        if flt.text and flt.text.strip():
            pattern = like_pattern(flt.text)
            query = query.where(or_(*(c.ilike(pattern, escape="\\") for c in (
                AssetRow.assettag, AssetRow.name, AssetRow.serialnumber, ComputerRow.hostname,
                ComputerRow.ipaddress, ComputerRow.macaddress, ComputerRow.loggedonuser))))
    return apply_asset_order(query, order, ComputerRow)


async def _ext_rows(session: Any, ids: list[int]) -> dict[int, ComputerRow]:
    if not ids:
        return {}
    rows = await session.scalars(select(ComputerRow).where(ComputerRow.id.in_(ids)))
    return {r.id: r for r in rows}


@strawberry.type
class ComputerQuery:
    @strawberry.field(description="One computer by id.", permission_classes=[CanRead])
    async def computer(self, info: Info[Context, Any], id: strawberry.ID) -> Computer | None:
        return await asset_of_type(info, id, Computer)

    @strawberry.field(description="Computers, filtered, sorted and paged.",
                      permission_classes=[CanRead])
    async def computers(
        self, info: Info[Context, Any], filter: ComputerFilter | None = None,
        order_by: list[ComputerOrder] | None = None, first: int | None = 50,
        after: str | None = None,
    ) -> Connection[Computer]:
        try:
            query = computer_query(filter, order_by)
        except PayloadErrors as exc:
            from graphql import GraphQLError

            raise GraphQLError(str(exc), extensions={"code": "BAD_USER_INPUT"}) from exc
        return await asset_page(info, query, first, after)


def _ext_values(data: Any) -> dict[str, Any]:
    values = {}
    for field, column in EXT_FIELDS.items():
        value = getattr(data, field)
        if value is UNSET:
            continue
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, str):
            value = value.strip() or None
        values[column] = value
    return values


async def _set_applications(tx: Tx, asset_id: int, apps: list[ComputerApplicationInput] | None,
                            audit: bool) -> None:
    table = ComputerApplicationRow
    old = [(r.name, r.version) for r in await tx.session.scalars(
        select(table).where(table.computerid == asset_id).order_by(table.name, table.id))]
    new = sorted({(a.name.strip(), (a.version or "").strip() or None)
                  for a in apps or [] if a.name.strip()}, key=lambda a: (a[0], a[1] or ""))
    if sorted(old, key=lambda a: (a[0], a[1] or "")) == new:
        return
    await tx.session.execute(delete(table).where(table.computerid == asset_id))
    tx.session.add_all(table(computerid=asset_id, name=n[:200], version=v[:80] if v else None)
                       for n, v in new)
    await tx.session.flush()
    if audit:
        await tx.audit("update", "asset", asset_id, {"applications": {
            "old": [f"{n} {v or ''}".strip() for n, v in old],
            "new": [f"{n} {v or ''}".strip() for n, v in new]}}, summary="applications")


async def _check_location(tx: Tx, location_id: strawberry.ID | None) -> int | None:
    if location_id is None:
        return None
    row = await get_or_fail(tx.session, LocationRow, location_id, "location", "input",
                            "locationId")
    return int(row.id)


async def _created(tx: Tx, input: ComputerInput) -> dict[str, Any]:
    hostname = input.hostname.strip()
    if not hostname or len(hostname) > 255:
        raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A hostname of 1-255 characters is "
                                                           "required", "input", "hostname"))
    values = {"name": (input.name or "").strip() or hostname, "assettag": input.asset_tag,
              "serialnumber": (input.serial_number or "").strip() or None,
              "locationid": await _check_location(tx, input.location_id), "notes": input.notes}
    ext = ComputerRow(**_ext_values(input))
    row = await create_asset(tx, KIND, values, ext)
    if input.applications:
        await _set_applications(tx, row.id, input.applications, audit=False)
    if input.controls_asset_id is not None:
        await relate_assets(tx, row.id, input.controls_asset_id, CONTROLS, True,
                            "input", "controlsAssetId")
    return {"computer": build(row, ext)}


async def _updated(tx: Tx, id: strawberry.ID, input: ComputerUpdateInput) -> dict[str, Any]:
    if input.hostname is not UNSET and not (input.hostname or "").strip():
        raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A computer always has a hostname",
                                       "input", "hostname"))
    result = await update_asset(tx, id, input, _ext_values(input), ComputerRow, kind=KIND)
    asset_id = int(result["asset"].id)
    if input.applications is not UNSET:
        await _set_applications(tx, asset_id, input.applications, audit=True)
    if input.controls_asset_id is not UNSET:
        await unrelate_assets(tx, asset_id, CONTROLS)
        if input.controls_asset_id is not None:
            await relate_assets(tx, asset_id, input.controls_asset_id, CONTROLS, True,
                                "input", "controlsAssetId")
    return {"computer": result["asset"]}


@strawberry.type
class ComputerMutation:
    @strawberry.mutation(description="Create a computer.", permission_classes=[CanWrite])
    async def create_computer(self, info: Info[Context, Any],
                              input: ComputerInput) -> ComputerPayload:
        return await perform(info, ComputerPayload, lambda tx: _created(tx, input))

    @strawberry.mutation(description="Change a computer; omitted fields stay, null clears.",
                         permission_classes=[CanWrite])
    async def update_computer(self, info: Info[Context, Any], id: strawberry.ID,
                              input: ComputerUpdateInput) -> ComputerPayload:
        return await perform(info, ComputerPayload, lambda tx: _updated(tx, id, input))

    @strawberry.mutation(description="Delete a computer.", permission_classes=[CanWrite])
    async def delete_computer(self, info: Info[Context, Any],
                              id: strawberry.ID) -> DeleteComputerPayload:
        return await perform(info, DeleteComputerPayload,
                             lambda tx: delete_asset(tx, id, kind=KIND))
