"""GraphQL types of the printers plugin: Printer and its supply levels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.plugins import Asset, Context

from .kind import printer
from .models import PrinterSupplyRow


@strawberry.type(description="One consumable of a printer (toner, drum, waste box...) and its level.")
class PrinterSupply:
    name: str = strawberry.field(description="Supply name as the printer reports it, e.g. `Black toner`.")
    level: int = strawberry.field(description="Remaining level in percent (0-100).")
    updated_at: datetime = strawberry.field(description="When the level was last reported (UTC).")

    @classmethod
    def from_row(cls, row: PrinterSupplyRow) -> PrinterSupply:
        return cls(name=row.name, level=row.level, updated_at=row.updatedat)


async def supplies_by_printer(session: AsyncSession, ids: list[int]) -> list[list[PrinterSupplyRow]]:
    """Supplies of each printer, by name (one query for all)."""
    rows = (await session.scalars(select(PrinterSupplyRow).where(PrinterSupplyRow.printerid.in_(ids))
                                  .order_by(PrinterSupplyRow.name, PrinterSupplyRow.id))).all()
    found: dict[int, list[PrinterSupplyRow]] = {}
    for row in rows:
        found.setdefault(row.printerid, []).append(row)
    return [found.get(i, []) for i in ids]


@printer.object_type
class Printer(Asset):
    @strawberry.field(description="Supply levels as last reported, by name.")
    async def supplies(self, info: Info[Context, Any]) -> list[PrinterSupply]:
        session = info.context.session
        loader = info.context.loaders.loader("printers.suppliesByPrinterId",
                                             lambda ids: supplies_by_printer(session, ids))
        return [PrinterSupply.from_row(r) for r in await loader.load(int(self.id))]
