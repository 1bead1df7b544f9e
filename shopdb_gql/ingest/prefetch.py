"""What the planner reads before it walks a batch: candidates by identity, their rows, locks,
taken asset tags, locations, and the status to give back to stale assets reported again.

A handful of Core queries per batch (no ORM objects); each query covers the whole batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core import customfields, models
from shopdb_gql.core.customfields import CustomFieldDef, FieldType
from shopdb_gql.core.editing import default_status_id
from shopdb_gql.core.identity import Normalizer, identity_value
from shopdb_gql.db.bulk import select_in
from shopdb_gql.graphql.errors import UserError
from shopdb_gql.ingest.generate import Compiled, Record
from shopdb_gql.ingest.types import IngestStatus

CORE_COLUMNS = ("assettag", "name", "serialnumber", "locationid")


@dataclass(slots=True)
class State:
    """One asset the batch touches: its values before and after, and what to write."""

    key: int | str  # asset id, or "new:<index>" until inserted
    new: bool
    core: dict[str, Any]
    ext: dict[str, Any]
    has_ext: bool
    identities: dict[str, str]  # idkey -> value as stored
    core_before: dict[str, Any] = field(default_factory=dict)
    ext_before: dict[str, Any] = field(default_factory=dict)
    identities_before: dict[str, str] = field(default_factory=dict)
    audits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    records: list[int] = field(default_factory=list)
    asset_id: int | None = None
    kind_ok: bool = True
    status: int | None = None  # status id (existing assets; changed only to undo "stale")
    status_before: int | None = None
    custom: dict[str, Any] = field(default_factory=dict)  # custom field name -> value
    custom_before: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return (self.new or self.core != self.core_before or self.ext != self.ext_before
                or self.status != self.status_before or self.custom != self.custom_before)


@dataclass
class Sources:
    """Where an import's records come from (``shopdb import legacy``): a source row per
    record, the asset an earlier run made of it, and every asset made from this source.

    A record whose row was imported before updates that asset (``preset``) even when its
    identity values changed; a record that would match an asset made from *another* source
    row is refused as a duplicate, never merged into it."""

    labels: list[str]  # per record, e.g. "pcs:17"
    preset: dict[int, int] = field(default_factory=dict)  # record index -> asset id
    owner: dict[int | str, str] = field(default_factory=dict)  # asset/state key -> label


@dataclass(slots=True)
class Outcome:
    """The result of one record, before it becomes an ``IngestResult``."""

    index: int
    status: IngestStatus
    state: State | None = None
    errors: list[UserError] = field(default_factory=list)
    warnings: list[UserError] = field(default_factory=list)


def clean(value: Any) -> Any:
    """A record value as it is compared and stored: trimmed text (blank is null), an enum's
    value, an aware UTC datetime."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


class Prefetch:
    """The reads of one batch, kept as the planner's starting point."""

    STALE = "stale"  # status code set by `shopdb collectors stale --apply`

    def __init__(self, session: AsyncSession, compiled: Compiled,
                 sources: Sources | None = None,
                 custom: tuple[CustomFieldDef, ...] = ()) -> None:
        self.session = session
        self.c = compiled
        self.sources = sources
        # The kind's custom fields in the schema being served, by GraphQL name: a record
        # carries them beside the declared fields.
        self.custom = {f.name: f for f in custom}
        self.known_assets: set[int] = set()  # assets that asset-valued custom fields name
        self.found: list[list[tuple[str, str]]] = []  # per record: (idkey, value) it carries
        self.claims: dict[tuple[str, str], int | str] = {}  # (idkey, value) -> state key
        self.states: dict[int | str, State] = {}
        self.tags: dict[str, int | str] = {}  # asset tag -> state key
        self.locations: dict[str, int] = {}
        self.locks: dict[int, set[str]] = {}
        self.restore: dict[int | str, tuple[int, str]] = {}  # stale asset -> (status, code)
        self._normalized: dict[tuple[str, Any], str | None] = {}

    def identities(self, record: Record) -> list[tuple[str, str]]:
        found = []
        for fmap, normalize in self.c.identity:
            value = self.normalized(fmap.name, normalize, clean(record.get(fmap.graphql_name)))
            if value is not None:
                found.append((fmap.name, value))
        return found

    def normalized(self, key: str, normalize: Normalizer, value: Any) -> str | None:
        """``identity_value``, remembered for the batch (a record's identity values are
        normalized when it is matched and again when its asset's identities are checked)."""
        if value is None:
            return None
        try:
            return self._normalized[(key, value)]
        except KeyError:
            result = self._normalized[(key, value)] = identity_value(value, normalize)
            return result

    async def prefetch(self, records: list[Record]) -> None:
        self.found = [self.identities(r) for r in records]
        wanted: dict[str, set[str]] = {}
        for found in self.found:
            for key, value in found:
                wanted.setdefault(key, set()).add(value)
        owned: dict[int, dict[str, str]] = {}  # matched asset -> all its identity rows
        if self.sources is not None and self.sources.preset:
            owned = {asset_id: {} for asset_id in self.sources.preset.values()}
            table_: Table = models.AssetIdentity.__table__  # type: ignore[assignment]
            for asset_id, key, value in await select_in(
                    self.session, table_, ("assetid", "idkey", "idvalue"), {"kind": self.c.kind},
                    "assetid", sorted(owned)):
                owned[asset_id][key] = value
        if wanted:
            table: Table = models.AssetIdentity.__table__  # type: ignore[assignment]
            columns = ("assetid", "idkey", "idvalue")
            hits = await select_in(self.session, table, columns, {"kind": self.c.kind},
                                   "idvalue", {v for values in wanted.values() for v in values})
            matched = {asset_id for asset_id, key, value in hits if value in wanted.get(key, ())}
            for asset_id, key, value in hits:
                if asset_id in matched:
                    owned.setdefault(asset_id, {})[key] = value
            # A matched asset's other identity rows (say the old hostname of a renamed PC)
            # are read only where the hits leave one of the kind's keys out.
            keys = {fmap.name for fmap, _ in self.c.identity}
            partial = [asset_id for asset_id in matched if owned[asset_id].keys() != keys]
            if partial:
                for asset_id, key, value in await select_in(
                        self.session, table, columns, {}, "assetid", partial):
                    owned[asset_id][key] = value
        await self._load_assets(owned)
        tags = {t for r in records if (t := clean(r.get("assetTag")))}
        if tags:
            for aid, tag in (await self.session.execute(
                    select(models.Asset.id, models.Asset.assettag)
                    .where(models.Asset.assettag.in_(sorted(tags))))).all():
                self.tags.setdefault(tag, aid)
        await self._referenced_assets(records)
        names = {n for r in records if (n := clean(r.get("location")))}
        if names:
            self.locations = {n: i for i, n in (await self.session.execute(
                select(models.Location.id, models.Location.name)
                .where(models.Location.name.in_(sorted(names))))).all()}

    async def _referenced_assets(self, records: list[Record]) -> None:
        named: set[int] = set()
        for f in self.custom.values():
            if f.type is FieldType.ASSET:
                for r in records:
                    try:
                        value = customfields.check(f, r.get(f.name))
                    except customfields.ValueProblem:
                        continue  # refused when the record is planned
                    if value is not None:
                        named.add(value)
        self.known_assets = await customfields.existing_assets(self.session, named)

    async def _load_assets(self, owned: dict[int, dict[str, str]]) -> None:
        if not owned:
            return
        ids = sorted(owned)
        asset: Table = models.Asset.__table__  # type: ignore[assignment]
        ext: Table = self.c.model.__table__
        ext_columns = self.c.ext_columns
        rows = (await self.session.execute(
            select(asset.c.id, asset.c.kind, asset.c.statusid, ext.c.id,
                   *(asset.c[c] for c in CORE_COLUMNS), *(ext.c[c] for c in ext_columns))
            .select_from(asset.outerjoin(ext, ext.c.id == asset.c.id))
            .where(asset.c.id.in_(ids)))).all()
        for lock in (await self.session.execute(
                select(models.FieldLock.assetid, models.FieldLock.field)
                .where(models.FieldLock.assetid.in_(ids)))).all():
            self.locks.setdefault(lock.assetid, set()).add(lock.field)
        kind, split = self.c.kind, 4 + len(CORE_COLUMNS)
        for row in rows:
            asset_id, asset_kind, status, ext_id = row[:4]
            core = dict(zip(CORE_COLUMNS, row[4:split], strict=True))
            extv = dict(zip(ext_columns, row[split:], strict=True))
            mine = owned[asset_id]
            self.states[asset_id] = State(
                asset_id, False, core, extv, ext_id is not None, dict(mine), dict(core),
                dict(extv), mine, asset_id=asset_id, kind_ok=asset_kind == kind, status=status,
                status_before=status)
            self.tags[core["assettag"]] = asset_id
            for key, value in mine.items():
                self.claims[(key, value)] = asset_id
        if self.custom:
            values = await customfields.read(self.session, ids, list(self.custom.values()))
            for asset_id, state in self.states.items():
                if isinstance(asset_id, int):
                    mine_values = values.get(asset_id, {})
                    state.custom = {f.name: mine_values.get(f.id) for f in self.custom.values()}
                    state.custom_before = dict(state.custom)
        await self._stale_restores()

    async def _stale_restores(self) -> None:
        """For each stale asset of the batch, the status to give back when it is reported:
        the one it had before `shopdb collectors stale --apply` marked it (from that audit
        entry), else the default status. An asset a person set to stale stays stale."""
        codes: dict[int, str] = dict((await self.session.execute(
            select(models.AssetStatus.id, models.AssetStatus.code))).all())
        stale = {str(key) for key, s in self.states.items()
                 if s.kind_ok and s.status is not None and codes.get(s.status) == self.STALE}
        if not stale:
            return
        entry = models.AuditEntry
        last: dict[str, dict[str, Any]] = {}  # asset id -> its newest status change
        for objectid, changes in (await self.session.execute(
                select(entry.objectid, entry.changes)
                .where(entry.objecttype == "asset", entry.objectid.in_(sorted(stale)))
                .order_by(entry.id.desc()))).all():
            changes = changes or {}
            if objectid not in last and ("status" in changes or "statusid" in changes):
                last[objectid] = changes
        ids = {code: i for i, code in codes.items()}
        default = await default_status_id(self.session)
        for key in stale:
            change = last.get(key)
            if change is None:
                status = default
            elif change.get("status", {}).get("new") == self.STALE:
                status = ids.get(change["status"].get("old")) or default
            else:
                continue  # a person set it to stale
            if codes[status] != self.STALE:
                self.restore[int(key)] = (status, codes[status])
