"""GraphQL types of the equipment plugin: the Equipment asset kind and its enums."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.plugins import Asset, AssetRelationshipRow, AssetRow, Context, asset_fields

from .models import EquipmentRow

KIND = "equipment"
CONTROLS = "controls"


@strawberry.enum(description="What kind of production machine a piece of equipment is.")
class EquipmentType(Enum):
    LATHE = "lathe"
    MILL = "mill"
    GRINDER = "grinder"
    EDM = "edm"
    SAW = "saw"
    PRESS = "press"
    WASH = "wash"
    OTHER = "other"


@strawberry.enum(description="How badly production suffers when the machine is down.")
class Criticality(Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


async def _controller_ids(session: AsyncSession, machine_ids: list[int]) -> list[list[int]]:
    """For each machine, the ids of the assets with a `controls` relationship to it (one query)."""
    rel = AssetRelationshipRow
    rows = (await session.execute(
        select(rel.targetid, rel.sourceid)
        .where(rel.type == CONTROLS, rel.targetid.in_(machine_ids)).order_by(rel.id))).all()
    found: dict[int, list[int]] = {}
    for target, source in rows:
        found.setdefault(target, []).append(source)
    return [found.get(i, []) for i in machine_ids]


@strawberry.type(description=(
    "A production machine with a machine number (CNC lathe, mill, press...). Only machines "
    "are equipment; gauges and other instruments are measuring tools (ADR-005)."))
class Equipment(Asset):
    machine_number: str | None = strawberry.field(default=None, description=(
        "The machine number used on the shop floor; unique. Null only for an equipment "
        "asset whose equipment record was never filled in."))
    equipment_type: EquipmentType | None = strawberry.field(
        default=None, description="What kind of machine it is.")
    vendor: str | None = strawberry.field(default=None, description="Machine manufacturer.")
    model: str | None = strawberry.field(default=None, description="Manufacturer's model name.")
    controller_type: str | None = strawberry.field(
        default=None, description="CNC controller, e.g. `Fanuc 31i` or `Siemens 840D`.")
    controller_os: str | None = strawberry.field(
        default=None, description="Operating system or software version of the controller.")
    install_date: date | None = strawberry.field(
        default=None, description="When the machine was installed on the site.")
    criticality: Criticality | None = strawberry.field(
        default=None, description="How critical the machine is for production.")

    @strawberry.field(description=(
        "The assets (usually PCs) with a `controls` relationship to this machine, oldest link first."))
    async def controlling_assets(self, info: Info[Context, Any]) -> list[Asset]:
        session = info.context.session
        loader = info.context.loaders.loader(
            "equipment.controllerIdsByMachineId", lambda ids: _controller_ids(session, ids))
        ids = await loader.load(int(self.id))
        assets = await info.context.loaders.asset_by_id.load_many(ids)
        return [a for a in assets if a is not None]


def build_equipment(row: AssetRow, ext: EquipmentRow | None) -> Equipment:
    """The Equipment object for a core row and its equipment row (None if missing)."""
    if ext is None:
        return Equipment(**asset_fields(row))
    return Equipment(
        **asset_fields(row), machine_number=ext.machinenumber,
        equipment_type=EquipmentType(ext.equipmenttype), vendor=ext.vendor, model=ext.model,
        controller_type=ext.controllertype, controller_os=ext.controlleros,
        install_date=ext.installdate, criticality=Criticality(ext.criticality))
