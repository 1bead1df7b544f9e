"""GraphQL types of the equipment plugin: the Equipment asset kind and its enums."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.plugins import Asset, AssetRelationshipRow, Context

from .kind import equipment

CONTROLS = "controls"


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


@equipment.object_type
class Equipment(Asset):
    @strawberry.field(description=(
        "The assets (usually PCs) with a `controls` relationship to this machine, oldest link first."))
    async def controlling_assets(self, info: Info[Context, Any]) -> list[Asset]:
        session = info.context.session
        loader = info.context.loaders.loader(
            "equipment.controllerIdsByMachineId", lambda ids: _controller_ids(session, ids))
        ids = await loader.load(int(self.id))
        assets = await info.context.loaders.asset_by_id.load_many(ids)
        return [a for a in assets if a is not None]
