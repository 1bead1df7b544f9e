"""From an :class:`IngestSpec` to a typed record input and the ``ingest<Kinds>`` mutation.

A record field takes its GraphQL type and description from the kind's GraphQL type; it is
stored in the extension column of the same name without underscores. Core fields
(``assetTag``, ``name``, ``serialNumber``, ``location`` by name) are always accepted.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Optional

import strawberry
from sqlalchemy import String
from strawberry.types import Info
from strawberry.types.arguments import InputContext
from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case, to_snake_case

from shopdb_gql.auth.permissions import ensure
from shopdb_gql.core import locks
from shopdb_gql.core.identity import Normalizer, normalizer
from shopdb_gql.ingest.types import IngestPayload
from shopdb_gql.plugins.errors import PluginContractError
from shopdb_gql.plugins.ingest import IngestSpec, record_type_name

CORE_FIELDS: dict[str, tuple[str, str]] = {
    # python name: (column, description)
    "asset_tag": ("assettag", "Asset number; generated for a new asset when left out."),
    "name": ("name", "Display name; a new asset defaults to its identity value."),
    "serial_number": ("serialnumber", "Manufacturer serial number."),
    "location": ("locationid", "Name of the site area the asset is in (null: none)."),
}
SCALARS = (str, int, float, bool, datetime, date)

Record = Mapping[str, Any]
"""One record as the engine reads it: the value graphql-core coerced and validated against
the ``<Kind>Record`` input type, keyed by GraphQL field name; an omitted field is absent,
an explicit null is ``None``, enum values are members of the Python enum."""


@dataclass(frozen=True)
class FieldMap:
    """One record field: where it is stored and how it is checked."""

    name: str
    graphql_name: str
    column: str
    core: bool
    max_length: int | None = None


@dataclass(frozen=True)
class Compiled:
    """An ingest spec resolved against its asset kind, ready for the engine."""

    plugin: str
    spec: IngestSpec
    model: Any
    fields: tuple[FieldMap, ...]
    identity: tuple[tuple[FieldMap, Normalizer], ...]
    record_type: type

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def ext_columns(self) -> list[str]:
        return [f.column for f in self.fields if not f.core]


_CACHE: dict[int, tuple[IngestSpec, Compiled, type]] = {}


def _column_name(name: str) -> str:
    return name.replace("_", "").lower()


def _field_type(plugin: str, spec: IngestSpec, graphql_type: type, name: str) -> Any:
    hints = typing.get_type_hints(graphql_type)
    if name not in hints:
        raise PluginContractError(plugin, f"ingest spec {spec.mutation_name!r}: field {name!r} "
                                          f"is not a field of {graphql_type.__name__}")
    args = [a for a in typing.get_args(hints[name]) if a is not type(None)] or [hints[name]]
    base = args[0]
    if len(args) != 1 or not (base in SCALARS or (isinstance(base, type)
                                                  and issubclass(base, Enum))):
        raise PluginContractError(plugin, f"ingest spec {spec.mutation_name!r}: field {name!r} "
                                          "must be a scalar or enum (lists are not ingested)")
    return base


def _descriptions(graphql_type: type) -> dict[str, str]:
    definition = get_object_definition(graphql_type, strict=True)
    return {f.python_name: f.description or "" for f in definition.fields}


def _compile(plugin: str, spec: IngestSpec, kinds: Sequence[Any]) -> tuple[Compiled, type]:
    kind = next((k for k in kinds if k.kind == spec.kind), None)
    if kind is None or kind.model is None:
        raise PluginContractError(plugin, f"ingest spec {spec.mutation_name!r}: the plugin owns "
                                          f"no asset kind {spec.kind!r} with a model")
    type_name = get_object_definition(kind.graphql_type, strict=True).name
    described = _descriptions(kind.graphql_type)
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    fields: list[FieldMap] = []
    for name, (column, description) in CORE_FIELDS.items():
        annotations[name] = Optional[str]  # noqa: UP045 - a runtime type object
        namespace[name] = strawberry.field(default=strawberry.UNSET, description=description)
        fields.append(FieldMap(name, to_camel_case(name), column, True, 200 if name == "name"
                               else 64 if name == "asset_tag" else 128))
    for name in spec.fields:
        if name in CORE_FIELDS:
            continue
        base = _field_type(plugin, spec, kind.graphql_type, name)
        column = kind.model.__table__.columns.get(_column_name(name))
        if column is None:
            raise PluginContractError(plugin, f"ingest spec {spec.mutation_name!r}: no column "
                                              f"{_column_name(name)!r} in {kind.model.__tablename__}")
        annotations[name] = Optional[base]  # noqa: UP045
        namespace[name] = strawberry.field(default=strawberry.UNSET,
                                           description=described.get(name) or name)
        length = column.type.length if isinstance(column.type, String) else None
        fields.append(FieldMap(name, to_camel_case(name), column.key, False, length))
    by_name = {f.name: f for f in fields}
    identity = []
    for key in spec.identity:
        if key not in by_name or key == "location":
            raise PluginContractError(plugin, f"ingest spec {spec.mutation_name!r}: identity "
                                              f"field {key!r} is not an accepted field")
        try:
            identity.append((by_name[key], normalizer(spec.normalizers.get(key, "text"))))
        except ValueError as exc:
            raise PluginContractError(plugin, f"ingest spec {spec.mutation_name!r}: {exc}") from exc
    if not identity:
        raise PluginContractError(plugin, f"ingest spec {spec.mutation_name!r}: no identity")
    namespace["__annotations__"] = annotations
    record_name = record_type_name(type_name)
    record_cls = type(record_name, (), namespace)
    record = strawberry.input(record_cls, name=record_name, description=(
        f"One {kind.label} as a collector reports it. Omitted fields are left alone; null "
        f"clears. Identity, in order: {', '.join(to_camel_case(k) for k in spec.identity)}."))
    get_object_definition(record, strict=True).from_input = _as_record
    compiled = Compiled(plugin, spec, kind.model, tuple(fields), tuple(identity), record)
    return compiled, _mutation(compiled, kind.label)


def _as_record(_cls: type, value: Mapping[str, Any], _context: InputContext) -> Record:
    """Strawberry's ``from_input`` hook: keep each record as the mapping graphql-core already
    coerced. Building a dataclass per record (one ``convert_argument`` call per field) cost
    more than planning the batch; GraphQL still validates every record's shape."""
    return value


def _mutation(compiled: Compiled, label: str) -> type:
    from shopdb_gql.ingest.engine import run_ingest

    spec = compiled.spec
    scope = f"ingest:{compiled.plugin}"

    async def resolve(self: Any, info: Info[Any, Any], source: str, records: list[Record],
                      dry_run: bool = False) -> IngestPayload:
        ensure(info, scope)
        return await run_ingest(info, compiled, source, records, dry_run)

    resolve.__annotations__ = {"info": Info, "source": str,
                               "records": list[compiled.record_type],  # type: ignore[name-defined]
                               "dry_run": bool, "return": IngestPayload}
    field = strawberry.mutation(resolve, name=spec.mutation_name, description=(
        f"Collectors: create or update {label} assets from `records` (at most 1000 records "
        f"and 5 MB per call). Needs the `{scope}` scope (or admin). `source` names the "
        "collector; `dryRun` reports what would happen and writes nothing."))
    # merge_types merges by Python attribute: each kind's field needs its own attribute name.
    attribute = to_snake_case(spec.mutation_name)
    cls = type(f"{compiled.record_type.__name__}IngestMutation", (), {attribute: field})
    return strawberry.type(cls)


def mutation_type(plugin: str, spec: IngestSpec, kinds: Sequence[Any]) -> type:
    """The generated mutation type for ``spec`` (cached per spec object)."""
    cached = _CACHE.get(id(spec))
    if cached is None or cached[0] is not spec:
        compiled, mutation = _compile(plugin, spec, kinds)
        _CACHE[id(spec)] = cached = (spec, compiled, mutation)
    return cached[2]


def record_field_types(compiled: Compiled) -> dict[str, Any]:
    """Each record field's Python type (``str``, ``float``, an enum...), by GraphQL name."""
    hints = typing.get_type_hints(compiled.record_type)
    found: dict[str, Any] = {}
    for f in compiled.fields:
        hint = hints.get(f.name)
        args = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
        found[f.graphql_name] = args[0]
    return found


def compiled_specs() -> list[Compiled]:
    """Every spec compiled so far (for the staleness commands)."""
    return [c for _, c, _ in _CACHE.values()]


def ingest_mutation_type(plugin: str, spec: IngestSpec, kinds: Sequence[Any] = ()) -> type:
    """The Strawberry type holding ``spec.mutation_name`` (raises PluginContractError)."""
    return mutation_type(plugin, spec, kinds)


def compiled_for(active: Any, kind: str) -> Any:
    """The compiled ingest spec of ``kind`` among the enabled plugins, or None."""
    for record in active.records:
        for spec in record.contributions.ingest_specs:
            cached = _CACHE.get(id(spec))
            if spec.kind == kind and cached is not None and cached[0] is spec:
                return cached[1]
    return None


def compile_spec(plugin: Any, spec: IngestSpec) -> Compiled:
    """Compile ``plugin``'s ``spec`` (cached) and return it compiled."""
    mutation_type(plugin.name, spec, plugin.asset_kinds())
    return _CACHE[id(spec)][1]


# Editing (core) keeps identity rows in step through these; it sits below this layer.
locks.register_ingest(compiled_for, compile_spec)
