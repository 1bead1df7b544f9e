"""GraphQL types of the computers plugin."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from shopdb_gql.plugins import Asset, AssetRow, Context, asset_fields, related_target

from .models import ComputerApplicationRow, ComputerRow


@strawberry.enum(description="What a PC is used for.")
class PcType(Enum):
    SHOP_FLOOR = "SHOP_FLOOR"
    ENGINEERING = "ENGINEERING"
    OFFICE = "OFFICE"
    KIOSK = "KIOSK"
    LAB = "LAB"
    SERVER = "SERVER"
    OTHER = "OTHER"


@strawberry.type(description="An application installed on a computer.")
class ComputerApplication:
    name: str = strawberry.field(description="Application name, e.g. `Mastercam`.")
    version: str | None = strawberry.field(default=None, description="Installed version.")


async def load_applications(session: Any, ids: list[int]) -> list[list[ComputerApplication]]:
    """Applications of many computers in one query (the `applications` dataloader)."""
    rows = (await session.scalars(select(ComputerApplicationRow)
                                  .where(ComputerApplicationRow.computerid.in_(ids))
                                  .order_by(ComputerApplicationRow.name,
                                            ComputerApplicationRow.id))).all()
    grouped: dict[int, list[ComputerApplication]] = defaultdict(list)
    for row in rows:
        grouped[row.computerid].append(ComputerApplication(name=row.name, version=row.version))
    return [grouped.get(i, []) for i in ids]


@strawberry.type(description="A PC on the shop floor or in an office.")
class Computer(Asset):
    hostname: str | None = strawberry.field(default=None, description="Network host name.")
    manufacturer: str | None = strawberry.field(default=None, description="Maker, e.g. `Dell`.")
    model: str | None = strawberry.field(default=None, description="Model, e.g. `OptiPlex 7090`.")
    os_name: str | None = strawberry.field(default=None, description="Operating system name.")
    os_version: str | None = strawberry.field(default=None,
                                              description="Operating system version or build.")
    pc_type: PcType | None = strawberry.field(default=None, description="What the PC is used for.")
    ip_address: str | None = strawberry.field(default=None, description="Primary IP address.")
    mac_address: str | None = strawberry.field(default=None, description="Primary MAC address.")
    logged_on_user: str | None = strawberry.field(default=None,
                                                  description="User logged on when last seen.")
    last_boot_at: datetime | None = strawberry.field(default=None,
                                                     description="When the PC last booted (UTC).")

    @strawberry.field(description="Installed applications, by name.")
    async def applications(self, info: Info[Context, Any]) -> list[ComputerApplication]:
        session = info.context.session
        loader = info.context.loaders.loader(
            "computers.applications", lambda ids: load_applications(session, ids))
        result: list[ComputerApplication] = await loader.load(int(self.id))
        return result

    @strawberry.field(description=(
        "The machine this PC controls: the target of its `controls` relationship, whose map "
        "position the PC takes."))
    async def controls(self, info: Info[Context, Any]) -> Asset | None:
        asset: Asset | None = await related_target(info, int(self.id), "controls")
        return asset


def build(row: AssetRow, ext: ComputerRow | None) -> Computer:
    """The Computer object from the core row and the computers row (may be None)."""
    if ext is None:
        return Computer(**asset_fields(row))
    return Computer(
        **asset_fields(row), hostname=ext.hostname, manufacturer=ext.manufacturer,
        model=ext.model, os_name=ext.osname, os_version=ext.osversion,
        pc_type=PcType(ext.pctype) if ext.pctype in PcType.__members__ else None,
        ip_address=ext.ipaddress, mac_address=ext.macaddress, logged_on_user=ext.loggedonuser,
        last_boot_at=ext.lastbootat)
