"""Field locks (hand edits win over collectors) and identity rows kept in step with edits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import Actor
from shopdb_gql.core import models
from shopdb_gql.core.identity import identity_value
from shopdb_gql.db.base import utcnow

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


# Compiled ingest specs live in the ingest layer, above this one. It registers how to find
# them when it is imported (shopdb_gql.ingest.generate, which schema assembly imports), so
# this module never imports it: ``compiled_for(active, kind)`` finds the compiled spec of
# ``kind`` among the enabled plugins (None: no spec, or ingest not loaded), and
# ``compile_spec(plugin, spec)`` compiles one plugin's spec.
_compiled_for: Callable[[Any, str], Any] | None = None
_compile_spec: Callable[[Any, Any], Any] | None = None


def register_ingest(compiled_for: Callable[[Any, str], Any],
                    compile_spec: Callable[[Any, Any], Any]) -> None:
    """Called once by the ingest layer when it is imported."""
    global _compiled_for, _compile_spec
    _compiled_for, _compile_spec = compiled_for, compile_spec


def compiled_for(active: Any, kind: str) -> Any:
    """The compiled ingest spec of ``kind`` among the enabled plugins, or None."""
    return _compiled_for(active, kind) if _compiled_for is not None else None


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
    if _compile_spec is None:
        raise RuntimeError("refresh_identities needs the ingest layer: import shopdb_gql.ingest.generate")
    compiled = _compile_spec(plugin, spec)
    rows = (await session.scalars(select(models.Asset).where(models.Asset.kind == spec.kind))).all()
    exts = {e.id: e for e in (await session.scalars(select(compiled.model))).all()}
    for row in rows:
        try:
            async with session.begin_nested():
                await sync_identities(session, compiled, row, exts.get(row.id))
        except IntegrityError:
            continue
    return len(rows)
