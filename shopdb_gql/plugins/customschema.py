"""Custom fields in the schema: typed fields added to each kind at every schema build, and
the admin API that adds, changes, removes and purges them.

Kinds declared with ``Kind`` say where their custom fields go (``AssetKind.custom_fields_on``:
the object type, filter, create and update inputs, and order enum). Each build of the schema
adds every custom field there, as a field of its own GraphQL type (String, Float, Boolean,
Date, String with the choices named, or the Asset interface), so GraphiQL, introspection,
validation and codegen see real typed fields. A change commits the next schema generation;
this worker swaps it in at once and every other one within its poll interval, as for a
plugin toggle.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import strawberry
from graphql import (
    EnumValueNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLString,
    find_breaking_changes,
)
from sqlalchemy import func, select
from strawberry.types import Info

from shopdb_gql.auth.permissions import CanRead, IsAdmin
from shopdb_gql.core import customfields, models
from shopdb_gql.core.customfields import NAME, CustomFieldDef, CustomSort, FieldType
from shopdb_gql.db.base import utcnow
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, as_id, user_error
from shopdb_gql.graphql.mutations import Tx, perform
from shopdb_gql.plugins.errors import PluginError
from shopdb_gql.plugins.ingest import record_type_name
from shopdb_gql.plugins.registry import ActiveSet

if TYPE_CHECKING:
    from strawberry import Schema


# -- the schema ------------------------------------------------------------------------------

class _CustomizableEnum(GraphQLEnumType):
    """A kind's order enum that also takes its custom fields' sort keys (Strawberry's enum
    type would turn every input into a member of the Python enum)."""

    custom_values: dict[str, CustomSort]

    def coerce_input_value(self, input_value: str, hide_suggestions: bool = False) -> Any:
        if isinstance(input_value, str) and input_value in self.custom_values:
            return self.custom_values[input_value]
        return super().coerce_input_value(input_value, hide_suggestions)

    def coerce_input_literal(self, value_node: Any, hide_suggestions: bool = False) -> Any:
        if isinstance(value_node, EnumValueNode) and value_node.value in self.custom_values:
            return self.custom_values[value_node.value]
        return super().coerce_input_literal(value_node, hide_suggestions)


def _resolver(field: CustomFieldDef) -> Any:
    async def resolve(source: Any, info: GraphQLResolveInfo) -> Any:
        ctx: Context = info.context
        kind_fields = ctx.active.custom_for(field.kind)

        async def batch(ids: list[int]) -> list[dict[int, Any]]:
            found = await customfields.read(ctx.loaders.session, ids, kind_fields)
            return [found.get(i, {}) for i in ids]

        values = await ctx.loaders.loader(f"customfields:{field.kind}", batch).load(int(source.id))
        value = values.get(field.id)
        if field.type is FieldType.ASSET and value is not None:
            return await ctx.loaders.asset_by_id.load(value)
        return value
    return resolve


def add_custom_fields(schema: Schema, active: ActiveSet) -> None:
    """Add the custom fields of ``active`` to the freshly built ``schema`` (before it serves)."""
    core: GraphQLSchema = schema._schema
    types = core.type_map
    date_type = schema.schema_converter.from_scalar(date)
    types.setdefault(date_type.name, date_type)
    scalars: dict[FieldType, Any] = {
        FieldType.TEXT: types.get("String", GraphQLString),
        FieldType.CHOICE: types.get("String", GraphQLString),
        FieldType.NUMBER: types.get("Float", GraphQLFloat),
        FieldType.BOOLEAN: types.get("Boolean", GraphQLBoolean),
        FieldType.DATE: types[date_type.name],
    }
    for key, kind in active.kinds.items():
        fields = active.custom_for(key)
        if not fields:
            continue
        on = kind.custom_fields_on
        for f in fields:
            asset = f.type is FieldType.ASSET
            out: GraphQLOutputType = types["Asset"] if asset else scalars[f.type]  # type: ignore[assignment]
            given: GraphQLInputType = types.get("ID", GraphQLID) if asset else scalars[f.type]  # type: ignore[assignment]
            obj = types[on["type"]]
            assert isinstance(obj, GraphQLObjectType)
            obj.fields[f.name] = GraphQLField(out, resolve=_resolver(f), description=f.description)
            for part, text in (("filter", f"{f.label} equal to this (text: case-insensitive); "
                                          "null: assets without a value."),
                               ("create", f.description), ("update", f.description)):
                target = types[on[part]]
                assert isinstance(target, GraphQLInputObjectType)
                target.fields[f.name] = GraphQLInputField(given, description=text)
            # Collectors' records (ingest<Kinds>, the spreadsheet import) take it too.
            record = types.get(record_type_name(on["type"]))
            if isinstance(record, GraphQLInputObjectType):
                record.fields[f.name] = GraphQLInputField(given, description=(
                    f"{f.description} Omitted: left alone; null: cleared."))
            if "order" in on:
                enum = types[on["order"]]
                assert isinstance(enum, GraphQLEnumType)
                if not isinstance(enum, _CustomizableEnum):
                    enum.__class__ = type("CustomizableEnum", (_CustomizableEnum, type(enum)), {})
                    enum.custom_values = {}  # type: ignore[attr-defined]
                sort = CustomSort(f)
                member = on.get("order_prefix", "") + f.sort_key
                enum.values[member] = GraphQLEnumValue(sort, description=f"{f.label} "
                                                       f"(custom field of {kind.label}).")
                enum.custom_values[member] = sort  # type: ignore[attr-defined]


def sort_member(active: ActiveSet, kind: str, name: str) -> str:
    """The order enum member of custom field ``name`` of ``kind``."""
    asset_kind = active.kinds.get(kind)
    prefix = asset_kind.custom_fields_on.get("order_prefix", "") if asset_kind else ""
    return prefix + customfields.sort_key_of(name)


def _names_on(schema: GraphQLSchema, on: dict[str, str]) -> tuple[set[str], set[str]]:
    """Field names taken on the kind's type and inputs, and its order enum's members."""
    taken: set[str] = set()
    for name in (*(on.get(p, "") for p in ("type", "filter", "create", "update")),
                 record_type_name(on.get("type", ""))):
        target = schema.type_map.get(name)
        if isinstance(target, GraphQLObjectType | GraphQLInputObjectType):
            taken |= set(target.fields)
    order = schema.type_map.get(on.get("order", ""))
    members = set(order.values) if isinstance(order, GraphQLEnumType) else set()
    return taken, members


# -- the admin API ---------------------------------------------------------------------------

strawberry.enum(FieldType, name="CustomFieldType", description="What a custom field holds.")


@strawberry.type(description="A field an admin added to an asset kind.")
class CustomField:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    kind: str = strawberry.field(description="The asset kind it belongs to (`computer`).")
    name: str = strawberry.field(description="Its GraphQL field name on the kind's type, "
                                             "filter and inputs (camelCase).")

    @strawberry.field(description=(
        "Its member of the kind's order enum (`WARRANTY_END`; a kind whose lists share "
        "`AssetOrderField` gets it there with the kind in front: `MEASURINGTOOL_LAB`)."))
    def sort_key(self, info: Info[Context, Any]) -> str:
        return sort_member(info.context.active, self.kind, self.name)
    label: str = strawberry.field(description="Label shown to people.")
    help: str | None = strawberry.field(description="Help text.")
    type: FieldType = strawberry.field(description="What it holds.")
    required: bool = strawberry.field(description="New assets need a value; one cannot be cleared.")
    default_value: str | None = strawberry.field(description="The value new assets get when "
                                                              "none is given, as text.")
    choices: list[str] = strawberry.field(description="The values a choice field takes.")
    removed: bool = strawberry.field(description="Removed: not in the schema; values kept "
                                                 "until purged.")
    value_count: int = strawberry.field(description="Assets with a value.")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def _to_type(row: models.CustomField, count: int) -> CustomField:
    d = CustomFieldDef.from_row(row)
    return CustomField(id=strawberry.ID(str(row.id)), kind=row.kind, name=row.name,
                       label=row.label, help=row.help, type=d.type,
                       required=row.required,
                       default_value=_text(row.defaultvalue),
                       choices=list(row.choices or []), removed=row.removedat is not None,
                       value_count=count)


@strawberry.input(description="A new custom field.")
class CustomFieldInput:
    kind: str = strawberry.field(description="The asset kind (`computer`); it must be enabled "
                                             "and declared with fields.")
    name: str = strawberry.field(description="GraphQL field name: camelCase, a letter first, "
                                             "at most 40 letters and digits.")
    label: str = strawberry.field(description="Label shown to people (1-80 characters).")
    type: FieldType = strawberry.field(description="What it holds; cannot change.")
    help: str | None = strawberry.field(default=None, description="Help text (300 characters).")
    required: bool = strawberry.field(default=False, description=(
        "New assets need a value (or the default); a value cannot be cleared. Assets that "
        "exist keep having none until someone gives one."))
    default_value: str | None = strawberry.field(default=None, description=(
        "The value new assets get when none is given, as text: `12.5`, `true`, `2027-01-31`, "
        "one of the choices. Asset fields have none."))
    choices: list[str] | None = strawberry.field(default=None, description=(
        "The values a choice field takes (1-100, each 1-80 characters); only for choices."))


@strawberry.input(description="Changes to a custom field; omitted fields stay.")
class CustomFieldUpdateInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description=(
        "A new GraphQL name: a breaking change for queries that use the old one (the payload "
        "lists what breaks)."))
    label: str | None = strawberry.field(default=strawberry.UNSET, description="Label.")
    help: str | None = strawberry.field(default=strawberry.UNSET, description="Help (null clears).")
    required: bool | None = strawberry.field(default=strawberry.UNSET, description="Required.")
    default_value: str | None = strawberry.field(default=strawberry.UNSET, description=(
        "Default for new assets, as text (null clears)."))
    choices: list[str] | None = strawberry.field(default=strawberry.UNSET, description=(
        "The values of a choice field; a value in use cannot be dropped."))


@strawberry.type(description="Result of a custom field change.")
class CustomFieldPayload:
    custom_field: CustomField | None = strawberry.field(default=None, description="The field.")
    breaking_changes: list[str] = strawberry.field(default_factory=list, description=(
        "What the change breaks for clients, as graphql-core's breaking change check of the "
        "schema before and after reports it (a rename, a removal)."))
    purged_values: int = strawberry.field(default=0, description="Values deleted by a purge.")
    schema_generation: int | None = strawberry.field(default=None, description=(
        "The schema generation that serves the change."))
    errors: list[UserError] = strawberry.field(default_factory=list, description=(
        "Why the change was refused."))


def _refuse(code: ErrorCode, message: str, *path: str) -> PayloadErrors:
    return PayloadErrors(user_error(code, message, *path))


def _label(raw: str | None, path: str) -> str:
    label = " ".join((raw or "").split())
    if not 1 <= len(label) <= 80:
        raise _refuse(ErrorCode.INVALID, "A label has 1-80 characters", "input", path)
    return label


def _help(raw: str | None) -> str | None:
    text = " ".join((raw or "").split()) or None
    if text is not None and len(text) > 300:
        raise _refuse(ErrorCode.INVALID, "Help has at most 300 characters", "input", "help")
    return text


def _choices(kind: FieldType, raw: list[str] | None) -> list[str] | None:
    if kind is not FieldType.CHOICE:
        if raw:
            raise _refuse(ErrorCode.INVALID, "Only choice fields have choices", "input", "choices")
        return None
    cleaned = [" ".join(c.split()) for c in raw or []]
    if not cleaned or len(cleaned) > customfields.MAX_CHOICES:
        raise _refuse(ErrorCode.REQUIRED, "A choice field has 1-100 choices", "input", "choices")
    if any(not 1 <= len(c) <= 80 for c in cleaned):
        raise _refuse(ErrorCode.INVALID, "Each choice has 1-80 characters", "input", "choices")
    if len({c.casefold() for c in cleaned}) != len(cleaned):
        raise _refuse(ErrorCode.INVALID, "Choices differ by more than case", "input", "choices")
    return cleaned


def _default(d: CustomFieldDef, raw: str | None) -> Any:
    """The default (as JSON-storable) from its text, checked like a value."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if d.type is FieldType.ASSET:
        raise _refuse(ErrorCode.INVALID, "Asset fields have no default", "input", "defaultValue")
    value: Any = text
    try:
        if d.type is FieldType.NUMBER:
            value = float(text)
        elif d.type is FieldType.BOOLEAN:
            if text.lower() not in ("true", "false"):
                raise ValueError(text)
            value = text.lower() == "true"
        elif d.type is FieldType.DATE:
            value = date.fromisoformat(text)
        value = customfields.check(d, value)
    except (ValueError, customfields.ValueProblem) as exc:
        raise _refuse(ErrorCode.INVALID, f"Default: {exc}" if isinstance(
            exc, customfields.ValueProblem) else f"Default {text!r} is not a {d.type.value}",
            "input", "defaultValue") from exc
    return value.isoformat() if isinstance(value, date) else value


async def _count(tx_or_session: Any, field_id: int) -> int:
    v = models.CustomValue
    return int(await tx_or_session.scalar(select(func.count()).where(v.fieldid == field_id)) or 0)


async def _commit_generation(tx: Tx, path: str) -> tuple[Any, list[str]]:
    """The next schema generation with this change (validated), and what it breaks."""
    runtime = tx.info.context.runtime
    await tx.session.flush()
    try:
        served = await runtime.next_generation(tx.session)
    except PluginError as exc:
        raise _refuse(ErrorCode.INVALID, f"The schema does not build with this change: {exc}",
                      "input", path) from exc
    before = runtime.served.schema._schema if runtime.served else None
    breaking = ([c.description for c in find_breaking_changes(before, served.schema._schema)]
                if before is not None else [])
    return served, breaking


async def _finish(info: Info[Context, Any], payload: CustomFieldPayload,
                  built: list[Any]) -> CustomFieldPayload:
    if not payload.errors and built:
        await info.context.runtime.adopt(built[0])
        payload.schema_generation = built[0].active.generation
    return payload


async def _row(tx: Tx, id: strawberry.ID) -> models.CustomField:
    key = as_id(id)
    row = await tx.session.get(models.CustomField, key) if key is not None else None
    if row is None:
        raise _refuse(ErrorCode.NOT_FOUND, f"No custom field {id}", "id")
    return row


def _check_name(info: Info[Context, Any], kind: str, name: str, own: str | None = None) -> None:
    if not NAME.fullmatch(name):
        raise _refuse(ErrorCode.INVALID, "A name is camelCase: a lowercase letter, then at most "
                      "39 letters and digits", "input", "name")
    asset_kind = info.context.active.kinds.get(kind)
    if asset_kind is None or not asset_kind.custom_fields_on:
        raise _refuse(ErrorCode.INVALID, f"Kind {kind!r} is not enabled or takes no custom "
                      "fields", "input", "kind")
    served = info.context.runtime.served
    assert served is not None
    taken, members = _names_on(served.schema._schema, dict(asset_kind.custom_fields_on))
    sort_key = sort_member(info.context.active, kind, name)
    if name != own and (name in taken or sort_key in members):
        raise _refuse(ErrorCode.CONFLICT, f"{name!r} is taken on {kind}", "input", "name")


@strawberry.type
class CustomFieldQuery:
    @strawberry.field(description="Custom fields admins added, of one kind or all; removed "
                                  "ones too with `includeRemoved`.", permission_classes=[CanRead])
    async def custom_fields(self, info: Info[Context, Any], kind: str | None = None,
                            include_removed: bool = False) -> list[CustomField]:
        row, v = models.CustomField, models.CustomValue
        query = select(row).order_by(row.kind, row.id)
        if kind is not None:
            query = query.where(row.kind == kind)
        if not include_removed:
            query = query.where(row.removedat.is_(None))
        session = info.context.session
        rows = list(await session.scalars(query))
        counts = dict((await session.execute(select(v.fieldid, func.count()).where(
            v.fieldid.in_([r.id for r in rows])).group_by(v.fieldid))).all())
        return [_to_type(r, int(counts.get(r.id, 0))) for r in rows]


@strawberry.type
class CustomFieldMutation:
    @strawberry.mutation(description=(
        "Admins: add a typed field to a kind: its type, filter, order enum and inputs have it "
        "in the next schema generation (this server at once, the others within seconds)."),
        permission_classes=[IsAdmin])
    async def create_custom_field(self, info: Info[Context, Any],
                                  input: CustomFieldInput) -> CustomFieldPayload:
        built: list[Any] = []

        async def work(tx: Tx) -> dict[str, Any]:
            name = input.name.strip()
            _check_name(info, input.kind, name)
            clash = await tx.session.scalar(select(models.CustomField.id).where(
                models.CustomField.kind == input.kind, models.CustomField.name == name))
            if clash is not None:
                raise _refuse(ErrorCode.CONFLICT, f"A removed field {name!r} keeps its values: "
                              "restore or purge it first", "input", "name")
            kind = input.type
            label = _label(input.label, "label")
            choices = _choices(kind, input.choices)
            draft = CustomFieldDef(0, input.kind, name, label, kind, choices=tuple(choices or ()))
            row = models.CustomField(kind=input.kind, name=name, label=label,
                                     help=_help(input.help), type=kind.value,
                                     required=input.required,
                                     defaultvalue=_default(draft, input.default_value),
                                     choices=choices, createdat=utcnow())
            tx.session.add(row)
            served, breaking = await _commit_generation(tx, "name")
            built.append(served)
            await tx.audit("create", "customfield", row.id, {
                "kind": {"old": None, "new": row.kind}, "name": {"old": None, "new": name},
                "type": {"old": None, "new": kind.value}}, summary=f"{row.kind}.{name}")
            return {"custom_field": _to_type(row, 0), "breaking_changes": breaking}

        return await _finish(info, await perform(info, CustomFieldPayload, work), built)

    @strawberry.mutation(description=(
        "Admins: rename, relabel or change a custom field's rules (not its type). A rename "
        "breaks queries that use the old name: the payload lists what breaks."),
        permission_classes=[IsAdmin])
    async def update_custom_field(self, info: Info[Context, Any], id: strawberry.ID,
                                  input: CustomFieldUpdateInput) -> CustomFieldPayload:
        built: list[Any] = []

        async def work(tx: Tx) -> dict[str, Any]:
            row = await _row(tx, id)
            if row.removedat is not None:
                raise _refuse(ErrorCode.INVALID, "Restore the field before changing it", "id")
            old = CustomFieldDef.from_row(row)
            changes: dict[str, dict[str, Any]] = {}

            def change(attr: str, value: Any) -> None:
                if getattr(row, attr) != value:
                    changes[attr] = {"old": getattr(row, attr), "new": value}
                    setattr(row, attr, value)

            if input.name is not strawberry.UNSET and input.name is not None:
                name = input.name.strip()
                _check_name(info, row.kind, name, own=row.name)
                if name != row.name and await tx.session.scalar(select(models.CustomField.id).where(
                        models.CustomField.kind == row.kind, models.CustomField.name == name)):
                    raise _refuse(ErrorCode.CONFLICT, f"{name!r} is taken on {row.kind}",
                                  "input", "name")
                change("name", name)
            if input.label is not strawberry.UNSET:
                change("label", _label(input.label, "label"))
            if input.help is not strawberry.UNSET:
                change("help", _help(input.help))
            if input.required is not strawberry.UNSET and input.required is not None:
                change("required", input.required)
            if input.choices is not strawberry.UNSET:
                choices = _choices(old.type, input.choices)
                if choices is not None:
                    v = models.CustomValue
                    used = set(await tx.session.scalars(select(v.textvalue).where(
                        v.fieldid == row.id).distinct()))
                    dropped = sorted(u for u in used if u is not None and u not in choices)
                    if dropped:
                        raise _refuse(ErrorCode.IN_USE, "Assets still have "
                                      + ", ".join(dropped[:5]), "input", "choices")
                change("choices", choices)
            if input.default_value is not strawberry.UNSET:
                draft = CustomFieldDef(row.id, row.kind, row.name, row.label, old.type,
                                       choices=tuple(row.choices or ()))
                change("defaultvalue", _default(draft, input.default_value))
            if not changes:
                return {"custom_field": _to_type(row, await _count(tx.session, row.id))}
            served, breaking = await _commit_generation(tx, "name")
            built.append(served)
            await tx.audit("update", "customfield", row.id, changes,
                           summary=f"{row.kind}.{row.name}")
            return {"custom_field": _to_type(row, await _count(tx.session, row.id)),
                    "breaking_changes": breaking}

        return await _finish(info, await perform(info, CustomFieldPayload, work), built)

    @strawberry.mutation(description=(
        "Admins: take a custom field out of the schema (queries that use it break: the "
        "payload lists what). Its values stay until `purgeCustomField`; "
        "`restoreCustomField` brings it back with them."), permission_classes=[IsAdmin])
    async def remove_custom_field(self, info: Info[Context, Any],
                                  id: strawberry.ID) -> CustomFieldPayload:
        return await _set_removed(info, id, removed=True)

    @strawberry.mutation(description="Admins: bring a removed custom field back, with its values.",
                         permission_classes=[IsAdmin])
    async def restore_custom_field(self, info: Info[Context, Any],
                                   id: strawberry.ID) -> CustomFieldPayload:
        return await _set_removed(info, id, removed=False)

    @strawberry.mutation(description=(
        "Admins: delete a removed custom field and every value it holds, for good."),
        permission_classes=[IsAdmin])
    async def purge_custom_field(self, info: Info[Context, Any],
                                 id: strawberry.ID) -> CustomFieldPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await _row(tx, id)
            if row.removedat is None:
                raise _refuse(ErrorCode.INVALID, "Remove the field before purging it", "id")
            purged = await customfields.purge(tx.session, row.id)
            await tx.session.delete(row)
            await tx.audit("delete", "customfield", row.id, {
                "name": {"old": row.name, "new": None}, "values": {"old": purged, "new": 0}},
                summary=f"{row.kind}.{row.name}")
            return {"purged_values": purged}

        return await perform(info, CustomFieldPayload, work)


async def _set_removed(info: Info[Context, Any], id: strawberry.ID, *,
                       removed: bool) -> CustomFieldPayload:
    built: list[Any] = []

    async def work(tx: Tx) -> dict[str, Any]:
        row = await _row(tx, id)
        if (row.removedat is not None) == removed:
            raise _refuse(ErrorCode.INVALID, "It is removed already" if removed
                          else "It is not removed", "id")
        if not removed:
            _check_name(info, row.kind, row.name)
        row.removedat = utcnow() if removed else None
        served, breaking = await _commit_generation(tx, "id")
        built.append(served)
        await tx.audit("disable" if removed else "enable", "customfield", row.id,
                       {"removed": {"old": not removed, "new": removed}},
                       summary=f"{row.kind}.{row.name}")
        return {"custom_field": _to_type(row, await _count(tx.session, row.id)),
                "breaking_changes": breaking}

    return await _finish(info, await perform(info, CustomFieldPayload, work), built)

