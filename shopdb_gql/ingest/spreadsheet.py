"""Spreadsheet import for people: ``importAssets``, ``importLocations`` and the remembered
column mapping of each kind.

The web UI reads a CSV or XLSX file (``POST /import/parse``), lets an editor map its
columns to a kind's record fields, and sends the rows here, a thousand at a time. Asset
rows go through the ingest engine like a collector's records (identities, junk values,
field locks, audit), with the editor as the actor and ``spreadsheet`` as the source; a row
whose asset tag names an asset of the kind updates that asset, whatever its other
identities say (a spreadsheet exported from a list carries the tag first). Cells arrive as
text or numbers and are converted to the field's type here, with an error at the cell
when they do not fit.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON
from strawberry.types import Info

from shopdb_gql.auth.permissions import CanRead, CanWrite, IsAdmin
from shopdb_gql.core import models
from shopdb_gql.core.audit import record as audit_record
from shopdb_gql.core.customfields import CustomFieldDef, FieldType
from shopdb_gql.core.settingstore import get_setting, set_setting
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, UserError, bad_input, user_error
from shopdb_gql.ingest.engine import run_ingest
from shopdb_gql.ingest.generate import Record, compiled_for, record_field_types
from shopdb_gql.ingest.plan import Sources
from shopdb_gql.ingest.types import MAX_RECORDS, IngestPayload, IngestResult, IngestStatus

_BATCH = re.compile(r"[0-9a-f]{32}")
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")
MAPPING_KEY = "import.mapping."


class CellError(ValueError):
    """A cell that does not fit its field's type; the message says why."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    # An export keeps formulas as text behind a "'": the value is what follows it.
    return _FORMULA_GUARD.sub("", text).strip() or None


def convert(value: Any, kind: Any) -> Any:
    """A cell as the field's type (an enum by its value or name, numbers, ISO dates, naive
    times as UTC); ``CellError`` says why it does not fit. Spreadsheet import and
    ``shopdb import legacy`` read cells through it."""
    if isinstance(value, list | dict):
        raise CellError("A cell holds one value")
    text = _text(value)
    if text is None:
        return None
    if isinstance(kind, type) and issubclass(kind, Enum):
        wanted = re.sub(r"[\s\-]+", "_", text).upper()
        for member in kind:
            if wanted in (str(member.value).upper(), member.name.upper()):
                return member
        raise CellError(f"{text!r} is not one of {', '.join(str(m.value) for m in kind)}")
    try:
        if kind is bool:
            if text.lower() in ("true", "yes", "y", "1"):
                return True
            if text.lower() in ("false", "no", "n", "0"):
                return False
            raise CellError(f"{text!r} is not true or false")
        if kind is int:
            number = float(text)
            if not number.is_integer():
                raise CellError(f"{text!r} is not a whole number")
            return int(number)
        if kind is float:
            number = float(text)
            if number != number or number in (float("inf"), float("-inf")):
                raise CellError(f"{text!r} is not a finite number")
            return number
        if kind is datetime:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if kind is date:
            return date.fromisoformat(text[:10])
    except ValueError as exc:
        if isinstance(exc, CellError):
            raise
        raise CellError(f"{text!r} is not a {getattr(kind, '__name__', kind)}") from exc
    if len(text) > 10_000:
        raise CellError("At most 10,000 characters")
    return text


_CUSTOM_CELLS = {FieldType.TEXT: str, FieldType.CHOICE: str, FieldType.NUMBER: float,
                 FieldType.BOOLEAN: bool, FieldType.DATE: date, FieldType.ASSET: str}


def custom_field_types(fields: Sequence[CustomFieldDef]) -> dict[str, Any]:
    """How a cell of each custom field reads (an asset field: the asset's id)."""
    return {f.name: _CUSTOM_CELLS[f.type] for f in fields}


@strawberry.type(description="The column mapping last used to import a kind's spreadsheet.")
class ImportMapping:
    kind: str = strawberry.field(description="Asset kind, or `locations`.")
    columns: JSON = strawberry.field(description=(
        "Spreadsheet header -> record field (GraphQL name), e.g. "
        "`{\"Host name\": \"hostname\"}`; unmapped headers are left out."))


@strawberry.input(description="One row of a locations spreadsheet.")
class LocationImportRow:
    name: str = strawberry.field(description="The location's name (unique): an existing "
                                             "location of that name is updated.")
    kind: str | None = strawberry.field(default=None, description="Kind, e.g. building, area.")
    parent: str | None = strawberry.field(default=None, description=(
        "The parent location's name (created earlier in the file, or existing)."))
    description: str | None = strawberry.field(default=None, description="Description.")
    map_x: float | None = strawberry.field(default=None, description="Map x.")
    map_y: float | None = strawberry.field(default=None, description="Map y.")


@strawberry.type(description="The result of importing locations.")
class LocationImportPayload:
    batch_id: str | None = strawberry.field(default=None, description=(
        "Identifier of the batch; audit entries carry it (null on a dry run)."))
    dry_run: bool = strawberry.field(default=False, description="Nothing was written.")
    created: int = strawberry.field(default=0, description="Rows that created a location.")
    updated: int = strawberry.field(default=0, description="Rows that changed a location.")
    unchanged: int = strawberry.field(default=0, description="Rows that changed nothing.")
    rejected: int = strawberry.field(default=0, description="Rows refused (see results).")
    results: list[IngestResult] = strawberry.field(default_factory=list, description=(
        "One result per row, in order (`assetId` is null: locations are not assets)."))
    errors: list[UserError] = strawberry.field(default_factory=list, description=(
        "Why the whole import was refused."))


@dataclass
class _Rows:
    records: list[Record]
    cell_errors: dict[int, list[UserError]]
    tags: dict[int, str]


def _records(rows: list[Any], types: dict[str, Any]) -> _Rows:
    records: list[Record] = []
    errors: dict[int, list[UserError]] = {}
    tags: dict[int, str] = {}
    for index, row in enumerate(rows):
        record: dict[str, Any] = {}
        if not isinstance(row, dict):
            errors[index] = [user_error(ErrorCode.INVALID, "A row is an object of field: value",
                                        "rows", str(index))]
            records.append(record)
            continue
        for name, value in row.items():
            if name not in types:
                errors.setdefault(index, []).append(user_error(
                    ErrorCode.INVALID, f"No field {name!r} in this kind's records",
                    "rows", str(index), str(name)[:64]))
                continue
            try:
                record[name] = convert(value, types[name])
            except CellError as exc:
                errors.setdefault(index, []).append(user_error(
                    ErrorCode.INVALID, str(exc), "rows", str(index), name))
        tag = record.get("assetTag")
        if isinstance(tag, str):
            tags[index] = tag
        records.append(record)
    return _Rows(records, errors, tags)


def _check_batch(batch_id: str | None) -> list[UserError]:
    if batch_id is not None and not _BATCH.fullmatch(batch_id):
        return [user_error(ErrorCode.INVALID, "batchId is the batchId an earlier part of the "
                                              "same import returned (32 hex digits)", "batchId")]
    return []


@strawberry.type
class SpreadsheetQuery:
    @strawberry.field(description=(
        "The column mapping last used to import a spreadsheet of `kind` (or `locations`); "
        "null before the first import."), permission_classes=[CanRead])
    async def import_mapping(self, info: Info[Context, Any], kind: str) -> ImportMapping | None:
        columns = await get_setting(info.context.session, MAPPING_KEY + kind[:64])
        return None if columns is None else ImportMapping(kind=kind, columns=columns)


@strawberry.type
class SpreadsheetMutation:
    @strawberry.mutation(description=(
        "Editors: create or update assets of `kind` from spreadsheet rows (at most 1000 per "
        "call; objects of record field -> cell, fields as in `<Kind>Record`). Cells are "
        "converted to each field's type (enum values or their labels, ISO dates, numbers); "
        "an empty cell clears the field. A row whose `assetTag` names an asset of the kind "
        "updates that asset; others match by the kind's identities like ingest. Locked "
        "fields are left alone (LOCKED warning). `dryRun` writes nothing. Send the `batchId` "
        "of the first call with the next ones, so the whole file is one batch."),
        permission_classes=[CanWrite])
    async def import_assets(self, info: Info[Context, Any], kind: str, rows: list[JSON],
                            dry_run: bool = False, batch_id: str | None = None
                            ) -> IngestPayload:
        compiled = compiled_for(info.context.active, kind)
        if compiled is None:
            return IngestPayload(dry_run=dry_run, errors=[user_error(
                ErrorCode.NOT_FOUND, f"No enabled asset kind {kind!r} takes imports", "kind")])
        errors = _check_batch(batch_id)
        if len(rows) > MAX_RECORDS:
            errors.append(user_error(ErrorCode.LIMIT_EXCEEDED, f"{len(rows)} rows in one call: "
                                     f"send at most {MAX_RECORDS} per call", "rows"))
        if errors:
            return IngestPayload(dry_run=dry_run, errors=errors)
        types = {**record_field_types(compiled),
                 **custom_field_types(info.context.active.custom_for(kind))}
        parsed = _records(list(rows), types)
        tagged = {}
        if parsed.tags:
            found = dict((await info.context.session.execute(
                select(models.Asset.assettag, models.Asset.id).where(
                    models.Asset.kind == kind,
                    models.Asset.assettag.in_(sorted(set(parsed.tags.values())))))).all())
            tagged = {i: found[t] for i, t in parsed.tags.items() if t in found}
        good = [i for i in range(len(parsed.records)) if i not in parsed.cell_errors]
        records = [parsed.records[i] for i in good]
        sources = Sources([f"row {i + 1}" for i in good],
                          {n: tagged[i] for n, i in enumerate(good) if i in tagged})
        payload = await run_ingest(info, compiled, "spreadsheet", records, dry_run,
                                   sources=sources, batch_id=batch_id)
        if payload.errors:
            return payload
        return _merge(payload, good, parsed.cell_errors, len(parsed.records))

    @strawberry.mutation(description=(
        "Admins (who manage locations): create or update locations from spreadsheet rows, "
        "by name (at most 1000 per call). A parent is named; it must exist or come earlier "
        "in the rows. Audited; `dryRun` writes nothing."), permission_classes=[IsAdmin])
    async def import_locations(self, info: Info[Context, Any], rows: list[LocationImportRow],
                               dry_run: bool = False, batch_id: str | None = None
                               ) -> LocationImportPayload:
        errors = _check_batch(batch_id)
        if len(rows) > MAX_RECORDS:
            errors.append(user_error(ErrorCode.LIMIT_EXCEEDED, f"{len(rows)} rows in one call: "
                                     f"send at most {MAX_RECORDS} per call", "rows"))
        if errors:
            return LocationImportPayload(dry_run=dry_run, errors=errors)
        batch = batch_id or uuid.uuid4().hex
        session = info.context.session
        results: list[IngestResult] = []
        existing = {row.name.casefold(): row for row in await session.scalars(
            select(models.Location))}
        for index, row in enumerate(rows):
            results.append(await _import_location(session, info, existing, index, row, batch))
        counts = {s: sum(1 for r in results if r.status is s) for s in IngestStatus}
        if dry_run or counts[IngestStatus.REJECTED] == len(results):
            await session.rollback()
        else:
            await session.commit()
        return LocationImportPayload(
            batch_id=None if dry_run else batch, dry_run=dry_run,
            created=counts[IngestStatus.CREATED], updated=counts[IngestStatus.UPDATED],
            unchanged=counts[IngestStatus.UNCHANGED], rejected=counts[IngestStatus.REJECTED],
            results=results)

    @strawberry.mutation(description=(
        "Remember the column mapping of `kind`'s spreadsheets (header -> record field) for "
        "the next import, for every editor."), permission_classes=[CanWrite])
    async def save_import_mapping(self, info: Info[Context, Any], kind: str,
                                  columns: JSON) -> ImportMapping:
        if not isinstance(columns, dict) or len(columns) > 200 or not all(
                isinstance(k, str) and isinstance(v, str) and len(k) <= 200 and len(v) <= 64
                for k, v in columns.items()):
            raise bad_input("columns maps header text to a field name (at most 200 pairs)")
        await set_setting(info.context.session, MAPPING_KEY + kind[:64], columns)
        await info.context.session.commit()
        return ImportMapping(kind=kind, columns=columns)


def _merge(payload: IngestPayload, good: list[int], cell_errors: dict[int, list[UserError]],
           total: int) -> IngestPayload:
    """The engine's results for the rows it saw, and the refused rows in their places."""
    by_row: dict[int, IngestResult] = {}
    for result in payload.results:
        row = good[result.index]
        result.index = row
        for error in (*result.errors, *result.warnings):
            if error.field and error.field[0] == "records":
                error.field = ["rows", str(row), *error.field[2:]]
        by_row[row] = result
    for row, errors in cell_errors.items():
        by_row[row] = IngestResult(index=row, status=IngestStatus.REJECTED, errors=errors,
                                   warnings=[])
    payload.results = [by_row[i] for i in range(total)]
    payload.rejected += len(cell_errors)
    return payload


async def _import_location(session: Any, info: Info[Context, Any],
                           existing: dict[str, models.Location], index: int,
                           row: LocationImportRow, batch: str) -> IngestResult:
    def refused(message: str, *field: str) -> IngestResult:
        return IngestResult(index=index, status=IngestStatus.REJECTED, warnings=[], errors=[
            user_error(ErrorCode.INVALID, message, "rows", str(index), *field)])

    name = " ".join(row.name.split())
    if not name:
        return refused("A location has a name", "name")
    if len(name) > 120:
        return refused("At most 120 characters", "name")
    for value, field in ((row.map_x, "mapX"), (row.map_y, "mapY")):
        if value is not None and not -10_000_000 <= value <= 10_000_000:
            return refused("Map coordinates are -10,000,000 to 10,000,000", field)
    parent_id = None
    if row.parent and row.parent.strip():
        parent = existing.get(" ".join(row.parent.split()).casefold())
        if parent is None:
            return refused(f"No location named {row.parent.strip()!r} (give parents first)",
                           "parent")
        parent_id = parent.id
    wanted: dict[str, Any] = {"kind": (row.kind or "").strip()[:40] or None,
                              "parentid": parent_id,
                              "description": (row.description or "").strip()[:10_000] or None,
                              "mapx": row.map_x, "mapy": row.map_y}
    current = existing.get(name.casefold())
    actor = info.context.actor
    if current is None:
        location = models.Location(name=name, **{**wanted, "kind": wanted["kind"] or "area"})
        session.add(location)
        await session.flush()
        existing[name.casefold()] = location
        await audit_record(session, actor, action="create", object_type="location",
                           object_id=location.id, source="spreadsheet", summary=name,
                           changes={k: {"old": None, "new": v} for k, v in wanted.items()
                                    if v is not None}, batch_id=batch)
        return IngestResult(index=index, status=IngestStatus.CREATED, errors=[], warnings=[])
    if parent_id is not None and _is_below(existing, parent_id, current.id):
        return refused("A location cannot be inside itself", "parent")
    changes = {}
    for column, value in wanted.items():
        if value is not None and getattr(current, column) != value:
            changes[column] = {"old": getattr(current, column), "new": value}
            setattr(current, column, value)
    if not changes:
        return IngestResult(index=index, status=IngestStatus.UNCHANGED, errors=[], warnings=[])
    await session.flush()
    await audit_record(session, actor, action="update", object_type="location",
                       object_id=current.id, source="spreadsheet", summary=current.name,
                       changes=changes, batch_id=batch)
    return IngestResult(index=index, status=IngestStatus.UPDATED, errors=[], warnings=[])


def _is_below(existing: dict[str, models.Location], start: int, target: int) -> bool:
    """Whether ``start`` is ``target`` or lies inside it."""
    by_id = {loc.id: loc for loc in existing.values()}
    current: int | None = start
    for _ in range(256):
        if current is None:
            return False
        if current == target:
            return True
        current = by_id[current].parentid if current in by_id else None
    return True

