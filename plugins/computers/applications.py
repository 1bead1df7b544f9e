"""What a declaration cannot say about a computer: its applications and the machine it controls."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import strawberry
from sqlalchemy import delete, select

from shopdb_gql.plugins import Tx, relate_assets, unrelate_assets

from .models import ComputerApplicationRow

CONTROLS = "controls"
UNSET: Any = strawberry.UNSET


@strawberry.type(description="An application installed on a computer.")
class ComputerApplication:
    name: str = strawberry.field(description="Application name, e.g. Mastercam.")
    version: str | None = strawberry.field(default=None, description="Installed version.")


@strawberry.input(description="An installed application.")
class ComputerApplicationInput:
    name: str = strawberry.field(description="Application name.")
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


async def _set_applications(tx: Tx, asset_id: int, apps: list[ComputerApplicationInput] | None,
                            audit: bool) -> None:
    table = ComputerApplicationRow
    old = [(r.name, r.version) for r in await tx.session.scalars(
        select(table).where(table.computerid == asset_id).order_by(table.name, table.id))]
    new = sorted({(a.name.strip(), (a.version or "").strip() or None)
                  for a in apps or [] if a.name.strip()}, key=lambda a: (a[0], a[1] or ""))
    if sorted(old, key=lambda a: (a[0], a[1] or "")) == new:
        return
    await tx.session.execute(delete(table).where(table.computerid == asset_id))
    tx.session.add_all(table(computerid=asset_id, name=n[:200], version=v[:80] if v else None)
                       for n, v in new)
    await tx.session.flush()
    if audit:
        await tx.audit("update", "asset", asset_id, {"applications": {
            "old": [f"{n} {v or ''}".strip() for n, v in old],
            "new": [f"{n} {v or ''}".strip() for n, v in new]}}, summary="applications")


async def write_links(tx: Tx, asset_id: int, data: Any, created: bool) -> None:
    """After a create or update: the applications list and the controls relationship."""
    if data.applications is not UNSET and (data.applications or not created):
        await _set_applications(tx, asset_id, data.applications, audit=not created)
    if data.controls_asset_id is UNSET or (created and data.controls_asset_id is None):
        return
    if not created:
        await unrelate_assets(tx, asset_id, CONTROLS)
    if data.controls_asset_id is not None:
        await relate_assets(tx, asset_id, data.controls_asset_id, CONTROLS, True,
                            "input", "controlsAssetId")
