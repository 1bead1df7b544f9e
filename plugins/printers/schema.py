"""Root fields of the printers plugin beyond the declared CRUD: the low-supply report and supply levels."""

from __future__ import annotations

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

from .kind import KIND, PrinterRow, low_supply, printer
from .models import PrinterSupplyRow
from .types import Printer

build_printer = printer.build


@strawberry.input(description="A supply level as reported by the printer.")
class PrinterSupplyInput:
    name: str = strawberry.field(description="Supply name, e.g. `Black toner` (matched exactly).")
    level: int = strawberry.field(description="Remaining level in percent (0-100).")


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
    row = await printer.asset_row(tx, id)
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
class PrinterReports:
    @strawberry.field(description=(
        "Printers with any supply level below `threshold` percent, by name (at most the "
        "page size cap, 500 by default)."),
        permission_classes=[CanRead])
    async def printers_with_low_supplies(
        self, info: Info[Context, Any], threshold: int = 15
    ) -> list[Printer]:
        query = (select(AssetRow).where(AssetRow.kind == KIND, low_supply(threshold))
                 .order_by(AssetRow.name, AssetRow.id).limit(info.context.settings.max_page_size))
        return await assets_of(info, query)


@strawberry.type
class PrinterSupplies:
    @strawberry.mutation(description=(
        "Record supply levels of a printer: each supply is matched by name and updated, or added; "
        "supplies not given stay. Changes are audited."), permission_classes=[CanWrite],
        graphql_type=printer.payload)
    async def set_printer_supply_levels(
        self, info: Info[Context, Any], id: strawberry.ID, supplies: list[PrinterSupplyInput]
    ) -> Any:
        return await perform(info, printer.payload, lambda tx: set_supply_levels(tx, id, supplies))
