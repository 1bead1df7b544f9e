"""Root fields of the usb plugin: lists, overdue report, CRUD, check-out and check-in."""

from __future__ import annotations

from datetime import datetime
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
    Tx,
    UserError,
    apply_asset_filter,
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

from .models import UsbCheckoutRow, UsbDeviceRow
from .types import KIND, UsbDevice, build_usb_device

UNSET: Any = strawberry.UNSET


@strawberry.input(description="Narrows the USB device list. All given criteria must match.")
class UsbDeviceFilter:
    text: str | None = strawberry.field(
        default=None, description="Matches asset tag, name, serial number, notes and label.")
    checked_out: bool | None = strawberry.field(
        default=None, description="True: only devices out now; false: only devices in.")
    holder: str | None = strawberry.field(
        default=None, description="Only devices out with this holder (case-insensitive).")
    overdue: bool | None = strawberry.field(
        default=None, description="True: only devices out past their due date.")
    locations: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Location ids.")
    statuses: list[strawberry.ID] | None = strawberry.field(default=None, description="Status ids.")


@strawberry.input(description="A new USB device; its serial number is required and unique.")
class UsbDeviceInput:
    serial_number: str = strawberry.field(description="Serial number; unique among USB devices.")
    label: str | None = strawberry.field(default=None, description="What is written on the device.")
    capacity_gb: float | None = strawberry.field(default=None, description="Capacity in gigabytes.")
    name: str | None = strawberry.field(
        default=UNSET, description="Display name; defaults to the label, else the serial number.")
    asset_tag: str | None = strawberry.field(
        default=UNSET, description="Asset number; generated when omitted.")
    status_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Status id; `in use` when omitted.")
    location_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Location id.")
    notes: str | None = strawberry.field(default=UNSET, description="Free text notes.")


@strawberry.input(description="Changes to a USB device; omitted fields stay as they are, null clears.")
class UsbDeviceUpdateInput(AssetUpdateInput):
    serial_number: str | None = strawberry.field(
        default=UNSET, description="Serial number; cannot be cleared.")
    label: str | None = strawberry.field(default=UNSET, description="What is written on the device.")
    capacity_gb: float | None = strawberry.field(default=UNSET, description="Capacity in gigabytes.")


@strawberry.type(description="Result of a USB device mutation.")
class UsbDevicePayload:
    usb_device: UsbDevice | None = strawberry.field(default=None, description="The device, after.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of deleting a USB device.")
class DeleteUsbDevicePayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None, description="Identifier of the device deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


def _clean(value: str | None, limit: int) -> str | None:
    text = (value or "").strip()
    return text[:limit] if text else None


def open_checkouts() -> Select[Any]:
    return select(UsbCheckoutRow.usbdeviceid).where(UsbCheckoutRow.checkedinat.is_(None))


def overdue_checkouts() -> Select[Any]:
    return open_checkouts().where(UsbCheckoutRow.dueat < utcnow())


def usb_query(flt: UsbDeviceFilter | None, info: Info[Context, Any]) -> Select[Any]:
    query = select(AssetRow).where(AssetRow.kind == KIND)
    if flt is None:
        return query
    core = AssetFilter(text=flt.text, locations=flt.locations, statuses=flt.statuses)
    query = apply_asset_filter(query, core, info.context.active.kinds)
    if flt.checked_out is not None:
        out = AssetRow.id.in_(open_checkouts())
        query = query.where(out if flt.checked_out else ~out)
    if flt.holder is not None:
        held = open_checkouts().where(func.lower(UsbCheckoutRow.holder) == flt.holder.strip().lower())
        query = query.where(AssetRow.id.in_(held))
    if flt.overdue is not None:
        late = AssetRow.id.in_(overdue_checkouts())
        query = query.where(late if flt.overdue else ~late)
    return query


async def _serial(tx: Tx, value: str | None, own_id: int | None) -> str:
    serial = _clean(value, 129)
    if serial is None:
        raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A USB device needs its serial number",
                                       "input", "serialNumber"))
    if len(serial) > 128:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "A serial number has at most 128 characters",
                                       "input", "serialNumber"))
    clash = await tx.session.scalar(select(AssetRow.id).where(AssetRow.kind == KIND,
                                                              AssetRow.serialnumber == serial))
    if clash is not None and clash != own_id:
        raise PayloadErrors(user_error(ErrorCode.CONFLICT,
                                       f"Serial number {serial!r} belongs to USB device {clash}",
                                       "input", "serialNumber"))
    return serial


def _capacity(value: float | None) -> float | None:
    if value is not None and not 0 < value <= 100_000:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "Capacity is a positive number of GB",
                                       "input", "capacityGb"))
    return value


async def _device(tx: Tx, id: strawberry.ID) -> AssetRow:
    row: AssetRow = await get_or_fail(tx.session, AssetRow, id, "USB device")
    if row.kind != KIND:
        raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, f"Asset {id} is not a USB device", "id"))
    return row


async def _open_checkout(tx: Tx, device_id: int) -> UsbCheckoutRow | None:
    row: UsbCheckoutRow | None = await tx.session.scalar(
        select(UsbCheckoutRow).where(UsbCheckoutRow.usbdeviceid == device_id,
                                     UsbCheckoutRow.checkedinat.is_(None))
        .order_by(UsbCheckoutRow.id.desc()).limit(1).with_for_update())
    return row


async def check_out(tx: Tx, id: strawberry.ID, holder: str, reason: str | None,
                    due_at: datetime) -> dict[str, Any]:
    """Open a check-out; a device already out is a CONFLICT naming its holder."""
    device = await _device(tx, id)
    who = _clean(holder, 120)
    if who is None:
        raise PayloadErrors(user_error(ErrorCode.REQUIRED, "Say who takes the device", "holder"))
    now = utcnow()
    if due_at.tzinfo is None or due_at <= now:
        raise PayloadErrors(user_error(ErrorCode.INVALID,
                                       "The due date must be a future time with a time zone", "dueAt"))
    current = await _open_checkout(tx, device.id)
    if current is not None:
        raise PayloadErrors(user_error(
            ErrorCode.CONFLICT, f"USB device {device.assettag} is already checked out to "
            f"{current.holder} since {current.checkedoutat:%Y-%m-%d %H:%M} UTC: check it in first",
            "id"))
    if await tx.session.get(UsbDeviceRow, device.id) is None:
        tx.session.add(UsbDeviceRow(id=device.id))
        await tx.session.flush()
    checkout = UsbCheckoutRow(usbdeviceid=device.id, holder=who, reason=_clean(reason, 255),
                              checkedoutat=now, dueat=due_at, checkedoutby=tx.actor.name)
    tx.session.add(checkout)
    await tx.session.flush()
    await tx.audit("checkout", "asset", device.id,
                   {"holder": {"old": None, "new": who}, "reason": {"old": None, "new": checkout.reason},
                    "dueat": {"old": None, "new": due_at.isoformat()}},
                   summary=f"{device.name} checked out to {who}")
    return {"usb_device": build_usb_device(device, await tx.session.get(UsbDeviceRow, device.id))}


async def check_in(tx: Tx, id: strawberry.ID) -> dict[str, Any]:
    """Close the open check-out; a device that is not out is a CONFLICT."""
    device = await _device(tx, id)
    current = await _open_checkout(tx, device.id)
    if current is None:
        raise PayloadErrors(user_error(
            ErrorCode.CONFLICT, f"USB device {device.assettag} is not checked out", "id"))
    current.checkedinat, current.checkedinby = utcnow(), tx.actor.name
    await tx.audit("checkin", "asset", device.id, {"holder": {"old": current.holder, "new": None}},
                   summary=f"{device.name} checked in from {current.holder}")
    return {"usb_device": build_usb_device(device, await tx.session.get(UsbDeviceRow, device.id))}


@strawberry.type
class UsbQuery:
    @strawberry.field(description="One USB device by asset id; null if it is not one.",
                      permission_classes=[CanRead])
    async def usb_device(self, info: Info[Context, Any], id: strawberry.ID) -> UsbDevice | None:
        return await asset_of_type(info, id, UsbDevice)

    @strawberry.field(description="USB devices, filtered, by name, paged.", permission_classes=[CanRead])
    async def usb_devices(
        self, info: Info[Context, Any], filter: UsbDeviceFilter | None = None, first: int | None = 50,
        after: str | None = None,
    ) -> Connection[UsbDevice]:
        query = usb_query(filter, info).order_by(AssetRow.name, AssetRow.id)
        return await asset_page(info, query, first, after)

    @strawberry.field(description="USB devices out past their due date, by name.",
                      permission_classes=[CanRead])
    async def overdue_usb_devices(self, info: Info[Context, Any]) -> list[UsbDevice]:
        query = (select(AssetRow).where(AssetRow.kind == KIND, AssetRow.id.in_(overdue_checkouts()))
                 .order_by(AssetRow.name, AssetRow.id).limit(info.context.settings.max_page_size))
        return await assets_for(info, (await info.context.session.scalars(query)).all())


@strawberry.type
class UsbMutation:
    @strawberry.mutation(description="Register a USB device (serial number required, unique).",
                         permission_classes=[CanWrite])
    async def create_usb_device(self, info: Info[Context, Any], input: UsbDeviceInput) -> UsbDevicePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            serial = await _serial(tx, input.serial_number, None)
            values = {**await core_values(tx.session, input, None), "serialnumber": serial}
            ext = UsbDeviceRow(label=_clean(input.label, 120), capacitygb=_capacity(input.capacity_gb))
            values.setdefault("name", ext.label or serial)
            row = await create_asset(tx, KIND, values, ext)
            return {"usb_device": build_usb_device(row, ext)}

        return await perform(info, UsbDevicePayload, work)

    @strawberry.mutation(description="Change a USB device; omitted fields stay, null clears.",
                         permission_classes=[CanWrite])
    async def update_usb_device(
        self, info: Info[Context, Any], id: strawberry.ID, input: UsbDeviceUpdateInput
    ) -> UsbDevicePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await _device(tx, id)
            if input.serial_number is not UNSET:
                input.serial_number = await _serial(tx, input.serial_number, row.id)
            ext: dict[str, Any] = {}
            if input.label is not UNSET:
                ext["label"] = _clean(input.label, 120)
            if input.capacity_gb is not UNSET:
                ext["capacitygb"] = _capacity(input.capacity_gb)
            result = await update_asset(tx, id, input, ext, UsbDeviceRow, kind=KIND)
            return {"usb_device": result["asset"]}

        return await perform(info, UsbDevicePayload, work)

    @strawberry.mutation(description="Delete a USB device and its check-out history.",
                         permission_classes=[CanWrite])
    async def delete_usb_device(self, info: Info[Context, Any], id: strawberry.ID) -> DeleteUsbDevicePayload:
        return await perform(info, DeleteUsbDevicePayload, lambda tx: delete_asset(tx, id, kind=KIND))

    @strawberry.mutation(description=(
        "Check a USB device out to a person until `dueAt`. A device already out is refused "
        "with CONFLICT."), permission_classes=[CanWrite])
    async def check_out_usb_device(
        self, info: Info[Context, Any], id: strawberry.ID, holder: str, due_at: datetime,
        reason: str | None = None,
    ) -> UsbDevicePayload:
        return await perform(info, UsbDevicePayload,
                             lambda tx: check_out(tx, id, holder, reason, due_at))

    @strawberry.mutation(description=(
        "Check a USB device back in. A device that is not out is refused with CONFLICT."),
        permission_classes=[CanWrite])
    async def check_in_usb_device(self, info: Info[Context, Any], id: strawberry.ID) -> UsbDevicePayload:
        return await perform(info, UsbDevicePayload, lambda tx: check_in(tx, id))
