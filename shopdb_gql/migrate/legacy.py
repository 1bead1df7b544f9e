"""``shopdb import legacy``: a classic shopdb's inventory, through the ingest engine.

The source is any SQLAlchemy URL (MySQL/MariaDB for a real site, SQLite in tests); it is
only read. Rows become locations first (the legacy areas, then map-only markers), then
assets, rule by rule, through the same planner and writer as collector ingest (identities,
junk values, field locks, audit), then what ingest does not carry: status, map position,
notes and the kind's own columns, relationships and history. Every object written keeps
its source row in ``sourcerefs``, so a second run updates instead of duplicating, and a
row that would be merged into an asset made from another row is refused as a duplicate.

A real run commits stage by stage (a chunk of 1,000 assets at a time): it can be stopped
and run again. ``dry_run`` does exactly the same work in one transaction and rolls it
back, so its report is the real run's.
"""

from __future__ import annotations

import getpass
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from shopdb_gql.auth.actor import SYSTEM, Actor
from shopdb_gql.core import models, searchindex
from shopdb_gql.core.audit import jsonable
from shopdb_gql.core.identity import is_junk
from shopdb_gql.core.identity import text as normal_text
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.bulk import insert_rows
from shopdb_gql.ingest.engine import Batch, Writer
from shopdb_gql.ingest.generate import Record, compile_spec, record_field_types
from shopdb_gql.ingest.plan import Sources
from shopdb_gql.ingest.spreadsheet import CellError, convert
from shopdb_gql.ingest.types import IngestStatus
from shopdb_gql.migrate.mapping import History, Mapping, MappingError, Rule, Value
from shopdb_gql.runtime import Runtime
from shopdb_gql.settings import Settings

CHUNK = 1000
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MISSING = object()

Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


def no_progress(_label: str, _total: int) -> AbstractContextManager[Callable[[int], None]]:
    return nullcontext(lambda _n: None)


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class Report:
    """What a run did (or, dry, would do): counts per source table and per kind, and every
    skipped row with its reason."""

    system: str
    source: str
    mapping: str
    dry_run: bool
    batch_id: str
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None
    tables: dict[str, Counts] = field(default_factory=dict)
    kinds: dict[str, Counts] = field(default_factory=dict)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)

    def table(self, name: str) -> Counts:
        return self.tables.setdefault(name, Counts())

    def kind(self, name: str) -> Counts:
        return self.kinds.setdefault(name, Counts())

    def skip(self, table: str, row_id: Any, reason: str) -> None:
        self.table(table).skipped += 1
        self.skipped.append({"table": table, "id": str(row_id), "reason": reason})

    def warn(self, table: str, row_id: Any, message: str) -> None:
        self.warnings.append({"table": table, "id": str(row_id), "message": message})

    def as_json(self) -> dict[str, Any]:
        return {
            "system": self.system, "source": self.source, "mapping": self.mapping,
            "dryRun": self.dry_run, "batchId": None if self.dry_run else self.batch_id,
            "startedAt": self.started_at.isoformat(),
            "finishedAt": self.finished_at.isoformat() if self.finished_at else None,
            "tables": {k: vars(v) for k, v in self.tables.items()},
            "kinds": {k: vars(v) for k, v in self.kinds.items()},
            "skipped": self.skipped, "warnings": self.warnings,
        }

    def summary(self, limit: int = 50) -> str:
        head = "DRY RUN: nothing was written. " if self.dry_run else ""
        lines = [f"{head}Import from {self.source} ({self.system}, mapping {self.mapping})"]
        if not self.dry_run:
            lines.append(f"batch {self.batch_id} (the audit log's entries carry it)")
        lines.append(f"{'table':<28}{'read':>8}{'created':>9}{'updated':>9}{'unchanged':>11}"
                     f"{'skipped':>9}")
        for name, c in self.tables.items():
            lines.append(f"{name:<28}{c.read:>8}{c.created:>9}{c.updated:>9}{c.unchanged:>11}"
                         f"{c.skipped:>9}")
        lines.append("assets per kind: " + (", ".join(
            f"{k} {c.created + c.updated + c.unchanged}" for k, c in sorted(self.kinds.items()))
            or "none"))
        if self.skipped:
            lines.append(f"skipped rows ({len(self.skipped)}):")
            lines += [f"  {s['table']}:{s['id']}: {s['reason']}" for s in self.skipped[:limit]]
            if len(self.skipped) > limit:
                lines.append(f"  ... and {len(self.skipped) - limit} more (see the JSON report)")
        if self.warnings:
            lines.append(f"warnings ({len(self.warnings)}):")
            lines += [f"  {w['table']}:{w['id']}: {w['message']}" for w in self.warnings[:limit]]
            if len(self.warnings) > limit:
                lines.append(f"  ... and {len(self.warnings) - limit} more (see the JSON report)")
        return "\n".join(lines)


def async_url(url: str) -> str:
    """A source URL with an async driver (``mysql://`` -> ``mysql+aiomysql://``)."""
    for plain, driver in (("mysql://", "mysql+aiomysql://"), ("mariadb://", "mysql+aiomysql://"),
                          ("sqlite://", "sqlite+aiosqlite://")):
        if url.startswith(plain):
            return driver + url[len(plain):]
    return url


class Source:
    """The legacy tables, read once into memory (50,000 rows are a few tens of MB)."""

    def __init__(self, tables: dict[str, list[dict[str, Any]]],
                 columns: dict[str, set[str]]) -> None:
        self.tables = tables
        self._columns = columns

    @classmethod
    async def read(cls, url: str, names: set[str]) -> Source:
        engine = create_async_engine(async_url(url))
        tables: dict[str, list[dict[str, Any]]] = {}
        columns: dict[str, set[str]] = {}
        try:
            async with engine.connect() as conn:
                quote = conn.dialect.identifier_preparer.quote
                for name in sorted(names):
                    try:
                        result = await conn.execute(text(f"SELECT * FROM {quote(name)}"))
                    except Exception as exc:
                        raise MappingError(f"the source has no readable table {name!r} "
                                           f"({str(getattr(exc, 'orig', exc)).splitlines()[0]})"
                                           ) from exc
                    keys = list(result.keys())
                    tables[name] = [dict(zip(keys, row, strict=True)) for row in result]
                    columns[name] = set(keys)
        finally:
            await engine.dispose()
        return cls(tables, columns)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables[table]

    def columns(self, table: str) -> set[str]:
        return self._columns[table]


class LegacyImport:
    """One run of ``shopdb import legacy``."""

    def __init__(self, settings: Settings, source_url: str, mapping: Mapping, *,
                 dry_run: bool = False, progress: Progress = no_progress) -> None:
        self.settings = settings
        self.source_url = source_url
        self.m = mapping
        self.dry_run = dry_run
        self.progress = progress
        self.batch_id = uuid.uuid4().hex
        self.source_name = f"import:{mapping.system}"[:120]
        self.actor = Actor("system", None, f"import ({getpass.getuser()})"[:120], SYSTEM.role,
                           SYSTEM.scopes)
        from sqlalchemy.engine import make_url

        self.report = Report(mapping.system,
                             make_url(async_url(source_url)).render_as_string(hide_password=True),
                             mapping.path, dry_run, self.batch_id)
        # (legacy table, id) -> what it became
        self.refs: dict[tuple[str, str], tuple[str, int]] = {}
        self.location_of: dict[str, int] = {}  # legacy location id -> location id
        self.marker_of: dict[str, int] = {}  # legacy machine id of a marker -> location id
        self.location_names: dict[int, str] = {}
        self.asset_of: dict[tuple[str, str], int] = {}  # (table, id) imported this run
        self.not_imported: dict[tuple[str, str], str] = {}  # (table, id) -> why not
        self.owner: dict[int | str, str] = {}  # asset id -> "table:id" it came from
        self._by_name: dict[str, models.Location] = {}

    # --- the run ----------------------------------------------------------------
    async def run(self) -> Report:
        source = await Source.read(self.source_url, self._tables_needed())
        self._check_columns(source)
        runtime = Runtime(self.settings)
        try:
            active = runtime.active_set(await runtime.enabled_names(), 0)
            compiled = self._compiled(active)
            importers = self._history_importers(active)
            assigned = self._assign(source)
            stages: list[Callable[[AsyncSession], Any]] = [
                lambda s: self._load_refs(s),
                lambda s: self._locations(s, source),
                lambda s: self._markers(s, source, assigned),
            ]
            if self.dry_run:
                async with runtime.db.sessions() as session:
                    try:
                        for stage in stages:
                            await stage(session)
                        await self._all_assets(session, source, assigned, compiled, importers)
                    finally:
                        await session.rollback()
            else:
                for stage in stages:
                    async with runtime.db.transaction() as session:
                        await stage(session)
                await self._all_assets(None, source, assigned, compiled, importers,
                                       runtime=runtime)
        finally:
            await runtime.db.dispose()
        self.report.finished_at = utcnow()
        return self.report

    def _tables_needed(self) -> set[str]:
        names = set(self.m.tables)
        if self.m.locations is not None:
            names.add(self.m.locations.table)
        for table in self.m.tables.values():
            names.update(lookup.table for lookup in table.lookups.values())
        for rule in self.m.rules:
            names.update(h.table for h in rule.history)
        return names

    def _check_columns(self, source: Source) -> None:
        missing: list[str] = []

        def need(table: str, columns: set[str | None], where: str) -> None:
            have = source.columns(table)
            missing.extend(f"{where}: {table}.{c}" for c in sorted(c for c in columns if c)
                           if c not in have)

        loc = self.m.locations
        if loc is not None:
            need(loc.table, {loc.id, loc.name, loc.parent, loc.x, loc.y}, "locations")
        for name, table in self.m.tables.items():
            need(name, {table.id, *(lk.column for lk in table.lookups.values())}, f"tables.{name}")
            for lk in table.lookups.values():
                need(lk.table, {lk.key, lk.value}, f"tables.{name}.lookups")
        for rule in self.m.rules:
            lookups = set(self.m.tables[rule.table].lookups)
            used: set[str | None] = {k for k in rule.when if k not in lookups}
            for value in (*rule.fields.values(), *rule.columns.values()):
                used |= set(value.columns())
            used |= {rule.location, rule.active, rule.notes, *(rule.position or ())}
            used |= {r.column for r in rule.relationships}
            if rule.location_only is not None:
                lo = rule.location_only
                used |= {*lo.name.columns(), lo.parent, lo.x, lo.y}
            need(rule.table, used, rule.label)
            for h in rule.history:
                need(h.table, {h.id, h.asset, *h.fields.values()}, f"{rule.label} history")
        if missing:
            raise MappingError("the source lacks columns the mapping names: " + "; ".join(missing))

    def _compiled(self, active: Any) -> dict[str, Any]:
        wanted = {r.kind for r in self.m.rules if r.kind}
        found: dict[str, Any] = {}
        for record in active.records:
            for spec in record.contributions.ingest_specs:
                if spec.kind in wanted:
                    found[spec.kind] = compile_spec(record.plugin, spec)
        missing = sorted(wanted - set(found))
        if missing:
            raise MappingError(f"the mapping imports kinds that no enabled plugin offers with "
                               f"ingest: {', '.join(missing)} (enabled kinds: "
                               f"{', '.join(sorted(active.kinds)) or 'none'}; "
                               "`shopdb plugin enable NAME`)")
        for rule in self.m.rules:
            if not rule.kind:
                continue
            names = {f.graphql_name for f in found[rule.kind].fields}
            unknown = sorted(set(rule.fields) - names)
            if unknown:
                raise MappingError(f"{rule.label}.fields: {', '.join(unknown)} not accepted for "
                                   f"{rule.kind} (fields: {', '.join(sorted(names))})")
            model_columns = set(found[rule.kind].model.__table__.columns.keys())
            bad = sorted(c for c in rule.columns if c.replace("_", "").lower() not in model_columns)
            if bad:
                raise MappingError(f"{rule.label}.columns: {', '.join(bad)} are not columns of "
                                   f"the {rule.kind} table")
        return found

    def _history_importers(self, active: Any) -> dict[str, Any]:
        offered = {h.name: h for record in active.records
                   for h in record.contributions.history_importers}
        for rule in self.m.rules:
            for h in rule.history:
                if h.importer not in offered:
                    raise MappingError(f"{rule.label}.history: no enabled plugin offers the "
                                       f"history importer {h.importer!r} (offered: "
                                       f"{', '.join(sorted(offered)) or 'none'})")
                importer = offered[h.importer]
                unknown = sorted(set(h.fields) - set(importer.fields))
                if unknown:
                    raise MappingError(f"{rule.label}.history: {h.importer} takes no "
                                       f"{', '.join(unknown)} (takes: "
                                       f"{', '.join(sorted(importer.fields))})")
        return offered

    # --- values -----------------------------------------------------------------
    def clean(self, value: Any) -> Any:
        """A source value as imported: trimmed text (blank or junk: None), plain numbers."""
        if isinstance(value, str):
            value = value.strip()
            folded = normal_text(value)
            if not value or is_junk(folded) or folded in self.m.junk:
                return None
            return value
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace").strip() or None
        return value

    def cell(self, row: dict[str, Any], column: str) -> Any:
        return self.clean(row.get(column))

    def resolve(self, value: Value, row: dict[str, Any]) -> Any:
        if not value.sources:
            return value.constant
        found: Any = None
        for source in value.sources:
            found = self.fill(source, row) if "{" in source else self.cell(row, source)
            if found is not None:
                break
        if found is None:
            return None
        if value.pattern is not None and not value.pattern.fullmatch(str(found)):
            return None
        if value.value_map is not None:
            key = " ".join(str(found).split()).casefold()
            found = value.value_map.get(key, value.otherwise if value.otherwise else found)
        return found

    def fill(self, template: str, row: dict[str, Any]) -> str | None:
        """``"LEGACY-M{machine_id}"`` with the row's cells; None when one is empty. Only
        plain ``{column}`` placeholders: no attribute or index access as str.format has."""
        missing = False

        def cell(match: re.Match[str]) -> str:
            nonlocal missing
            value = self.cell(row, match.group(1))
            if value is None:
                missing = True
                return ""
            return str(value)

        filled = _PLACEHOLDER.sub(cell, template)
        return None if missing else filled

    def when_matches(self, rule: Rule, row: dict[str, Any], looked: dict[str, Any]) -> bool:
        for key, wanted in rule.when.items():
            value = self.clean(looked[key] if key in looked else row.get(key))
            if wanted is None:
                if value is None:
                    return False
            elif value is None or " ".join(str(value).split()).casefold() not in wanted:
                return False
        return True

    def as_time(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=self.m.timezone)).astimezone(UTC)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=self.m.timezone).astimezone(UTC)
        if isinstance(value, str):
            try:
                return self.as_time(datetime.fromisoformat(value))
            except ValueError:
                return None
        return None

    # --- rows to rules ----------------------------------------------------------
    def _assign(self, source: Source) -> dict[int, list[dict[str, Any]]]:
        """Each source row of an asset table to the first rule that takes it."""
        lookups: dict[str, dict[str, dict[str, Any]]] = {}
        for name, table in self.m.tables.items():
            for key, lk in table.lookups.items():
                lookups[f"{name}.{key}"] = {str(r[lk.key]): r[lk.value]
                                            for r in source.rows(lk.table)}
        by_rule: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for name, table in self.m.tables.items():
            rules = [r for r in self.m.rules if r.table == name]
            rows = source.rows(name)
            self.report.table(name).read += len(rows)
            seen: set[str] = set()
            for row in rows:
                row_id = str(row[table.id])
                if row_id in seen:
                    self.report.skip(name, row_id, f"{table.id} {row_id} appears twice")
                    continue
                seen.add(row_id)
                looked = {}
                for key, lk in table.lookups.items():
                    raw = row.get(lk.column)
                    looked[key] = lookups[f"{name}.{key}"].get(str(raw)) if raw is not None else None
                    if raw is not None and looked[key] is None:
                        self.report.warn(name, row_id, f"{lk.column} {raw} has no {lk.table} row")
                rule = next((r for r in rules if self.when_matches(r, row, looked)), None)
                if rule is None:
                    why = ", ".join(f"{k} {v!r}" for k, v in looked.items()) or "its values"
                    self.report.skip(name, row_id, f"no rule takes it ({why})")
                    self.not_imported[(name, row_id)] = "no rule takes it"
                    continue
                by_rule[rule.index].append(row)
        return by_rule

    # --- source references --------------------------------------------------------
    async def _load_refs(self, session: AsyncSession) -> None:
        ref = models.SourceRef
        for table, sid, otype, oid in (await session.execute(
                select(ref.sourcetable, ref.sourceid, ref.objecttype, ref.objectid)
                .where(ref.system == self.m.system))).all():
            self.refs[(table, sid)] = (otype, oid)
            if otype == "asset":
                self.owner[oid] = f"{table}:{sid}"

    async def _add_refs(self, session: AsyncSession,
                        rows: Sequence[tuple[str, str, str, int]]) -> None:
        if not rows:
            return
        now = utcnow()
        table: Table = models.SourceRef.__table__  # type: ignore[assignment]
        await insert_rows(session, table, ("system", "sourcetable", "sourceid", "objecttype",
                                           "objectid", "importedat"),
                          [(self.m.system, t, s, o, i, now) for t, s, o, i in rows])
        for t, s, o, i in rows:
            self.refs[(t, s)] = (o, i)
            if o == "asset":
                self.owner[i] = f"{t}:{s}"

    async def _audit(self, session: AsyncSession,
                     entries: Sequence[tuple[str, str, int | str, str, dict[str, Any]]]) -> None:
        """(action, object type, object id, summary, changes) entries of this run."""
        if not entries:
            return
        table: Table = models.AuditEntry.__table__  # type: ignore[assignment]
        now, actor = utcnow(), self.actor
        await insert_rows(session, table, (
            "createdat", "actortype", "actorid", "actorname", "source", "action", "objecttype",
            "objectid", "summary", "changes", "batchid"), [
            (now, actor.kind, actor.id, actor.name, self.source_name, action, otype, str(oid),
             summary[:255], changes, self.batch_id)
            for action, otype, oid, summary, changes in entries])

    # --- locations ------------------------------------------------------------------
    async def _locations(self, session: AsyncSession, source: Source) -> None:
        spec = self.m.locations
        existing = await self._existing_locations(session)
        if spec is None:
            return
        rows = {str(r[spec.id]): r for r in source.rows(spec.table)}
        counts = self.report.table(spec.table)
        counts.read += len(rows)
        done: dict[str, int | None] = {}

        def parent_chain_ok(row_id: str) -> bool:
            seen: set[str] = set()
            current: str | None = row_id
            while current is not None:
                if current in seen:
                    return False
                seen.add(current)
                parent = self.cell(rows[current], spec.parent) if spec.parent else None
                current = str(parent) if parent is not None and str(parent) in rows else None
            return True

        order = sorted(rows, key=lambda r: (len(self._ancestors(rows, r, spec.parent)), r))
        with self.progress(spec.table, len(order)) as advance:
            for row_id in order:
                advance(1)
                row = rows[row_id]
                if not parent_chain_ok(row_id):
                    self.report.skip(spec.table, row_id, "its parents form a loop")
                    done[row_id] = None
                    continue
                parent_id = None
                if spec.parent:
                    raw_parent = self.cell(row, spec.parent)
                    if raw_parent is not None:
                        parent_id = done.get(str(raw_parent))
                        if str(raw_parent) not in rows:
                            self.report.warn(spec.table, row_id, f"{spec.parent} {raw_parent} "
                                             "has no row: imported without a parent")
                name = self.cell(row, spec.name)
                done[row_id] = await self._upsert_location(
                    session, existing, spec.table, row_id, name, parent_id,
                    self._number(row, spec.x), self._number(row, spec.y), spec.kind)
        self.location_of = {k: v for k, v in done.items() if v is not None}

    def _ancestors(self, rows: dict[str, dict[str, Any]], row_id: str,
                   parent: str | None) -> list[str]:
        chain: list[str] = []
        current: str | None = row_id
        while parent and current is not None and current in rows and len(chain) < 64:
            raw = self.cell(rows[current], parent)
            current = str(raw) if raw is not None else None
            if current is not None:
                chain.append(current)
        return chain

    async def _existing_locations(self, session: AsyncSession) -> dict[str, models.Location]:
        found = {row.name.casefold(): row for row in await session.scalars(select(models.Location))}
        self.location_names = {row.id: row.name for row in found.values()}
        self._by_name = found
        return found

    def _number(self, row: dict[str, Any], column: str | None) -> float | None:
        if not column:
            return None
        value = self.cell(row, column)
        try:
            return None if value is None else float(value)
        except (TypeError, ValueError):
            return None

    async def _upsert_location(self, session: AsyncSession, existing: dict[str, models.Location],
                               table: str, row_id: str, name: Any, parent_id: int | None,
                               x: float | None, y: float | None, kind: str) -> int | None:
        counts = self.report.table(table)
        if name is None:
            self.report.skip(table, row_id, "no name")
            return None
        name = " ".join(str(name).split())
        if len(name) > 120:
            self.report.skip(table, row_id, f"name longer than 120 characters: {name[:40]}...")
            return None
        ref = self.refs.get((table, row_id))
        row: models.Location | None = None
        if ref is not None and ref[0] == "location":
            row = await session.get(models.Location, ref[1])
        adopted = False
        if row is None:
            row = existing.get(name.casefold())
            if row is not None:
                owner = next((f"{t}:{s}" for (t, s), (o, i) in self.refs.items()
                              if o == "location" and i == row.id), None)
                if owner is not None and owner != f"{table}:{row_id}":
                    self.report.skip(table, row_id, f"duplicate: location name {name!r} is "
                                     f"also {owner}'s")
                    return None
                adopted = True
        if row is None:
            row = models.Location(name=name, kind=kind, parentid=parent_id, mapx=x, mapy=y)
            session.add(row)
            await session.flush()
            existing[name.casefold()] = row
            self.location_names[row.id] = name
            await self._add_refs(session, [(table, row_id, "location", row.id)])
            await self._audit(session, [("create", "location", row.id, name, {
                "name": {"old": None, "new": name}, "parentid": {"old": None, "new": parent_id},
                "mapx": {"old": None, "new": x}, "mapy": {"old": None, "new": y}})])
            counts.created += 1
            return row.id
        # Enrich: a location a person made keeps what it has; one this import made follows
        # the source.
        wanted: dict[str, Any] = {"parentid": parent_id, "mapx": x, "mapy": y}
        if not adopted:
            wanted["name"] = name
        changes = {}
        for column, value in wanted.items():
            current = getattr(row, column)
            if value is None or current == value or (adopted and current is not None):
                continue
            if column == "parentid" and value == row.id:
                continue
            changes[column] = {"old": current, "new": value}
            setattr(row, column, value)
        if (table, row_id) not in self.refs:
            await self._add_refs(session, [(table, row_id, "location", row.id)])
        if changes:
            await session.flush()
            self.location_names[row.id] = row.name
            await self._audit(session, [("update", "location", row.id, row.name, changes)])
            counts.updated += 1
        else:
            counts.unchanged += 1
        return row.id

    async def _markers(self, session: AsyncSession, source: Source,
                       assigned: dict[int, list[dict[str, Any]]]) -> None:
        existing = self._by_name
        for rule in self.m.rules:
            only = rule.location_only
            if only is None:
                continue
            table = self.m.tables[rule.table]
            rows = assigned.get(rule.index, [])
            with self.progress(f"{rule.table} (map-only)", len(rows)) as advance:
                for row in rows:
                    advance(1)
                    row_id = str(row[table.id])
                    parent = None
                    if only.parent:
                        raw = self.cell(row, only.parent)
                        parent = self.location_of.get(str(raw)) if raw is not None else None
                        if raw is not None and parent is None:
                            self.report.warn(rule.table, row_id, f"{only.parent} {raw}: no such "
                                             "location")
                    location = await self._upsert_location(
                        session, existing, rule.table, row_id, self.resolve(only.name, row),
                        parent, self._number(row, only.x), self._number(row, only.y), only.kind)
                    if location is not None:
                        self.marker_of[row_id] = location
                    self.not_imported[(rule.table, row_id)] = "it is a map-only marker"

    # --- assets -----------------------------------------------------------------------
    async def _all_assets(self, session: AsyncSession | None, source: Source,
                          assigned: dict[int, list[dict[str, Any]]], compiled: dict[str, Any],
                          importers: dict[str, Any], runtime: Runtime | None = None) -> None:
        async def in_tx(work: Callable[[AsyncSession], Any]) -> None:
            if session is not None:
                await work(session)
                return
            assert runtime is not None
            async with runtime.db.transaction() as own:
                await work(own)

        asset_rules = [r for r in self.m.rules if r.kind]
        for rule in asset_rules:
            rows = assigned.get(rule.index, [])
            assert rule.kind is not None
            batch = Batch(compiled[rule.kind], self.actor, self.source_name, self.batch_id)
            with self.progress(f"{rule.table} -> {rule.kind}", len(rows)) as advance:
                for start in range(0, len(rows), CHUNK):
                    chunk = rows[start:start + CHUNK]

                    async def work(s: AsyncSession, chunk: list[dict[str, Any]] = chunk,
                                   rule: Rule = rule, batch: Batch = batch) -> None:
                        await self._asset_chunk(s, rule, batch, chunk)

                    await in_tx(work)
                    advance(len(chunk))
        for rule in asset_rules:
            if rule.relationships:
                rows = assigned.get(rule.index, [])

                async def links(s: AsyncSession, rule: Rule = rule,
                                rows: list[dict[str, Any]] = rows) -> None:
                    await self._relationships(s, rule, rows)

                await in_tx(links)
            for history in rule.history:
                async def past(s: AsyncSession, rule: Rule = rule,
                               history: History = history) -> None:
                    await self._history(s, rule, history, source, importers[history.importer])

                await in_tx(past)

    def _record(self, rule: Rule, row: dict[str, Any], row_id: str,
                types: dict[str, Any]) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for name, value in rule.fields.items():
            resolved = self.resolve(value, row)
            converted = self._convert(resolved, types.get(name))
            if converted is _MISSING:
                self.report.warn(rule.table, row_id, f"{name}: {resolved!r} is not a "
                                 f"{_type_name(types.get(name))}: left out")
                continue
            record[name] = converted
        if rule.location:
            raw = self.cell(row, rule.location)
            if raw is not None:
                location = self.location_of.get(str(raw))
                if location is None:
                    location = self.marker_of.get(str(raw))
                if location is None:
                    self.report.warn(rule.table, row_id, f"{rule.location} {raw}: no such "
                                     "location, imported without one")
                else:
                    record["location"] = self.location_names[location]
        for link in rule.relationships:
            # A row that points at a map-only marker stands at the marker's location.
            raw = self.cell(row, link.column)
            if raw is not None and str(raw) in self.marker_of and link.table in self.m.tables:
                record["location"] = self.location_names[self.marker_of[str(raw)]]
        return record

    def _convert(self, value: Any, kind: Any) -> Any:
        """``value`` as the field's type, as a spreadsheet cell is read, but with times in
        the mapping's zone; ``_MISSING`` when it does not fit."""
        if value is None or kind is None:
            return value
        if kind is datetime:
            return self.as_time(value) or _MISSING
        if kind is date:
            moment = self.as_time(value)
            return moment.date() if moment else _MISSING
        try:
            converted = convert(value, kind)
        except CellError:
            return _MISSING
        return converted.value if isinstance(converted, Enum) else converted

    async def _asset_chunk(self, session: AsyncSession, rule: Rule, batch: Batch,
                           rows: list[dict[str, Any]]) -> None:
        assert rule.kind is not None
        table = self.m.tables[rule.table]
        types = record_field_types(batch.c)
        counts, per_kind = self.report.table(rule.table), self.report.kind(rule.kind)
        ids = [str(r[table.id]) for r in rows]
        records: list[Record] = [self._record(rule, r, i, types)
                                 for r, i in zip(rows, ids, strict=True)]
        preset = {}
        for index, row_id in enumerate(ids):
            ref = self.refs.get((rule.table, row_id))
            if ref is not None and ref[0] == "asset":
                preset[index] = ref[1]
        sources = Sources([f"{rule.table}:{i}" for i in ids], preset, dict(self.owner))
        outcomes, states = await batch.plan(session, records, sources)
        await Writer(batch, session).write(states, outcomes, careful=False)
        new_refs: list[tuple[str, str, str, int]] = []
        imported: list[tuple[dict[str, Any], str, int, IngestStatus]] = []
        for outcome, row, row_id in zip(outcomes, rows, ids, strict=True):
            for warning in outcome.warnings:
                self.report.warn(rule.table, row_id, warning.message)
            if outcome.status is IngestStatus.REJECTED or outcome.state is None:
                reason = "; ".join(e.message for e in outcome.errors) or "rejected"
                self.report.skip(rule.table, row_id, reason)
                per_kind.skipped += 1
                self.not_imported[(rule.table, row_id)] = reason
                continue
            asset_id = outcome.state.asset_id
            assert asset_id is not None
            if (rule.table, row_id) not in self.refs:
                new_refs.append((rule.table, row_id, "asset", asset_id))
            self.asset_of[(rule.table, row_id)] = asset_id
            imported.append((row, row_id, asset_id, outcome.status))
        await self._add_refs(session, new_refs)
        touched = await self._asset_extras(session, rule, batch.c, imported)
        for _row, _row_id, asset_id, status in imported:
            if status is IngestStatus.CREATED:
                counts.created += 1
                per_kind.created += 1
            elif status is IngestStatus.UPDATED or asset_id in touched:
                counts.updated += 1
                per_kind.updated += 1
            else:
                counts.unchanged += 1
                per_kind.unchanged += 1

    async def _asset_extras(self, session: AsyncSession, rule: Rule, compiled: Any,
                            imported: list[tuple[dict[str, Any], str, int, IngestStatus]]
                            ) -> set[int]:
        """Status, map position, notes and the kind's own columns: what ingest does not
        carry. Locked fields keep their hand-edited value. Returns the assets changed."""
        if not imported:
            return set()
        ids = [asset_id for _, _, asset_id, _ in imported]
        asset: Table = models.Asset.__table__  # type: ignore[assignment]
        ext: Table = compiled.model.__table__
        ext_columns = {name: name.replace("_", "").lower() for name in rule.columns}
        current = {r[0]: r for r in (await session.execute(
            select(asset.c.id, asset.c.statusid, asset.c.mapx, asset.c.mapy, asset.c.notes,
                   asset.c.name, *(ext.c[c] for c in ext_columns.values()))
            .select_from(asset.outerjoin(ext, ext.c.id == asset.c.id))
            .where(asset.c.id.in_(ids)))).all()}
        locks: dict[int, set[str]] = defaultdict(set)
        for asset_id, name in (await session.execute(
                select(models.FieldLock.assetid, models.FieldLock.field)
                .where(models.FieldLock.assetid.in_(ids)))).all():
            locks[asset_id].add(name)
        statuses = dict((await session.execute(
            select(models.AssetStatus.code, models.AssetStatus.id))).all())
        retired, in_use = statuses.get("retired"), statuses.get("in_use")
        core_updates: list[dict[str, Any]] = []
        ext_updates: list[dict[str, Any]] = []
        audits: list[tuple[str, str, int | str, str, dict[str, Any]]] = []
        touched: set[int] = set()
        for row, _row_id, asset_id, _status in imported:
            now = current[asset_id]
            changes: dict[str, Any] = {}
            core: dict[str, Any] = {}
            if rule.active:
                active = self.cell(row, rule.active)
                is_active = active is None or str(active).strip().lower() not in (
                    "0", "false", "no", "n")
                if not is_active and retired is not None and now.statusid != retired:
                    core["statusid"] = retired
                    changes["status"] = {"old": _code(statuses, now.statusid), "new": "retired"}
                elif is_active and now.statusid == retired and in_use is not None:
                    core["statusid"] = in_use
                    changes["status"] = {"old": "retired", "new": "in_use"}
            if rule.position:
                for column, source in zip(("mapx", "mapy"), rule.position, strict=True):
                    value = self._number(row, source)
                    if value is not None and value != getattr(now, column) \
                            and column not in locks[asset_id]:
                        core[column] = value
                        changes[column] = {"old": getattr(now, column), "new": value}
            if rule.notes:
                notes = self.cell(row, rule.notes)
                if notes is not None and str(notes) != now.notes and "notes" not in locks[asset_id]:
                    core["notes"] = str(notes)[:10_000]
                    changes["notes"] = {"old": now.notes, "new": core["notes"]}
            ext_values: dict[str, Any] = {}
            for name, wanted_value in rule.columns.items():
                column = ext_columns[name]
                converted = self._convert(self.resolve(wanted_value, row),
                                          _column_type(compiled.model, column))
                if converted is _MISSING or converted is None or column in locks[asset_id]:
                    continue
                if converted != getattr(now, column):
                    ext_values[column] = converted
                    changes[column] = {"old": jsonable(getattr(now, column)),
                                       "new": jsonable(converted)}
            if not changes:
                continue
            touched.add(asset_id)
            if core:
                core_updates.append({"_id": asset_id, **{f"v_{k}": v for k, v in core.items()},
                                     "_keys": tuple(sorted(core))})
            if ext_values:
                ext_updates.append({"_id": asset_id, **{f"v_{k}": v for k, v in ext_values.items()},
                                    "_keys": tuple(sorted(ext_values))})
            audits.append(("update", "asset", asset_id, str(now.name), changes))
        for target, updates, extra in ((asset, core_updates, {"updatedat": utcnow()}),
                                       (ext, ext_updates, {})):
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
            for u in updates:
                groups[u.pop("_keys")].append(u)
            for keys, group in groups.items():
                await session.execute(
                    update(target).where(target.c.id == bindparam("_id"))
                    .values(**{k: bindparam(f"v_{k}") for k in keys}, **extra), group)
        # Notes and kind columns written here, after the ingest writer: their search postings.
        await searchindex.refresh(session, [u["_id"] for u in (*core_updates, *ext_updates)])
        await self._audit(session, audits)
        return touched

    # --- relationships ----------------------------------------------------------------
    async def _relationships(self, session: AsyncSession, rule: Rule,
                             rows: list[dict[str, Any]]) -> None:
        table = self.m.tables[rule.table]
        rel_model = models.AssetRelationship
        for link in rule.relationships:
            label = f"{rule.table}.{link.column}"
            counts = self.report.table(f"{label} ({link.type})")
            # Every link of the type, read once: the rows' own lookups stay in memory.
            links = (await session.scalars(select(rel_model).where(
                rel_model.type == link.type))).all()
            by_id = {r.id: r for r in links}
            by_pair = {(r.sourceid, r.targetid): r for r in links}
            made: list[tuple[str, Any]] = []
            kept: list[tuple[str, str, str, int]] = []
            audits: list[tuple[str, str, int | str, str, dict[str, Any]]] = []
            for row in rows:
                row_id = str(row[table.id])
                source_asset = self.asset_of.get((rule.table, row_id))
                if source_asset is None:
                    continue
                raw = self.cell(row, link.column)
                ref = self.refs.get((label, row_id))
                existing = by_id.get(ref[1]) if ref is not None else None
                target = None
                if raw is not None:
                    counts.read += 1
                    key = (link.table, str(raw))
                    if key[1] in self.marker_of:
                        counts.read -= 1  # a location, given with the asset's record
                        continue
                    target = self.asset_of.get(key)
                    if target is None:
                        why = self.not_imported.get(key, "no such row")
                        self.report.skip(f"{label} ({link.type})", row_id,
                                         f"{link.column} {raw}: {link.table}:{raw} is not "
                                         f"imported ({why}); no {link.type} link")
                        continue
                if existing is not None and (target is None or existing.targetid != target
                                             or existing.sourceid != source_asset):
                    await session.delete(existing)
                    await session.execute(delete(models.SourceRef).where(and_(
                        models.SourceRef.system == self.m.system,
                        models.SourceRef.sourcetable == label,
                        models.SourceRef.sourceid == row_id)))
                    self.refs.pop((label, row_id), None)
                    by_pair.pop((existing.sourceid, existing.targetid), None)
                    audits.append(("unlink", "asset", source_asset, link.type, {
                        "relationship": {"old": {"type": link.type, "target": existing.targetid},
                                         "new": None}}))
                    if target is None:
                        counts.updated += 1
                        continue
                    existing = None
                if target is None:
                    continue
                if existing is not None:
                    counts.unchanged += 1
                    continue
                found = by_pair.get((source_asset, target))
                if found is None:
                    found = by_pair[(source_asset, target)] = rel_model(
                        sourceid=source_asset, targetid=target, type=link.type,
                        inheritsposition=link.inherits_position)
                    session.add(found)
                    made.append((row_id, found))
                    audits.append(("link", "asset", source_asset, link.type, {
                        "relationship": {"old": None, "new": {"type": link.type,
                                                              "target": target}}}))
                    counts.created += 1
                else:
                    counts.unchanged += 1
                    kept.append((label, row_id, "relationship", found.id))
            await session.flush()  # the new links' ids, in one go
            await self._add_refs(session, [*kept, *((label, row_id, "relationship", rel.id)
                                                    for row_id, rel in made)])
            await self._audit(session, audits)

    # --- history ------------------------------------------------------------------------
    async def _history(self, session: AsyncSession, rule: Rule, history: History,
                       source: Source, importer: Any) -> None:
        rows = source.rows(history.table)
        counts = self.report.table(history.table)
        counts.read += len(rows)
        audits: list[tuple[str, str, int | str, str, dict[str, Any]]] = []
        with self.progress(history.table, len(rows)) as advance:
            for row in rows:
                advance(1)
                row_id = str(row[history.id])
                raw = self.cell(row, history.asset)
                key = (rule.table, str(raw))
                asset_id = self.asset_of.get(key)
                if asset_id is None:
                    why = self.not_imported.get(key, "no such row")
                    self.report.skip(history.table, row_id, f"{history.asset} {raw}: "
                                     f"{rule.table}:{raw} is not imported ({why})")
                    continue
                values: dict[str, Any] = {}
                for name, column in history.fields.items():
                    kind = importer.fields[name]
                    value = self.cell(row, column)
                    converted = self._convert(value, kind)
                    values[name] = None if converted is _MISSING else converted
                ref = self.refs.get((history.table, row_id))
                existing = ref[1] if ref is not None else None
                try:
                    new_id, changed = await importer.write(session, asset_id, values, existing)
                except ValueError as exc:
                    self.report.skip(history.table, row_id, str(exc))
                    continue
                if existing is None or existing != new_id:
                    await self._add_refs(session, [(history.table, row_id, importer.name, new_id)]
                                         if existing is None else [])
                    counts.created += 1
                    audits.append(("import", "asset", asset_id, f"{importer.name} {row_id}",
                                   {importer.name: {"old": None, "new": jsonable(values)}}))
                elif changed:
                    counts.updated += 1
                    audits.append(("import", "asset", asset_id, f"{importer.name} {row_id}",
                                   {importer.name: {"old": None, "new": jsonable(values)}}))
                else:
                    counts.unchanged += 1
        await self._audit(session, audits)


def _column_type(model: Any, column: str) -> Any:
    try:
        kind = model.__table__.columns[column].type
        return getattr(kind, "impl", kind).python_type  # a TypeDecorator's says "object"
    except (KeyError, NotImplementedError):
        return None


def _type_name(kind: Any) -> str:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return f"{kind.__name__} ({', '.join(kind._value2member_map_)})"
    return getattr(kind, "__name__", str(kind))


def _code(statuses: dict[str, int], status_id: int | None) -> str | None:
    return next((code for code, i in statuses.items() if i == status_id), None)

