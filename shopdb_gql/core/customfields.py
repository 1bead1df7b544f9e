"""Custom fields: typed fields an admin adds to an asset kind at runtime.

A definition (``customfields``) names the kind, the GraphQL field name and the type; each
asset's value is a row of ``customvalues`` in the column of that type, indexed with the
field, so filtering or sorting by it reads an index range. The schema grows a real typed
field on the kind's type, filter, order enum and create/update inputs at the next schema
generation (plugins/customschema.py); this module is the domain part: definitions, value
checks, reading, writing, and the SQL conditions and sort keys lists use.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from shopdb_gql.core import models

#: A GraphQL field name: camelCase, short.
NAME = re.compile(r"[a-z][A-Za-z0-9]{0,39}")
MAX_TEXT = 500
MAX_CHOICES = 100


class FieldType(Enum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    CHOICE = "choice"
    ASSET = "asset"

    @property
    def column(self) -> str:
        """The ``customvalues`` column its values are compared and sorted by."""
        return {FieldType.TEXT: "textkey", FieldType.CHOICE: "textkey",
                FieldType.NUMBER: "numbervalue", FieldType.BOOLEAN: "numbervalue",
                FieldType.DATE: "datevalue", FieldType.ASSET: "assetvalue"}[self]


class ValueProblem(ValueError):
    """A value a field does not take; the message says why, for the person who sent it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def sort_key_of(name: str) -> str:
    """A custom field name as an enum member: ``warrantyEnd`` -> ``WARRANTY_END``."""
    return re.sub(r"([A-Z])", r"_\1", name).upper()


@dataclass(frozen=True)
class CustomFieldDef:
    """A custom field as the schema of one generation serves it."""

    id: int
    kind: str
    name: str
    label: str
    type: FieldType
    help: str | None = None
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = field(default=())

    @property
    def sort_key(self) -> str:
        """Its member of the kind's own order enum: ``warrantyEnd`` -> ``WARRANTY_END``."""
        return sort_key_of(self.name)

    @property
    def description(self) -> str:
        text = self.help or self.label
        if self.type is FieldType.CHOICE:
            text += f" One of: {', '.join(self.choices)}."
        return f"{text} (Custom field, {self.type.value}.)"

    @classmethod
    def from_row(cls, row: models.CustomField) -> CustomFieldDef:
        kind = FieldType(row.type)
        default = row.defaultvalue
        if default is not None and kind is FieldType.DATE:
            default = date.fromisoformat(default)
        return cls(id=row.id, kind=row.kind, name=row.name, label=row.label, type=kind,
                   help=row.help, required=row.required, default=default,
                   choices=tuple(row.choices or ()))


@dataclass(frozen=True)
class CustomSort:
    """The value of a custom field's member of a kind's order enum."""

    field: CustomFieldDef

    @property
    def value(self) -> str:
        return f"custom:{self.field.name}"


async def definitions(session: AsyncSession) -> tuple[CustomFieldDef, ...]:
    """Every custom field not removed, by kind and id."""
    row = models.CustomField
    rows = await session.scalars(select(row).where(row.removedat.is_(None))
                                 .order_by(row.kind, row.id))
    return tuple(CustomFieldDef.from_row(r) for r in rows)


def check(field: CustomFieldDef, value: Any) -> Any:
    """``value`` as the field stores it (None = no value), or :class:`ValueProblem`."""
    if isinstance(value, str):
        value = value.strip() or None
    if value is None:
        return None
    kind = field.type
    if kind is FieldType.TEXT:
        if not isinstance(value, str):
            raise ValueProblem("INVALID", f"{field.label} is text")
        if len(value) > MAX_TEXT:
            raise ValueProblem("INVALID", f"{field.label} has at most {MAX_TEXT} characters")
        return value
    if kind is FieldType.CHOICE:
        match = next((c for c in field.choices if isinstance(value, str)
                      and c.casefold() == value.casefold()), None)
        if match is None:
            raise ValueProblem("INVALID", f"{field.label} is one of: {', '.join(field.choices)}")
        return match
    if kind is FieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value) or abs(value) > 1e15:
            raise ValueProblem("INVALID", f"{field.label} is a finite number")
        return float(value)
    if kind is FieldType.BOOLEAN:
        if not isinstance(value, bool):
            raise ValueProblem("INVALID", f"{field.label} is true or false")
        return value
    if kind is FieldType.DATE:
        if not isinstance(value, date):
            raise ValueProblem("INVALID", f"{field.label} is a date")
        return value
    try:  # ASSET: an asset id
        number = int(str(value))
    except ValueError:
        raise ValueProblem("INVALID", f"{field.label} is an asset id") from None
    if not 0 < number < 2**31:
        raise ValueProblem("INVALID", f"{field.label} is an asset id")
    return number


def _columns(field: CustomFieldDef, value: Any) -> dict[str, Any]:
    """The ``customvalues`` columns of a checked, non-null value."""
    kind = field.type
    if kind in (FieldType.TEXT, FieldType.CHOICE):
        return {"textvalue": value, "textkey": value.casefold()[:190]}
    if kind is FieldType.BOOLEAN:
        return {"numbervalue": 1.0 if value else 0.0}
    if kind is FieldType.NUMBER:
        return {"numbervalue": value}
    if kind is FieldType.DATE:
        return {"datevalue": value}
    return {"assetvalue": value}


VALUE_COLUMNS = ("textvalue", "textkey", "numbervalue", "datevalue", "assetvalue")


def value_row(field: CustomFieldDef, value: Any) -> dict[str, Any]:
    """Every value column of the ``customvalues`` row of a checked, non-null value (the
    others null), for bulk inserts of rows of different fields."""
    return {**dict.fromkeys(VALUE_COLUMNS), **_columns(field, value)}


def stored(field: CustomFieldDef, row: models.CustomValue | Any) -> Any:
    """The GraphQL value of a ``customvalues`` row (None when the field has none)."""
    kind = field.type
    if kind in (FieldType.TEXT, FieldType.CHOICE):
        return row.textvalue
    if kind is FieldType.BOOLEAN:
        return None if row.numbervalue is None else row.numbervalue != 0
    if kind is FieldType.NUMBER:
        return row.numbervalue
    if kind is FieldType.DATE:
        return row.datevalue
    return row.assetvalue


def audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


async def read(session: AsyncSession, asset_ids: Sequence[int],
               fields: Sequence[CustomFieldDef]) -> dict[int, dict[int, Any]]:
    """asset id -> field id -> value, for ``fields`` of ``asset_ids`` (one statement)."""
    if not asset_ids or not fields:
        return {}
    by_id = {f.id: f for f in fields}
    value = models.CustomValue
    rows = await session.scalars(select(value).where(value.assetid.in_(asset_ids),
                                                     value.fieldid.in_(by_id)))
    found: dict[int, dict[int, Any]] = {}
    for row in rows:
        found.setdefault(row.assetid, {})[row.fieldid] = stored(by_id[row.fieldid], row)
    return found


async def write(session: AsyncSession, asset_id: int,
                wanted: Sequence[tuple[CustomFieldDef, Any]]) -> dict[str, dict[str, Any]]:
    """Store checked values (from :func:`check_all`; None clears) for one asset; the audit
    changes, by GraphQL name."""
    if not wanted:
        return {}
    value = models.CustomValue
    current = {row.fieldid: row for row in await session.scalars(select(value).where(
        value.assetid == asset_id, value.fieldid.in_([f.id for f, _ in wanted])))}
    changes: dict[str, dict[str, Any]] = {}
    for f, new in wanted:
        row = current.get(f.id)
        old = stored(f, row) if row is not None else None
        if old == new:
            continue
        if row is not None:
            await session.delete(row)
            await session.flush()
        if new is not None:
            session.add(models.CustomValue(assetid=asset_id, fieldid=f.id, **_columns(f, new)))
        changes[f.name] = {"old": audit_value(old), "new": audit_value(new)}
    await session.flush()
    return changes


class FieldProblems(ValueError):
    """Values refused, each with its field's GraphQL name."""

    def __init__(self, problems: list[tuple[str, ValueProblem]]) -> None:
        super().__init__("; ".join(str(p) for _, p in problems))
        self.problems = problems


def check_all(fields: Sequence[CustomFieldDef], given: Mapping[str, Any], *,
              creating: bool) -> list[tuple[CustomFieldDef, Any]]:
    """(field, checked value) for each field given, and each default on a create;
    :class:`FieldProblems` listing every value refused."""
    wanted: list[tuple[CustomFieldDef, Any]] = []
    problems: list[tuple[str, ValueProblem]] = []
    for f in fields:
        if f.name in given:
            try:
                value = check(f, given[f.name])
            except ValueProblem as exc:
                problems.append((f.name, exc))
                continue
        elif creating and f.default is not None:
            value = f.default
        else:
            continue
        if value is None and f.required:
            problems.append((f.name, ValueProblem("REQUIRED", f"{f.label} is required")))
            continue
        wanted.append((f, value))
    if creating:
        missing = [f for f in fields if f.required and f.name not in given and f.default is None]
        problems += [(f.name, ValueProblem("REQUIRED", f"{f.label} is required")) for f in missing]
    if problems:
        raise FieldProblems(problems)
    return wanted


async def existing_assets(session: AsyncSession, ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` name assets (what asset-valued fields may point at)."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    return set(await session.scalars(select(models.Asset.id).where(models.Asset.id.in_(wanted))))


async def check_references(session: AsyncSession,
                           wanted: Sequence[tuple[CustomFieldDef, Any]]) -> None:
    """Asset values must name assets that exist."""
    ids = {v for f, v in wanted if f.type is FieldType.ASSET and v is not None}
    if not ids:
        return
    known = await existing_assets(session, ids)
    problems = [(f.name, ValueProblem("NOT_FOUND", f"{f.label}: no asset {v}"))
                for f, v in wanted if f.type is FieldType.ASSET and v is not None and v not in known]
    if problems:
        raise FieldProblems(problems)


def filter_condition(field: CustomFieldDef, value: Any) -> ColumnElement[bool]:
    """Assets whose ``field`` equals ``value`` (text case-insensitively): an index range
    on (field, value)."""
    checked = check(field, value)
    v = models.CustomValue
    asset = models.Asset
    if checked is None:  # no value
        return asset.id.not_in(select(v.assetid).where(v.fieldid == field.id))
    column = getattr(v, field.type.column)
    match = _columns(field, checked)[field.type.column]
    return asset.id.in_(select(v.assetid).where(v.fieldid == field.id, column == match))


def sort_by(query: Select[Any], field: CustomFieldDef) -> tuple[Select[Any], Any]:
    """``query`` joined to the field's values, and the column to sort by (assets without a
    value sort as NULL)."""
    values = aliased(models.CustomValue, name=f"custom_{field.id}")
    query = query.outerjoin(values, (values.assetid == models.Asset.id)
                            & (values.fieldid == field.id))
    return query, getattr(values, field.type.column)


async def purge(session: AsyncSession, field_id: int) -> int:
    """Delete every value of a field; how many there were."""
    v = models.CustomValue
    result = await session.execute(delete(v).where(v.fieldid == field_id))
    return int(getattr(result, "rowcount", 0) or 0)
