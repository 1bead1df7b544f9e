"""A network device's uplink: the core ``uplink`` relationship, written from ``uplinkAssetId``."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import delete, select

from shopdb_gql.plugins import (
    AssetRelationshipRow,
    AssetRow,
    ErrorCode,
    PayloadErrors,
    Tx,
    get_or_fail,
    user_error,
)

UPLINK = "uplink"


async def set_uplink(tx: Tx, source: AssetRow, target_id: object | None) -> None:
    """Replace the device's ``uplink`` relationship (None removes it); audited as relate/unrelate."""
    rel = AssetRelationshipRow
    old = (await tx.session.scalars(select(rel).where(rel.sourceid == source.id,
                                                      rel.type == UPLINK))).all()
    target = None
    if target_id is not None:
        target = await get_or_fail(tx.session, AssetRow, target_id, "asset", "input", "uplinkAssetId")
        if target.id == source.id:
            raise PayloadErrors(user_error(ErrorCode.INVALID, "A device cannot be its own uplink",
                                           "input", "uplinkAssetId"))
    if target is not None and [r.targetid for r in old] == [target.id]:
        return
    for row in old:
        await tx.audit("unrelate", "asset", source.id, {"relationship": {
            "old": {"id": row.id, "type": UPLINK, "target": row.targetid,
                    "inheritsposition": row.inheritsposition}, "new": None}}, summary=UPLINK)
    await tx.session.execute(delete(rel).where(rel.sourceid == source.id, rel.type == UPLINK))
    if target is not None:
        link = rel(sourceid=source.id, targetid=target.id, type=UPLINK, inheritsposition=False)
        tx.session.add(link)
        await tx.session.flush()
        await tx.audit("relate", "asset", source.id, {"relationship": {
            "old": None, "new": {"id": link.id, "type": UPLINK, "target": target.id,
                                 "inheritsposition": False}}}, summary=f"{UPLINK} {target.name}")


async def write_uplink(tx: Tx, asset_id: int, data: Any, created: bool) -> None:
    """``after_write``: a create sets the uplink when given; an update when present (null removes)."""
    target = getattr(data, "uplink_asset_id", strawberry.UNSET)
    if target is strawberry.UNSET or (created and target is None):
        return
    source = await tx.session.get(AssetRow, asset_id)
    assert source is not None
    await set_uplink(tx, source, target)
