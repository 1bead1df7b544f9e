"""The printers plugin: network printers with their queue, driver, page count and supply levels.

Contributes the `printer` asset kind (GraphQL `Printer`), root fields including
`printersWithLowSupplies` and `setPrinterSupplyLevels`, a menu entry, a dashboard tile and
demo printer records with supply levels.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.plugins import (
    AssetKind,
    AssetRow,
    Base,
    DashboardWidget,
    IngestSpec,
    NavigationItem,
    Plugin,
    WidgetValue,
    utcnow,
)

from .kind import KIND, LOW_SUPPLIES, LOW_SUPPLY_PERCENT, PrinterRow, printer
from .models import PrinterSupplyRow
from .schema import PrinterReports, PrinterSupplies
from .types import Printer, PrinterSupply

DEMO_MODELS = [("HP", "LaserJet Enterprise M611", "HP Universal Printing PCL 6", False),
               ("Kyocera", "ECOSYS P3155dn", "Kyocera Classic Universaldriver", False),
               ("Zebra", "ZT411", "ZDesigner ZT411-203dpi ZPL", False),
               ("HP", "Color LaserJet M555", "HP Universal Printing PCL 6", True)]


async def _low_supplies(session: AsyncSession) -> WidgetValue:
    # Counted with the list filter's own condition: the tile's number is the list's length.
    total = await session.scalar(select(func.count()).select_from(AssetRow)
                                 .where(AssetRow.kind == KIND, LOW_SUPPLIES.where()))
    return WidgetValue(value=float(total or 0),
                       text=f"printers with a supply below {LOW_SUPPLY_PERCENT} %",
                       link="/printers?is=lowSupplies")


class PrintersPlugin(Plugin):
    """Printers: hostname, IP, vendor/model, queue, driver, page count, supplies."""

    def models(self) -> Sequence[type[Base]]:
        return (PrinterRow, PrinterSupplyRow)

    def types(self) -> Sequence[type]:
        return (*printer.types(), Printer, PrinterSupply)

    def query(self) -> type:
        return printer.query_with(PrinterReports)

    def mutation(self) -> type:
        return printer.mutation_with(PrinterSupplies)

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (printer.asset_kind(),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (printer.ingest_spec(),)

    def navigation(self) -> Sequence[NavigationItem]:
        return (NavigationItem("printers", "Printers", "/printers", icon="printer", order=140,
                               kind=KIND),)

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        return (DashboardWidget("printers.lowsupplies", "Printers low on supplies", _low_supplies,
                                kind="stat", order=140),)

    async def seed_demo(self, session: AsyncSession) -> None:
        """A printer record with supply levels for each demo printer asset that has none."""
        rng = random.Random(13)
        have = set(await session.scalars(select(PrinterRow.id)))
        rows = await session.scalars(select(AssetRow).where(AssetRow.kind == KIND).order_by(AssetRow.id))
        now = utcnow()
        for n, asset in enumerate(rows, start=1):
            if asset.id in have:
                continue
            vendor, model, driver, color = DEMO_MODELS[n % len(DEMO_MODELS)]
            session.add(PrinterRow(
                id=asset.id, hostname=asset.name, ipaddress=f"10.10.1.{200 + n % 50}",
                vendor=vendor, model=model, queuename=f"\\\\printsrv01\\{asset.name.upper()}",
                driver=driver, pagecount=rng.randrange(2_000, 400_000)))
            names = ["Black toner", *(["Cyan toner", "Magenta toner", "Yellow toner"] if color else []),
                     "Drum unit"]
            await session.flush()
            for name in names:
                session.add(PrinterSupplyRow(printerid=asset.id, name=name,
                                             level=rng.choice([3, 8, 12, *range(20, 101, 10)]),
                                             updatedat=now))
        await session.flush()


plugin = PrintersPlugin()
