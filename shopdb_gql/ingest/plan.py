"""Planning one ingest batch in memory: identity matching, diffs, locks, per-record results.

The planner reads everything it needs up front (a handful of queries per batch) and then
walks the records in order. Records of one batch that identify the same asset update one
in-memory state, so a batch never creates an asset twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core import models
from shopdb_gql.core.audit import jsonable
from shopdb_gql.graphql.errors import ErrorCode, UserError, user_error
from shopdb_gql.ingest.generate import Compiled, FieldMap
from shopdb_gql.ingest.identity import identity_value
from shopdb_gql.ingest.types import IngestStatus

CORE_COLUMNS = ("assettag", "name", "serialnumber", "locationid")


@dataclass
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

    @property
    def changed(self) -> bool:
        return self.new or self.core != self.core_before or self.ext != self.ext_before


@dataclass
class Outcome:
    """The result of one record, before it becomes an ``IngestResult``."""

    index: int
    status: IngestStatus
    state: State | None = None
    errors: list[UserError] = field(default_factory=list)
    warnings: list[UserError] = field(default_factory=list)


def _path(index: int, graphql_name: str) -> tuple[str, ...]:
    return ("records", str(index), graphql_name)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


class Planner:
    """Plans a batch against the database as it is now (no writes)."""

    def __init__(self, session: AsyncSession, compiled: Compiled) -> None:
        self.session = session
        self.c = compiled
        self.claims: dict[tuple[str, str], int | str] = {}  # (idkey, value) -> state key
        self.states: dict[int | str, State] = {}
        self.tags: dict[str, int | str] = {}  # asset tag -> state key
        self.locations: dict[str, int] = {}
        self.locks: dict[int, set[str]] = {}

    # --- reads ------------------------------------------------------------------------
    def identities(self, record: Any) -> list[tuple[str, str]]:
        found = []
        for fmap, normalize in self.c.identity:
            raw = getattr(record, fmap.name, strawberry.UNSET)
            if raw is strawberry.UNSET:
                continue
            value = identity_value(_value(raw), normalize)
            if value is not None:
                found.append((fmap.name, value))
        return found

    async def prefetch(self, records: list[Any]) -> None:
        wanted: dict[str, set[str]] = {}
        for record in records:
            for key, value in self.identities(record):
                wanted.setdefault(key, set()).add(value)
        ident = models.AssetIdentity
        ids: set[int] = set()
        if wanted:
            rows = (await self.session.execute(select(ident.idkey, ident.idvalue, ident.assetid)
                    .where(ident.kind == self.c.kind, or_(*(
                        and_(ident.idkey == k, ident.idvalue.in_(sorted(v)))
                        for k, v in wanted.items()))))).all()
            ids = {r.assetid for r in rows}
        await self._load_assets(ids)
        tags = {t for r in records if isinstance(t := _value(getattr(r, "asset_tag", None)), str)}
        if tags:
            for aid, tag in (await self.session.execute(
                    select(models.Asset.id, models.Asset.assettag)
                    .where(models.Asset.assettag.in_(sorted(tags))))).all():
                self.tags.setdefault(tag, aid)
        names = {n for r in records if isinstance(n := _value(getattr(r, "location", None)), str)}
        if names:
            self.locations = {n: i for i, n in (await self.session.execute(
                select(models.Location.id, models.Location.name)
                .where(models.Location.name.in_(sorted(names))))).all()}

    async def _load_assets(self, ids: set[int]) -> None:
        if not ids:
            return
        model = self.c.model
        ext_columns = self.c.ext_columns
        assets = (await self.session.scalars(select(models.Asset)
                                             .where(models.Asset.id.in_(sorted(ids))))).all()
        exts = {e.id: e for e in (await self.session.scalars(
            select(model).where(model.id.in_(sorted(ids))))).all()}
        ident = models.AssetIdentity
        owned: dict[int, dict[str, str]] = {}
        for row in (await self.session.execute(select(ident.assetid, ident.idkey, ident.idvalue)
                                               .where(ident.assetid.in_(sorted(ids))))).all():
            owned.setdefault(row.assetid, {})[row.idkey] = row.idvalue
        for lock in (await self.session.execute(
                select(models.FieldLock.assetid, models.FieldLock.field)
                .where(models.FieldLock.assetid.in_(sorted(ids))))).all():
            self.locks.setdefault(lock.assetid, set()).add(lock.field)
        for asset in assets:
            ext = exts.get(asset.id)
            core = {c: getattr(asset, c) for c in CORE_COLUMNS}
            extv = {c: getattr(ext, c) if ext is not None else None for c in ext_columns}
            mine = owned.get(asset.id, {})
            state = State(asset.id, False, core, extv, ext is not None, dict(mine),
                          dict(core), dict(extv), dict(mine))
            state.kind_ok = asset.kind == self.c.kind
            state.asset_id = asset.id
            self.states[asset.id] = state
            self.tags[asset.assettag] = asset.id
            for key, value in mine.items():
                self.claims[(key, value)] = asset.id

    # --- planning -----------------------------------------------------------------------
    def plan(self, index: int, record: Any) -> Outcome:
        found = self.identities(record)
        if not found:
            keys = " or ".join(f.graphql_name for f, _ in self.c.identity)
            return Outcome(index, IngestStatus.REJECTED, errors=[user_error(
                ErrorCode.REQUIRED, f"No usable identity: give {keys} (placeholder values such "
                "as 'To Be Filled By O.E.M.' or '0' never identify an asset)", "records",
                str(index))])
        matched = {self.claims[k] for k in found if k in self.claims}
        if len(matched) > 1:
            which = ", ".join(f"{k}={v!r} -> asset {self._label(self.claims[(k, v)])}"
                              for k, v in found if (k, v) in self.claims)
            return Outcome(index, IngestStatus.REJECTED, errors=[user_error(
                ErrorCode.AMBIGUOUS, f"The record matches different assets ({which}); fix the "
                "data or merge the assets by hand", "records", str(index))])
        if matched:
            state = self.states[matched.pop()]
            if not state.kind_ok:
                return Outcome(index, IngestStatus.REJECTED, errors=[user_error(
                    ErrorCode.CONFLICT, f"Asset {state.key} is not a {self.c.kind}", "records",
                    str(index))])
            return self._apply(index, record, state, found)
        return self._create(index, record, found)

    def _label(self, key: int | str) -> str:
        return str(key) if isinstance(key, int) else f"created by record {key[4:]}"

    def _create(self, index: int, record: Any, found: list[tuple[str, str]]) -> Outcome:
        first = self.c.identity[0][0]
        identity_field = next(f for f, _ in self.c.identity if f.name == found[0][0])
        raw = _value(getattr(record, identity_field.name))
        state = State(f"new:{index}", True, dict.fromkeys(CORE_COLUMNS),
                      dict.fromkeys(self.c.ext_columns), False, {})
        state.core["name"] = str(raw)[:200] if raw is not None else first.name
        outcome = self._apply(index, record, state, found)
        if outcome.status is not IngestStatus.REJECTED:
            outcome.status = IngestStatus.CREATED
            self.states[state.key] = state
        return outcome

    def _apply(self, index: int, record: Any, state: State,
               found: list[tuple[str, str]]) -> Outcome:
        outcome = Outcome(index, IngestStatus.UNCHANGED, state)
        core, ext = dict(state.core), dict(state.ext)
        locked = self.locks.get(state.key, set()) if isinstance(state.key, int) else set()
        for fmap in self.c.fields:
            raw = getattr(record, fmap.name, strawberry.UNSET)
            if raw is strawberry.UNSET:
                continue
            value = self._convert(index, fmap, _value(raw), outcome)
            if value is strawberry.UNSET:
                continue
            target = core if fmap.core else ext
            if target[fmap.column] == value:
                continue
            if fmap.column in locked:
                outcome.warnings.append(user_error(
                    ErrorCode.LOCKED, f"{fmap.graphql_name} was edited by hand and is locked "
                    "against collectors; unlockAssetField to let ingest change it",
                    *_path(index, fmap.graphql_name)))
                continue
            target[fmap.column] = value
        if not outcome.errors:
            self._check_identities(index, state, core, ext, outcome)
        if outcome.errors:
            outcome.status, outcome.state = IngestStatus.REJECTED, None
            return outcome
        changes = {c: {"old": jsonable(state.core[c]), "new": jsonable(v)}
                   for c, v in core.items() if state.core[c] != v}
        changes.update({c: {"old": jsonable(state.ext[c]), "new": jsonable(v)}
                        for c, v in ext.items() if state.ext[c] != v})
        if state.new and not state.records:
            changes = {c: {"old": None, "new": jsonable(v)}
                       for c, v in (core | ext).items() if v is not None}
            state.audits.append(("create", changes))
        elif changes:
            state.audits.append(("update", changes))
            outcome.status = IngestStatus.UPDATED
        state.core, state.ext = core, ext
        state.records.append(index)
        return outcome

    def _convert(self, index: int, fmap: FieldMap, value: Any, outcome: Outcome) -> Any:
        if fmap.column == "locationid":
            if value is None:
                return None
            if value not in self.locations:
                outcome.warnings.append(user_error(
                    ErrorCode.NOT_FOUND, f"No location named {value!r}: location left as it was",
                    *_path(index, fmap.graphql_name)))
                return strawberry.UNSET
            return self.locations[value]
        if fmap.column == "name" and value is None:
            outcome.errors.append(user_error(ErrorCode.REQUIRED, "An asset always has a name",
                                             *_path(index, fmap.graphql_name)))
        if fmap.column == "assettag" and value is None:
            return strawberry.UNSET  # the tag is never cleared; a new asset gets one generated
        if isinstance(value, str) and fmap.max_length and len(value) > fmap.max_length:
            outcome.errors.append(user_error(
                ErrorCode.INVALID, f"At most {fmap.max_length} characters",
                *_path(index, fmap.graphql_name)))
        return value

    def _check_identities(self, index: int, state: State, core: dict[str, Any],
                          ext: dict[str, Any], outcome: Outcome) -> None:
        new_ids: dict[str, str] = {}
        for fmap, normalize in self.c.identity:
            value = identity_value((core if fmap.core else ext)[fmap.column], normalize)
            if value is not None:
                new_ids[fmap.name] = value
                other = self.claims.get((fmap.name, value))
                if other is not None and other != state.key:
                    outcome.errors.append(user_error(
                        ErrorCode.AMBIGUOUS, f"{fmap.graphql_name} {value!r} identifies another "
                        f"asset ({self._label(other)})", *_path(index, fmap.graphql_name)))
        tag = core["assettag"]
        if tag is not None and self.tags.get(tag, state.key) != state.key:
            outcome.errors.append(user_error(ErrorCode.CONFLICT, f"Asset tag {tag!r} is taken",
                                             *_path(index, "assetTag")))
        if outcome.errors:
            return
        for key, value in state.identities.items():
            if new_ids.get(key) != value:
                self.claims.pop((key, value), None)
        for key, value in new_ids.items():
            self.claims[(key, value)] = state.key
        if tag is not None:
            self.tags[tag] = state.key
        state.identities = new_ids
