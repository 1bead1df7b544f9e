"""GraphQL types of the usb plugin: UsbDevice and its check-outs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.plugins import Asset, Context, utcnow

from .kind import usb
from .models import UsbCheckoutRow


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


@usb.object_type
class UsbDevice(Asset):
    """The declared fields (kind.py), and the check-outs written by hand."""

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
