"""The usb plugin: USB storage devices used to carry programs to machines.

Contributes the `usbdevice` asset kind (GraphQL `UsbDevice`) with check-out/check-in and
its history, `overdueUsbDevices`, a menu entry, a dashboard tile and demo data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.plugins import (
    AssetKind,
    AssetRow,
    Base,
    DashboardWidget,
    HistoryImporter,
    IngestSpec,
    NavigationItem,
    Plugin,
    WidgetValue,
    utcnow,
)

from .kind import KIND, UsbDeviceRow, checked_out_now, import_checkout, overdue_now, usb
from .models import UsbCheckoutRow
from .schema import UsbLoans, UsbReports
from .types import UsbCheckout

HOLDERS = ["J. Keller", "M. Novak", "A. Rossi", "S. Yilmaz", "P. Schmidt"]


async def _checked_out(session: AsyncSession) -> WidgetValue:
    # Counted with the list filters' own conditions: the tile's numbers are the lists' lengths.
    devices = select(func.count()).select_from(AssetRow).where(AssetRow.kind == KIND)
    total = await session.scalar(devices.where(checked_out_now()))
    overdue = await session.scalar(devices.where(overdue_now()))
    return WidgetValue(value=float(total or 0), text=f"checked out, {int(overdue or 0)} overdue",
                       rows=[("overdue", float(overdue or 0), "/usb?is=overdue")],
                       link="/usb?is=checkedOut")


class UsbPlugin(Plugin):
    """USB storage devices: label, capacity, check-out to a person, history, overdue list."""

    def models(self) -> Sequence[type[Base]]:
        return (UsbDeviceRow, UsbCheckoutRow)

    def types(self) -> Sequence[type]:
        return (*usb.types(), UsbCheckout)

    def query(self) -> type:
        return usb.query_with(UsbReports)

    def mutation(self) -> type:
        return usb.mutation_with(UsbLoans)

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (usb.asset_kind(),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (usb.ingest_spec(),)

    def history_importers(self) -> Sequence[HistoryImporter]:
        return (HistoryImporter(
            "usb.checkouts", KIND, {"holder": str, "reason": str, "checked_out_at": datetime,
                                    "due_at": datetime, "checked_in_at": datetime},
            import_checkout, "Loans of a device: holder, when out, due and returned (none: "
            "still out)."),)

    def navigation(self) -> Sequence[NavigationItem]:
        return (NavigationItem("usb", "USB devices", "/usb", icon="usb", order=150, kind=KIND),)

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        return (DashboardWidget("usb.checkedout", "USB devices out", _checked_out, kind="stat",
                                order=150),)

    async def seed_demo(self, session: AsyncSession) -> None:
        """A usb record for each demo device without one; a few past and current check-outs."""
        rng = random.Random(17)
        have = set(await session.scalars(select(UsbDeviceRow.id)))
        rows = await session.scalars(select(AssetRow).where(AssetRow.kind == KIND).order_by(AssetRow.id))
        now = utcnow()
        for n, asset in enumerate(rows, start=1):
            if asset.id in have:
                continue
            session.add(UsbDeviceRow(id=asset.id, label=f"Programs {n:03d}",
                                     capacitygb=float(rng.choice([8, 16, 32, 64]))))
            await session.flush()
            if n > 10:
                continue
            out_at = now - timedelta(days=20 + n)
            session.add(UsbCheckoutRow(usbdeviceid=asset.id, holder=rng.choice(HOLDERS),
                                       reason="Program transfer", checkedoutat=out_at,
                                       dueat=out_at + timedelta(days=2),
                                       checkedinat=out_at + timedelta(days=1), checkedoutby="seed",
                                       checkedinby="seed"))
            if n <= 6:
                taken = now - timedelta(days=n)
                session.add(UsbCheckoutRow(usbdeviceid=asset.id, holder=HOLDERS[n % len(HOLDERS)],
                                           reason=f"Programs for machine M{1000 + n}", checkedoutat=taken,
                                           dueat=taken + timedelta(days=3, hours=12),
                                           checkedoutby="seed"))
        await session.flush()


plugin = UsbPlugin()
