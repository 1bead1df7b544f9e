"""Shared editing steps for core and plugin mutations: lookups, asset create/update/delete."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

import strawberry
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core import customfields, models
from shopdb_gql.core.assets import materialize
from shopdb_gql.core.audit import apply_changes, snapshot
from shopdb_gql.core.customfields import CustomFieldDef
from shopdb_gql.core.filters import location_subtree
from shopdb_gql.core.locks import compiled_for, lock_field_name, lock_fields, sync_identities
from shopdb_gql.db.base import utcnow
from shopdb_gql.graphql.errors import MAX_ID, ErrorCode, PayloadErrors, as_id, user_error
from shopdb_gql.graphql.mutations import Tx

ASSET_COLUMNS = ["assettag", "name", "kind", "statusid", "locationid", "serialnumber",
                 "mapx", "mapy", "notes"]
LOCATION_COLUMNS = ["name", "kind", "parentid", "description", "mapx", "mapy"]
DEFAULT_STATUS_CODE = "in_use"


def require_id(value: object, what: str, *path: str) -> int:
    number = as_id(value)
    if number is None:
        raise PayloadErrors(user_error(ErrorCode.INVALID,
                                       f"{what} id must be a whole number from 1 to {MAX_ID}",
                                       *(path or ("id",))))
    return number


async def get_or_fail(session: AsyncSession, model: Any, id: object, what: str,
                      *path: str) -> Any:
    """The row of ``model`` with ``id``, or a NOT_FOUND payload error at ``path``."""
    row = await session.get(model, require_id(id, what, *path))
    if row is None:
        raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, f"No {what} with id {id}",
                                       *(path or ("id",))))
    return row


def present(value: Any) -> bool:
    """Whether an input field was given (UNSET means: leave alone)."""
    return value is not strawberry.UNSET


async def _check_reference(session: AsyncSession, model: Any, value: Any, what: str,
                           path: str) -> int | None:
    if value is None:
        return None
    row = await get_or_fail(session, model, value, what, "input", path)
    return int(row.id)


async def _below(session: AsyncSession, location_id: int, ancestor_id: int) -> bool:
    """Whether ``location_id`` is ``ancestor_id`` or lies below it."""
    return location_id in set(await session.scalars(location_subtree([ancestor_id])))


async def location_values(session: AsyncSession, data: Any, own_id: int | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if present(data.name):
        name = (data.name or "").strip()
        if not name or len(name) > 120:
            raise PayloadErrors(user_error(ErrorCode.INVALID, "Name must be 1-120 characters",
                                           "input", "name"))
        clash = await session.scalar(select(models.Location.id).where(models.Location.name == name))
        if clash is not None and clash != own_id:
            raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"A location named {name!r} exists",
                                           "input", "name"))
        values["name"] = name
    if present(data.kind):
        values["kind"] = (data.kind or "area").strip()[:40] or "area"
    if present(data.parent_id):
        parent = await _check_reference(session, models.Location, data.parent_id, "location",
                                        "parentId")
        if parent is not None and own_id is not None and await _below(session, parent, own_id):
            raise PayloadErrors(user_error(
                ErrorCode.INVALID, "A location cannot be placed inside itself or an area it contains",
                "input", "parentId"))
        values["parentid"] = parent
    for field, column in (("description", "description"), ("map_x", "mapx"), ("map_y", "mapy")):
        if present(getattr(data, field)):
            values[column] = getattr(data, field)
    return values


async def core_values(session: AsyncSession, data: Any, own_id: int | None) -> dict[str, Any]:
    """Validated core column values from an input with asset_tag/name/... fields (UNSET-aware)."""
    values: dict[str, Any] = {}
    if present(getattr(data, "asset_tag", strawberry.UNSET)):
        tag = (data.asset_tag or "").strip()
        if not tag or len(tag) > 64:
            raise PayloadErrors(user_error(ErrorCode.INVALID, "Asset tag must be 1-64 characters",
                                           "input", "assetTag"))
        clash = await session.scalar(select(models.Asset.id).where(models.Asset.assettag == tag))
        if clash is not None and clash != own_id:
            raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"Asset tag {tag!r} is taken",
                                           "input", "assetTag"))
        values["assettag"] = tag
    if present(getattr(data, "name", strawberry.UNSET)):
        name = (data.name or "").strip()
        if not name or len(name) > 200:
            raise PayloadErrors(user_error(ErrorCode.INVALID, "Name must be 1-200 characters",
                                           "input", "name"))
        values["name"] = name
    if present(getattr(data, "serial_number", strawberry.UNSET)):
        serial = (data.serial_number or "").strip() or None
        values["serialnumber"] = serial[:128] if serial else None
    if present(getattr(data, "status_id", strawberry.UNSET)):
        if data.status_id is None:
            raise PayloadErrors(user_error(ErrorCode.REQUIRED, "An asset always has a status",
                                           "input", "statusId"))
        values["statusid"] = await _check_reference(session, models.AssetStatus, data.status_id,
                                                    "status", "statusId")
        retired = await session.scalar(select(models.AssetStatus.name).where(
            models.AssetStatus.id == values["statusid"], models.AssetStatus.retiredat.is_not(None)))
        if retired is not None and (own_id is None or await session.scalar(
                select(models.Asset.statusid).where(models.Asset.id == own_id)) != values["statusid"]):
            raise PayloadErrors(user_error(ErrorCode.INVALID, f"The status {retired} is retired: "
                                           "choose another", "input", "statusId"))
    if present(getattr(data, "location_id", strawberry.UNSET)):
        values["locationid"] = await _check_reference(session, models.Location, data.location_id,
                                                      "location", "locationId")
    if present(getattr(data, "notes", strawberry.UNSET)):
        values["notes"] = data.notes
    return values


async def default_status_id(session: AsyncSession) -> int:
    status = await session.scalar(select(models.AssetStatus.id)
                                  .where(models.AssetStatus.code == DEFAULT_STATUS_CODE))
    if status is None:
        status = await session.scalar(select(models.AssetStatus.id).order_by(
            models.AssetStatus.sortorder, models.AssetStatus.id).limit(1))
    if status is None:
        raise PayloadErrors(user_error(ErrorCode.INVALID,
                                       "No asset statuses exist: run `shopdb seed reference-data`"))
    return int(status)


def generate_asset_tag(kind: str) -> str:
    return f"{kind[:3].upper()}-{secrets.token_hex(4).upper()}"


async def asset_payload(tx: Tx, row: models.Asset) -> dict[str, Any]:
    await tx.session.flush()
    kinds = tx.info.context.active.kinds
    return {"asset": (await materialize(tx.session, [row], kinds))[0]}


async def create_asset(tx: Tx, kind: str, values: dict[str, Any], ext: Any = None,
                       *, summary_field: str = "name",
                       custom: Sequence[tuple[CustomFieldDef, Any]] = ()) -> models.Asset:
    """Insert a core asset row (+ the kind's extension row ``ext``, + checked custom field
    values), with one audit entry."""
    values = dict(values)
    values.setdefault("statusid", await default_status_id(tx.session))
    if not values.get("assettag"):
        values["assettag"] = generate_asset_tag(kind)
    now = utcnow()
    row = models.Asset(kind=kind, createdat=now, updatedat=now, **values)
    tx.session.add(row)
    await tx.session.flush()
    changes = snapshot(row, ASSET_COLUMNS)
    if ext is not None:
        ext.id = row.id
        tx.session.add(ext)
        await tx.session.flush()
        changes.update(snapshot(ext, [c.key for c in ext.__table__.columns if c.key != "id"]))
    changes.update(await customfields.write(tx.session, row.id, custom))
    await tx.audit("create", "asset", row.id, changes, summary=getattr(row, summary_field))
    await _sync_identities(tx, row, ext)
    return row


async def update_asset(tx: Tx, id: object, data: Any, ext_values: dict[str, Any] | None = None,
                       ext_model: Any = None, kind: str | None = None,
                       custom: Sequence[tuple[CustomFieldDef, Any]] = ()) -> dict[str, Any]:
    """Apply core (and optionally extension) changes to one asset, audit them, return payload."""
    row: models.Asset = await get_or_fail(tx.session, models.Asset, id, "asset")
    if kind is not None and row.kind != kind:
        raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, f"Asset {id} is not a {kind}", "id"))
    changes = apply_changes(row, await core_values(tx.session, data, row.id))
    ext = None
    if ext_values:
        ext = await tx.session.get(ext_model, row.id)
        if ext is None:
            ext = ext_model(id=row.id)
            tx.session.add(ext)
        changes.update(apply_changes(ext, ext_values))
    changes.update(await customfields.write(tx.session, row.id, custom))
    if changes:
        row.updatedat = utcnow()
        await tx.audit("update", "asset", row.id, changes, summary=row.name)
        declared = tx.info.context.active.kinds.get(row.kind)
        unlocked = set(declared.unlocked_columns) if declared is not None else set()
        # Hand edits beat collectors, but for the columns the kind leaves to them; a custom
        # field locks under its name as unlockAssetField spells it (warrantyEnd: warrantyend).
        named = {f.name for f, _ in custom}
        await lock_fields(tx.session, tx.actor, row.id, [
            lock_field_name(c) if c in named else c for c in changes if c not in unlocked])
        await tx.session.flush()
        await _sync_identities(tx, row, ext)
    return await asset_payload(tx, row)


async def _sync_identities(tx: Tx, row: models.Asset, ext: Any) -> None:
    """Keep collector identity rows in step with the asset (kinds with an ingest spec)."""
    compiled = compiled_for(tx.info.context.active, row.kind)
    if compiled is None:
        return
    if ext is None and compiled.model is not None:
        ext = await tx.session.get(compiled.model, row.id)
    await sync_identities(tx.session, compiled, row, ext)


async def delete_asset(tx: Tx, id: object, kind: str | None = None) -> dict[str, Any]:
    """Delete an asset, its kind's row (any enabled kind) and relationships; audit the delete."""
    row: models.Asset = await get_or_fail(tx.session, models.Asset, id, "asset")
    if kind is not None and row.kind != kind:
        raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, f"Asset {id} is not a {kind}", "id"))
    old = {k: {"old": v["new"], "new": None} for k, v in snapshot(row, ASSET_COLUMNS).items()}
    await tx.audit("delete", "asset", row.id, old, summary=row.name)
    rel = models.AssetRelationship
    await tx.session.execute(delete(rel).where((rel.sourceid == row.id) | (rel.targetid == row.id)))
    for table in _extension_tables(tx, row.kind):
        await tx.session.execute(delete(table).where(table.c.id == row.id))
    await tx.session.delete(row)
    return {"deleted_id": strawberry.ID(str(row.id))}


def _extension_tables(tx: Tx, kind: str) -> list[Any]:
    """The extension table of ``kind`` in any loaded plugin (enabled or not).

    Only the kind's own table: a loaded but not installed plugin has no table yet.
    """
    records = tx.info.context.runtime.records.values()
    return [k.model.__table__ for r in records if r.loaded for k in r.contributions.asset_kinds
            if k.kind == kind and k.model is not None]


async def relate_assets(tx: Tx, source_id: object, target_id: object, type: str,
                        inherits_position: bool = False, *path: str) -> models.AssetRelationship:
    """Link two assets (e.g. a PC ``controls`` a machine), with an audit entry."""
    source = await get_or_fail(tx.session, models.Asset, source_id, "asset", *path)
    target = await get_or_fail(tx.session, models.Asset, target_id, "asset", *path)
    if source.id == target.id:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "An asset cannot relate to itself",
                                       *path))
    rel = models.AssetRelationship(sourceid=source.id, targetid=target.id, type=type,
                                   inheritsposition=inherits_position, createdat=utcnow())
    tx.session.add(rel)
    await tx.session.flush()
    await tx.audit("relate", "asset", source.id, {"relationship": {"old": None, "new": {
        "id": rel.id, "type": type, "target": target.id,
        "inheritsposition": inherits_position}}}, summary=f"{type} {target.name}")
    return rel


async def unrelate_assets(tx: Tx, source_id: int, type: str) -> int:
    """Remove the ``type`` links starting at an asset, with an audit entry each."""
    rel = models.AssetRelationship
    rows = (await tx.session.scalars(select(rel).where(rel.sourceid == source_id,
                                                       rel.type == type))).all()
    for row in rows:
        await tx.audit("unrelate", "asset", source_id, {"relationship": {"old": {
            "id": row.id, "type": row.type, "target": row.targetid,
            "inheritsposition": row.inheritsposition}, "new": None}}, summary=row.type)
        await tx.session.delete(row)
    return len(rows)
