"""Field locks (hand edits win over collectors) and identity rows kept in step with edits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import Actor
from shopdb_gql.core import models
from shopdb_gql.db.base import utcnow
from shopdb_gql.ingest.identity import identity_value

# Columns a lock never applies to: collectors do not send them, and they change on their own.
UNLOCKED = frozenset({"updatedat", "lastseenat", "lastseensource", "createdat"})


def lock_field_name(field: str) -> str:
    """``serialNumber``, ``serial_number`` and ``serialnumber`` all lock column ``serialnumber``."""
    return field.replace("_", "").lower().strip()


async def lock_fields(session: AsyncSession, actor: Actor, asset_id: int,
                      columns: Iterable[str]) -> None:
    """Lock each changed column of an asset against collectors, when a person changed it."""
    if actor.kind != "user":
        return
    wanted = {c for c in columns if c not in UNLOCKED}
    if not wanted:
        return
    lock = models.FieldLock
    have = set(await session.scalars(select(lock.field).where(lock.assetid == asset_id)))
    now = utcnow()
    for column in sorted(wanted - have):
        session.add(lock(assetid=asset_id, field=column, lockedat=now, lockedby=actor.name))


async def unlock_field(session: AsyncSession, asset_id: int, field: str) -> bool:
    lock = models.FieldLock
    result: Any = await session.execute(delete(lock).where(
        lock.assetid == asset_id, lock.field == lock_field_name(field)))
    return bool(result.rowcount)


def compiled_for(active: Any, kind: str) -> Any:
    """The compiled ingest spec of ``kind`` among the enabled plugins, or None."""
    from shopdb_gql.ingest.generate import _CACHE

    for record in active.records:
        for spec in record.contributions.ingest_specs:
            cached = _CACHE.get(id(spec))
            if spec.kind == kind and cached is not None and cached[0] is spec:
                return cached[1]
    return None


async def sync_identities(session: AsyncSession, compiled: Any, row: models.Asset,
                          ext: Any) -> None:
    """Make the asset's identity rows match its current values (after a hand edit)."""
    ident = models.AssetIdentity
    have = {r.idkey: r for r in await session.scalars(select(ident).where(ident.assetid == row.id))}
    for fmap, normalize in compiled.identity:
        source = row if fmap.core else ext
        value = identity_value(getattr(source, fmap.column, None) if source is not None else None,
                               normalize)
        current = have.get(fmap.name)
        if current is not None and current.idvalue != value:
            await session.delete(current)
            await session.flush()
            current = None
        if current is None and value is not None:
            session.add(ident(kind=compiled.kind, idkey=fmap.name, idvalue=value, assetid=row.id))
    await session.flush()


async def refresh_identities(session: AsyncSession, plugin: Any, spec: Any) -> int:
    """Index the identity values of every asset of ``spec.kind`` (after bulk loads, seeding).

    Returns the number of assets indexed. Assets whose values clash with an indexed one
    are left unindexed rather than failing.
    """
    from shopdb_gql.ingest.generate import mutation_type

    mutation_type(plugin.name, spec, plugin.asset_kinds())
    compiled = compiled_for_spec(spec)
    rows = (await session.scalars(select(models.Asset).where(models.Asset.kind == spec.kind))).all()
    exts = {e.id: e for e in (await session.scalars(select(compiled.model))).all()}
    for row in rows:
        try:
            async with session.begin_nested():
                await sync_identities(session, compiled, row, exts.get(row.id))
        except IntegrityError:
            continue
    return len(rows)


def compiled_for_spec(spec: Any) -> Any:
    from shopdb_gql.ingest.generate import _CACHE

    return _CACHE[id(spec)][1]
