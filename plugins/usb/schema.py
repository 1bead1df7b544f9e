"""Root fields of the usb plugin beyond the declared CRUD: overdue report, check-out, check-in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from shopdb_gql.plugins import (
    AssetRow,
    CanRead,
    CanWrite,
    Context,
    ErrorCode,
    PayloadErrors,
    Tx,
    assets_of,
    perform,
    user_error,
    utcnow,
)

from .kind import KIND, UsbDeviceRow, overdue_checkouts, usb
from .models import UsbCheckoutRow
from .types import UsbDevice

build_usb_device = usb.build


def _clean(value: str | None, limit: int) -> str | None:
    text = (value or "").strip()
    return text[:limit] if text else None


async def _open_checkout(tx: Tx, device_id: int) -> UsbCheckoutRow | None:
    row: UsbCheckoutRow | None = await tx.session.scalar(
        select(UsbCheckoutRow).where(UsbCheckoutRow.usbdeviceid == device_id,
                                     UsbCheckoutRow.checkedinat.is_(None))
        .order_by(UsbCheckoutRow.id.desc()).limit(1).with_for_update())
    return row


async def check_out(tx: Tx, id: strawberry.ID, holder: str, reason: str | None,
                    due_at: datetime) -> dict[str, Any]:
    """Open a check-out; a device already out is a CONFLICT naming its holder."""
    device = await usb.asset_row(tx, id)
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
    device = await usb.asset_row(tx, id)
    current = await _open_checkout(tx, device.id)
    if current is None:
        raise PayloadErrors(user_error(
            ErrorCode.CONFLICT, f"USB device {device.assettag} is not checked out", "id"))
    current.checkedinat, current.checkedinby = utcnow(), tx.actor.name
    await tx.audit("checkin", "asset", device.id, {"holder": {"old": current.holder, "new": None}},
                   summary=f"{device.name} checked in from {current.holder}")
    return {"usb_device": build_usb_device(device, await tx.session.get(UsbDeviceRow, device.id))}


@strawberry.type
class UsbReports:
    @strawberry.field(description="USB devices out past their due date, by name.",
                      permission_classes=[CanRead])
    async def overdue_usb_devices(self, info: Info[Context, Any]) -> list[UsbDevice]:
        query = (select(AssetRow).where(AssetRow.kind == KIND, AssetRow.id.in_(overdue_checkouts()))
                 .order_by(AssetRow.name, AssetRow.id).limit(info.context.settings.max_page_size))
        return await assets_of(info, query)


@strawberry.type
class UsbLoans:
    @strawberry.mutation(description=(
        "Check a USB device out to a person until `dueAt`. A device already out is refused "
        "with CONFLICT."), permission_classes=[CanWrite], graphql_type=usb.payload)
    async def check_out_usb_device(
        self, info: Info[Context, Any], id: strawberry.ID, holder: str, due_at: datetime,
        reason: str | None = None,
    ) -> Any:
        return await perform(info, usb.payload,
                             lambda tx: check_out(tx, id, holder, reason, due_at))

    @strawberry.mutation(description=(
        "Check a USB device back in. A device that is not out is refused with CONFLICT."),
        permission_classes=[CanWrite], graphql_type=usb.payload)
    async def check_in_usb_device(self, info: Info[Context, Any], id: strawberry.ID) -> Any:
        return await perform(info, usb.payload, lambda tx: check_in(tx, id))
