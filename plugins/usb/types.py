"""GraphQL types of the usb plugin: UsbDevice and its check-outs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.plugins import Asset, AssetRow, Context, asset_fields, utcnow

from .models import UsbCheckoutRow, UsbDeviceRow

KIND = "usbdevice"


@strawberry.type(description="One check-out of a USB device to a person, open until checked in.")
class UsbCheckout:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    holder: str = strawberry.field(description="Who has (or had) the device.")
    reason: str | None = strawberry.field(description="Why it was taken, e.g. the program or machine.")
    checked_out_at: datetime = strawberry.field(description="When it was checked out (UTC).")
    due_at: datetime | None = strawberry.field(description="When it is due back (UTC).")
    checked_in_at: datetime | None = strawberry.field(
        description="When it was checked in (UTC); null while still out.")
    checked_out_by: str = strawberry.field(description="Who recorded the check-out.")
    checked_in_by: str | None = strawberry.field(description="Who recorded the check-in.")

    @strawberry.field(description="Whether the device is still out after its due date.")
    def is_overdue(self) -> bool:
        return self.checked_in_at is None and self.due_at is not None and self.due_at < utcnow()

    @classmethod
    def from_row(cls, row: UsbCheckoutRow) -> UsbCheckout:
        return cls(id=strawberry.ID(str(row.id)), holder=row.holder, reason=row.reason,
                   checked_out_at=row.checkedoutat, due_at=row.dueat, checked_in_at=row.checkedinat,
                   checked_out_by=row.checkedoutby, checked_in_by=row.checkedinby)


async def checkouts_by_device(session: AsyncSession, ids: list[int]) -> list[list[UsbCheckoutRow]]:
    """Check-outs of each device, newest first (one query for all)."""
    rows = (await session.scalars(select(UsbCheckoutRow).where(UsbCheckoutRow.usbdeviceid.in_(ids))
                                  .order_by(UsbCheckoutRow.checkedoutat.desc(),
                                            UsbCheckoutRow.id.desc()))).all()
    found: dict[int, list[UsbCheckoutRow]] = {}
    for row in rows:
        found.setdefault(row.usbdeviceid, []).append(row)
    return [found.get(i, []) for i in ids]


async def _checkouts(device: UsbDevice, info: Info[Context, Any]) -> list[UsbCheckoutRow]:
    session = info.context.session
    loader = info.context.loaders.loader("usb.checkoutsByDeviceId",
                                         lambda ids: checkouts_by_device(session, ids))
    rows: list[UsbCheckoutRow] = await loader.load(int(device.id))
    return rows


@strawberry.type(description="A USB storage device used to carry programs to machines.")
class UsbDevice(Asset):
    label: str | None = strawberry.field(default=None, description="What is written on the device.")
    capacity_gb: float | None = strawberry.field(default=None, description="Capacity in gigabytes.")

    @strawberry.field(description="The open check-out, if the device is out.")
    async def current_checkout(self, info: Info[Context, Any]) -> UsbCheckout | None:
        open_ = [r for r in await _checkouts(self, info) if r.checkedinat is None]
        return UsbCheckout.from_row(open_[0]) if open_ else None

    @strawberry.field(description="Who has the device now; null when it is in.")
    async def current_holder(self, info: Info[Context, Any]) -> str | None:
        current = await self.current_checkout(info)
        return current.holder if current else None

    @strawberry.field(description="Every check-out of the device, newest first.")
    async def checkouts(self, info: Info[Context, Any]) -> list[UsbCheckout]:
        return [UsbCheckout.from_row(r) for r in await _checkouts(self, info)]


def build_usb_device(row: AssetRow, ext: UsbDeviceRow | None) -> UsbDevice:
    """The UsbDevice object for a core row and its usb row (None if missing)."""
    if ext is None:
        return UsbDevice(**asset_fields(row))
    return UsbDevice(**asset_fields(row), label=ext.label, capacity_gb=ext.capacitygb)
