"""Root fields of the printers plugin: lists, low-supply report, CRUD and supply levels."""

from __future__ import annotations

import ipaddress
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
    assets_for,
    core_values,
    create_asset,
    delete_asset,
    get_or_fail,
    perform,
    update_asset,
    user_error,
    utcnow,
)

from .models import PrinterRow, PrinterSupplyRow
from .types import KIND, Printer, build_printer

UNSET: Any = strawberry.UNSET
TEXT_LIMITS = {"hostname": 120, "vendor": 120, "model": 120, "queuename": 120, "driver": 200}


@strawberry.input(description="Narrows the printer list. All given criteria must match.")
class PrinterFilter:
    vendor: str | None = strawberry.field(
        default=None, description="Vendor name, exact but case-insensitive.")
    text: str | None = strawberry.field(default=None, description=(
        "Matches asset tag, name, serial number, notes, hostname, IP address, vendor, model, "
        "queue name and driver."))
    locations: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Location ids.")
    statuses: list[strawberry.ID] | None = strawberry.field(default=None, description="Status ids.")
    low_supply_below: int | None = strawberry.field(
        default=None, description="Only printers with a supply level below this percentage.")


@strawberry.enum(description="Fields the printer list can be sorted by.")
class PrinterOrderField(Enum):
    HOSTNAME = "hostname"
    NAME = "name"
    ASSET_TAG = "assettag"
    IP_ADDRESS = "ipaddress"
    VENDOR = "vendor"
    PAGE_COUNT = "pagecount"
    UPDATED_AT = "updatedat"


@strawberry.input(description="One sort key of the printer list.")
class PrinterOrder:
    field: PrinterOrderField = strawberry.field(description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC,
                                                description="Ascending or descending.")


@strawberry.input(description="A new printer: give a hostname or a serial number (or both).")
class PrinterInput:
    hostname: str | None = strawberry.field(default=None, description="Network host name; unique.")
    serial_number: str | None = strawberry.field(default=UNSET, description="Serial number.")
    name: str | None = strawberry.field(
        default=UNSET, description="Display name; defaults to the hostname, else the serial number.")
    asset_tag: str | None = strawberry.field(
        default=UNSET, description="Asset number; generated when omitted.")
    status_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Status id; `in use` when omitted.")
    location_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Location id.")
    notes: str | None = strawberry.field(default=UNSET, description="Free text notes.")
    ip_address: str | None = strawberry.field(default=None, description="IPv4 or IPv6 address.")
    vendor: str | None = strawberry.field(default=None, description="Manufacturer.")
    model: str | None = strawberry.field(default=None, description="Manufacturer's model name.")
    queue_name: str | None = strawberry.field(default=None, description="Print queue or share name.")
    driver: str | None = strawberry.field(default=None, description="Printer driver name.")
    page_count: int | None = strawberry.field(default=None, description="Total pages printed.")


@strawberry.input(description="Changes to a printer; omitted fields stay as they are, null clears.")
class PrinterUpdateInput(AssetUpdateInput):
    hostname: str | None = strawberry.field(default=UNSET, description="Network host name; unique.")
    ip_address: str | None = strawberry.field(default=UNSET, description="IPv4 or IPv6 address.")
    vendor: str | None = strawberry.field(default=UNSET, description="Manufacturer.")
    model: str | None = strawberry.field(default=UNSET, description="Manufacturer's model name.")
    queue_name: str | None = strawberry.field(default=UNSET, description="Print queue or share name.")
    driver: str | None = strawberry.field(default=UNSET, description="Printer driver name.")
    page_count: int | None = strawberry.field(default=UNSET, description="Total pages printed.")


@strawberry.input(description="A supply level as reported by the printer.")
class PrinterSupplyInput:
    name: str = strawberry.field(description="Supply name, e.g. `Black toner` (matched exactly).")
    level: int = strawberry.field(description="Remaining level in percent (0-100).")


@strawberry.type(description="Result of creating or changing a printer.")
class PrinterPayload:
    printer: Printer | None = strawberry.field(default=None, description="The printer, after.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of deleting a printer.")
class DeletePrinterPayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None, description="Identifier of the printer deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


def _clean(value: str | None, limit: int) -> str | None:
    text = (value or "").strip()
    return text[:limit] if text else None


def low_supply(threshold: int) -> Any:
    """Condition: the asset is a printer with a supply below ``threshold`` percent."""
    return AssetRow.id.in_(select(PrinterSupplyRow.printerid)
                           .where(PrinterSupplyRow.level < threshold))


def printer_query(flt: PrinterFilter | None, info: Info[Context, Any]) -> Select[Any]:
    query = select(AssetRow).outerjoin(PrinterRow, PrinterRow.id == AssetRow.id).where(AssetRow.kind == KIND)
    if flt is None:
        return query
    core = AssetFilter(text=flt.text, locations=flt.locations, statuses=flt.statuses)
    query = apply_asset_filter(query, core, info.context.active.kinds)
    if flt.vendor is not None:
        query = query.where(func.lower(PrinterRow.vendor) == flt.vendor.strip().lower())
    if flt.low_supply_below is not None:
        query = query.where(low_supply(flt.low_supply_below))
    return query


async def _hostname(tx: Tx, value: str | None, own_id: int | None) -> str | None:
    name = _clean(value, 121)
    if name is None:
        return None
    if len(name) > 120 or any(c.isspace() for c in name):
        raise PayloadErrors(user_error(ErrorCode.INVALID, "A hostname has at most 120 characters "
                                       "and no spaces", "input", "hostname"))
    name = name.lower()
    clash = await tx.session.scalar(select(PrinterRow.id).where(PrinterRow.hostname == name))
    if clash is not None and clash != own_id:
        raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"Hostname {name!r} belongs to printer {clash}",
                                       "input", "hostname"))
    return name


def _ip(value: str | None) -> str | None:
    text = _clean(value, 46)
    if text is None:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError as exc:
        raise PayloadErrors(user_error(ErrorCode.INVALID, f"{text!r} is not an IP address",
                                       "input", "ipAddress")) from exc


def _page_count(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "A page count cannot be negative",
                                       "input", "pageCount"))
    return value


async def ext_values(tx: Tx, data: PrinterInput | PrinterUpdateInput, own_id: int | None) -> dict[str, Any]:
    """Validated printer columns for the fields given in ``data`` (UNSET = leave alone)."""
    values: dict[str, Any] = {}
    if data.hostname is not UNSET:
        values["hostname"] = await _hostname(tx, data.hostname, own_id)
    if data.ip_address is not UNSET:
        values["ipaddress"] = _ip(data.ip_address)
    if data.page_count is not UNSET:
        values["pagecount"] = _page_count(data.page_count)
    for field, column in (("vendor", "vendor"), ("model", "model"), ("queue_name", "queuename"),
                          ("driver", "driver")):
        if getattr(data, field) is not UNSET:
            values[column] = _clean(getattr(data, field), TEXT_LIMITS[column])
    return values


async def _printer(tx: Tx, id: strawberry.ID) -> AssetRow:
    row: AssetRow = await get_or_fail(tx.session, AssetRow, id, "printer")
    if row.kind != KIND:
        raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, f"Asset {id} is not a printer", "id"))
    return row


def _supply_levels(supplies: list[PrinterSupplyInput]) -> dict[str, int]:
    levels: dict[str, int] = {}
    for i, supply in enumerate(supplies):
        name = supply.name.strip()[:80]
        if not name:
            raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A supply needs a name",
                                           "supplies", str(i), "name"))
        if name in levels:
            raise PayloadErrors(user_error(ErrorCode.INVALID, f"Supply {name!r} is given twice",
                                           "supplies", str(i), "name"))
        if not 0 <= supply.level <= 100:
            raise PayloadErrors(user_error(ErrorCode.INVALID, "A supply level is 0-100 percent",
                                           "supplies", str(i), "level"))
        levels[name] = supply.level
    return levels


async def set_supply_levels(tx: Tx, id: strawberry.ID, supplies: list[PrinterSupplyInput]) -> dict[str, Any]:
    """Upsert supplies by name (others stay), audit the changed levels, return the printer."""
    row = await _printer(tx, id)
    levels = _supply_levels(supplies)
    if await tx.session.get(PrinterRow, row.id) is None:
        tx.session.add(PrinterRow(id=row.id))
    existing = {s.name: s for s in await tx.session.scalars(
        select(PrinterSupplyRow).where(PrinterSupplyRow.printerid == row.id))}
    now = utcnow()
    changes: dict[str, Any] = {}
    for name, level in levels.items():
        supply = existing.get(name)
        if supply is None:
            tx.session.add(PrinterSupplyRow(printerid=row.id, name=name, level=level, updatedat=now))
            changes[f"supply:{name}"] = {"old": None, "new": level}
        else:
            if supply.level != level:
                changes[f"supply:{name}"] = {"old": supply.level, "new": level}
            supply.level, supply.updatedat = level, now
    if changes:
        await tx.audit("update", "asset", row.id, changes, summary=f"{row.name}: supply levels")
    await tx.session.flush()
    return {"printer": build_printer(row, await tx.session.get(PrinterRow, row.id))}


@strawberry.type
class PrinterQuery:
    @strawberry.field(description="One printer by asset id; null if it is not a printer.",
                      permission_classes=[CanRead])
    async def printer(self, info: Info[Context, Any], id: strawberry.ID) -> Printer | None:
        return await asset_of_type(info, id, Printer)

    @strawberry.field(description="Printers, filtered, sorted (by name by default) and paged.",
                      permission_classes=[CanRead])
    async def printers(
        self, info: Info[Context, Any], filter: PrinterFilter | None = None,
        order_by: list[PrinterOrder] | None = None, first: int | None = 50, after: str | None = None,
    ) -> Connection[Printer]:
        query = apply_asset_order(printer_query(filter, info), order_by, PrinterRow,
                                  default="name")
        return await asset_page(info, query, first, after)

    @strawberry.field(description=(
        "Printers with any supply level below `threshold` percent, by name (at most the "
        "page size cap, 500 by default)."),
        permission_classes=[CanRead])
    async def printers_with_low_supplies(
        self, info: Info[Context, Any], threshold: int = 15
    ) -> list[Printer]:
        query = (select(AssetRow).where(AssetRow.kind == KIND, low_supply(threshold))
                 .order_by(AssetRow.name, AssetRow.id).limit(info.context.settings.max_page_size))
        return await assets_for(info, (await info.context.session.scalars(query)).all())


@strawberry.type
class PrinterMutation:
    @strawberry.mutation(description="Create a printer (a hostname or a serial number is required).",
                         permission_classes=[CanWrite])
    async def create_printer(self, info: Info[Context, Any], input: PrinterInput) -> PrinterPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            ext = await ext_values(tx, input, None)
            values = await core_values(tx.session, input, None)
            identity = ext.get("hostname") or values.get("serialnumber")
            if not identity:
                raise PayloadErrors(user_error(ErrorCode.REQUIRED,
                                               "A printer needs a hostname or a serial number",
                                               "input", "hostname"))
            values.setdefault("name", identity)
            row = PrinterRow(**ext)
            asset = await create_asset(tx, KIND, values, row)
            return {"printer": build_printer(asset, row)}

        return await perform(info, PrinterPayload, work)

    @strawberry.mutation(description="Change a printer; omitted fields stay, null clears.",
                         permission_classes=[CanWrite])
    async def update_printer(
        self, info: Info[Context, Any], id: strawberry.ID, input: PrinterUpdateInput
    ) -> PrinterPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await _printer(tx, id)
            ext = await ext_values(tx, input, row.id)
            result = await update_asset(tx, id, input, ext, PrinterRow, kind=KIND)
            current = await tx.session.get(PrinterRow, row.id)
            if not (current and current.hostname) and not row.serialnumber:
                raise PayloadErrors(user_error(ErrorCode.REQUIRED,
                                               "A printer keeps a hostname or a serial number",
                                               "input", "hostname"))
            return {"printer": result["asset"]}

        return await perform(info, PrinterPayload, work)

    @strawberry.mutation(description="Delete a printer, its supplies and its relationships.",
                         permission_classes=[CanWrite])
    async def delete_printer(self, info: Info[Context, Any], id: strawberry.ID) -> DeletePrinterPayload:
        return await perform(info, DeletePrinterPayload, lambda tx: delete_asset(tx, id, kind=KIND))

    @strawberry.mutation(description=(
        "Record supply levels of a printer: each supply is matched by name and updated, or added; "
        "supplies not given stay. Changes are audited."), permission_classes=[CanWrite])
    async def set_printer_supply_levels(
        self, info: Info[Context, Any], id: strawberry.ID, supplies: list[PrinterSupplyInput]
    ) -> PrinterPayload:
        return await perform(info, PrinterPayload, lambda tx: set_supply_levels(tx, id, supplies))
