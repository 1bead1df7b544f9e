"""Running one ingest batch: limits, plan, bulk writes, retries on identity races, payload.

Writes go out in bulk (a few executemany statements per batch). When a concurrent batch
claims the same identity first, the unique constraint on ``assetidentities`` fails ours:
the whole batch is retried in a new transaction, where the other asset is now a match.
If a batch still fails, each asset is written in its own savepoint so one bad record never
fails the others.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter, defaultdict
from typing import Any

import strawberry
from sqlalchemy import Table, bindparam, delete, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.auth.actor import Actor
from shopdb_gql.core import assetcounts, events, models, searchindex
from shopdb_gql.core.customfields import VALUE_COLUMNS, CustomFieldDef, value_row
from shopdb_gql.core.editing import default_status_id, generate_asset_tag
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.bulk import insert_returning, insert_rows
from shopdb_gql.graphql.errors import ErrorCode, user_error
from shopdb_gql.ingest.generate import Compiled, Record
from shopdb_gql.ingest.plan import Outcome, Planner, Sources, State
from shopdb_gql.ingest.types import (
    MAX_BYTES,
    MAX_RECORDS,
    IngestPayload,
    IngestResult,
    IngestStatus,
)
from shopdb_gql.observability import count_ingest

log = logging.getLogger("shopdb.ingest")
RETRIES = 4


def _limit_errors(info: Info[Any, Any], source: str, records: list[Record]) -> list[Any]:
    errors = []
    if len(records) > MAX_RECORDS:
        errors.append(user_error(ErrorCode.LIMIT_EXCEEDED, f"{len(records)} records in one call: "
                                 f"send at most {MAX_RECORDS} per call", "records"))
    size = info.context.request.headers.get("content-length")
    if size and size.isdigit() and int(size) > MAX_BYTES:
        errors.append(user_error(ErrorCode.LIMIT_EXCEEDED, f"The request is {int(size)} bytes: "
                                 f"send at most {MAX_BYTES} bytes per call", "records"))
    if not source.strip() or len(source.strip()) > 120:
        errors.append(user_error(ErrorCode.INVALID, "source must be 1-120 characters", "source"))
    return errors


async def run_ingest(info: Info[Any, Any], compiled: Compiled, source: str,
                     records: list[Record], dry_run: bool, *, sources: Sources | None = None,
                     batch_id: str | None = None) -> IngestPayload:
    """Plan and (unless ``dry_run``) write one batch; one result per record, in order."""
    errors = _limit_errors(info, source, records)
    if errors:
        return IngestPayload(errors=errors, dry_run=dry_run)
    ctx = info.context
    batch = Batch(compiled, ctx.actor, source.strip(), batch_id or uuid.uuid4().hex,
                  ctx.active.custom_for(compiled.kind))
    if dry_run:
        await ctx.session.rollback()  # a fresh snapshot, on the request's one connection
        outcomes, _ = await batch.plan(ctx.session, records, sources)
        await ctx.session.rollback()
        return batch.payload(outcomes, dry_run=True)
    # The request's session gives its connection back while the batch writes (one request,
    # one connection), and takes a new one, with a snapshot that sees the batch, afterwards.
    await ctx.session.rollback()
    try:
        outcomes = await batch.write(ctx.db, records, sources)
    finally:
        await ctx.session.connection()
    ctx.loaders.clear()
    return batch.payload(outcomes, dry_run=False)


class Batch:
    """One call of an ingest mutation."""

    def __init__(self, compiled: Compiled, actor: Actor, source: str, batch_id: str,
                 custom: tuple[CustomFieldDef, ...] = ()) -> None:
        self.c = compiled
        self.actor = actor
        self.source = source
        self.batch_id = batch_id
        self.custom = custom

    async def plan(self, session: AsyncSession, records: list[Record],
                   sources: Sources | None = None) -> tuple[list[Outcome], list[State]]:
        planner = Planner(session, self.c, sources, self.custom)
        await planner.prefetch(records)
        outcomes = planner.plan_all(records)
        return outcomes, [s for s in planner.states.values() if s.records]

    async def write(self, db: Any, records: list[Record],
                    sources: Sources | None = None) -> list[Outcome]:
        for attempt in range(RETRIES + 1):
            careful = attempt == RETRIES
            try:
                async with db.transaction() as session:
                    outcomes, states = await self.plan(session, records, sources)
                    await Writer(self, session).write(states, outcomes, careful)
                    counts = Counter(o.status.value.lower() for o in outcomes)
                    await events.emit(session, "ingest.batch_done", {
                        "kind": self.c.kind, "batchId": self.batch_id, "source": self.source,
                        "actor": self.actor.name, **{k: counts.get(k, 0) for k in (
                            "created", "updated", "unchanged", "rejected")}})
                return outcomes
            except (IntegrityError, DBAPIError) as exc:
                if careful or not _retryable(exc):
                    raise
                log.info("ingest batch %s: retrying after %s", self.batch_id, type(exc).__name__)
                await asyncio.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def payload(self, outcomes: list[Outcome], dry_run: bool) -> IngestPayload:
        counts: dict[IngestStatus, int] = defaultdict(int)
        results = []
        for o in outcomes:
            counts[o.status] += 1
            asset_id = o.state.asset_id if o.state is not None else None
            results.append(IngestResult(index=o.index, status=o.status, errors=o.errors,
                                        warnings=o.warnings,
                                        asset_id=None if asset_id is None
                                        else strawberry.ID(str(asset_id))))
        if not dry_run:
            for status, n in counts.items():
                count_ingest(self.c.kind, status.value.lower(), n)
        return IngestPayload(
            batch_id=None if dry_run else self.batch_id, dry_run=dry_run,
            created=counts[IngestStatus.CREATED], updated=counts[IngestStatus.UPDATED],
            unchanged=counts[IngestStatus.UNCHANGED], rejected=counts[IngestStatus.REJECTED],
            results=results)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return any(s in text for s in ("deadlock", "lock wait", "database is locked", "1213", "1205"))


class Writer:
    """Bulk writes for the planned states of one batch."""

    def __init__(self, batch: Batch, session: AsyncSession) -> None:
        self.b = batch
        self.session = session
        self.now = utcnow()

    async def write(self, states: list[State], outcomes: list[Outcome], careful: bool) -> None:
        if not careful:
            await self._write(states)
            return
        for state in states:
            position = events.mark(self.session)
            try:
                async with self.session.begin_nested():
                    await self._write([state])
            except IntegrityError:
                events.forget_since(self.session, position)
                for o in outcomes:
                    if o.state is state:
                        o.status, o.state = IngestStatus.REJECTED, None
                        o.errors.append(user_error(
                            ErrorCode.CONFLICT, "A concurrent change claimed this record's "
                            "identity or asset tag: send it again", "records", str(o.index)))

    async def _write(self, states: list[State]) -> None:
        new = [s for s in states if s.new]
        old = [s for s in states if not s.new]
        await self._insert(new)
        await self._update([s for s in old if s.changed])
        seen = [s.asset_id for s in old if not s.changed]
        if seen:
            table = _table(models.Asset)
            await self.session.execute(update(table).where(table.c.id.in_(seen)).values(
                lastseenat=self.now, lastseensource=self.b.source[:120]))
        await self._identities(states)
        await self._custom_values(states)
        await self._audit(states)
        # Bulk statements pass the ORM's flush hook by: the search postings follow here.
        await searchindex.refresh(self.session, [s.asset_id for s in states
                                                 if (s.new or s.changed) and s.asset_id is not None])

    async def _insert(self, states: list[State]) -> None:
        if not states:
            return
        status = await default_status_id(self.session)
        table = _table(models.Asset)
        for s in states:
            s.core["assettag"] = s.core["assettag"] or generate_asset_tag(self.b.c.kind)
        source = self.b.source[:120]
        # The ids come back by the unique asset tag (RETURNING where the database has it).
        ids = dict(await insert_returning(self.session, table, _ASSET_COLUMNS, [
            (s.core["assettag"], s.core["name"], self.b.c.kind, status, s.core["locationid"],
             s.core["serialnumber"], self.now, self.now, self.now, source) for s in states],
            ("assettag", "id")))
        for state in states:
            state.asset_id = ids[state.core["assettag"]]
        await assetcounts.record(self.session, {self.b.c.kind: len(states)})
        await self._insert_ext(states)

    async def _insert_ext(self, states: list[State]) -> None:
        table = _table(self.b.c.model)
        defaults = _defaults(table)
        columns = tuple(defaults)
        await insert_rows(self.session, table, columns, [
            tuple(_ext_row(defaults, s).values()) for s in states])

    async def _update(self, states: list[State]) -> None:
        if not states:
            return
        table = _table(models.Asset)
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for s in states:
            s.asset_id = int(s.key)
            changed = {c: v for c, v in s.core.items() if s.core_before.get(c) != v}
            if s.status != s.status_before:
                changed["statusid"] = s.status
            groups[tuple(sorted(changed))].append(
                {"_id": s.asset_id, **{f"v_{c}": v for c, v in changed.items()}})
        for columns, rows in groups.items():
            values: dict[str, Any] = {c: bindparam(f"v_{c}") for c in columns}
            await self.session.execute(
                update(table).where(table.c.id == bindparam("_id")).values(
                    **values, updatedat=self.now, lastseenat=self.now,
                    lastseensource=self.b.source[:120]),
                rows)
        ext_table = _table(self.b.c.model)
        ext_groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for s in states:
            changed = {c: v for c, v in s.ext.items() if s.ext_before.get(c) != v}
            if s.has_ext and changed:
                ext_groups[tuple(sorted(changed))].append(
                    {"_id": s.asset_id, **{f"v_{c}": v for c, v in changed.items()}})
        for columns, rows in ext_groups.items():
            await self.session.execute(
                update(ext_table).where(ext_table.c.id == bindparam("_id"))
                .values(**{c: bindparam(f"v_{c}") for c in columns}), rows)
        await self._insert_ext([s for s in states if not s.has_ext])

    async def _identities(self, states: list[State]) -> None:
        table = _table(models.AssetIdentity)
        gone = [(s.asset_id, k) for s in states for k, v in s.identities_before.items()
                if s.identities.get(k) != v]
        if gone:
            await self.session.execute(
                delete(table).where(table.c.assetid == bindparam("_id"),
                                    table.c.idkey == bindparam("_key")),
                [{"_id": asset_id, "_key": key} for asset_id, key in gone])
        kind = self.b.c.kind
        # Sorted by the unique key, so concurrent batches take its index locks in one order.
        await insert_rows(self.session, table, ("kind", "idkey", "idvalue", "assetid"), sorted(
            (kind, k, v, s.asset_id) for s in states for k, v in s.identities.items()
            if s.identities_before.get(k) != v))

    async def _custom_values(self, states: list[State]) -> None:
        """The custom field values records changed: old rows out, new rows in (bulk)."""
        if not self.b.custom:
            return
        fields = {f.name: f for f in self.b.custom}
        changed = [(s, fields[n], v) for s in states for n, v in s.custom.items()
                   if s.custom_before.get(n) != v]
        if not changed:
            return
        table = _table(models.CustomValue)
        gone = [{"_id": s.asset_id, "_field": f.id} for s, f, _ in changed
                if s.custom_before.get(f.name) is not None]
        if gone:
            await self.session.execute(
                delete(table).where(table.c.assetid == bindparam("_id"),
                                    table.c.fieldid == bindparam("_field")), gone)
        rows = sorted((s.asset_id, f.id, *value_row(f, v).values())
                      for s, f, v in changed if v is not None)
        if rows:
            await insert_rows(self.session, table, ("assetid", "fieldid", *VALUE_COLUMNS), rows)

    async def _audit(self, states: list[State]) -> None:
        actor, now, source, batch = self.b.actor, self.now, self.b.source[:120], self.b.batch_id
        await insert_rows(self.session, _table(models.AuditEntry), _AUDIT_COLUMNS, [
            (now, actor.kind, actor.id, actor.name, source, action, "asset", str(s.asset_id),
             str(s.core["name"])[:255], changes, batch)
            for s in states for action, changes in s.audits])
        await events.emit_many(self.session, [
            (f"asset.{events.past(action)}", events.audit_data(
                "asset", s.asset_id, action, changes, actor.name, source,
                str(s.core["name"])[:255], batch))
            for s in states for action, changes in s.audits if events.past(action)])


_ASSET_COLUMNS = ("assettag", "name", "kind", "statusid", "locationid", "serialnumber",
                  "createdat", "updatedat", "lastseenat", "lastseensource")
_AUDIT_COLUMNS = ("createdat", "actortype", "actorid", "actorname", "source", "action",
                  "objecttype", "objectid", "summary", "changes", "batchid")


def _ext_row(defaults: dict[str, Any], state: State) -> dict[str, Any]:
    return {**defaults, "id": state.asset_id,
            **{c: v for c, v in state.ext.items() if v is not None}}


def _defaults(table: Table) -> dict[str, Any]:
    """A value for every column of a new extension row: the column's scalar default, else
    null. A record's null or absent value takes the default (a bulk insert with an explicit
    NULL would bypass it and break NOT NULL), and all rows of a batch share one set of keys."""
    return {c.key: _scalar_default(c.default) for c in table.columns}


def _scalar_default(default: Any) -> Any:
    return default.arg if default is not None and default.is_scalar else None
