"""Reference data an admin manages: asset statuses, manufacturers and models.

Manufacturer and model names are stored on each kind's own table (a computer's
``manufacturer``, a printer's ``vendor``...). A kind says which of its fields hold one by
declaring ``Field(..., vocabulary="manufacturer")`` (core knows plugin kinds the same way),
so the managed lists and the merge of duplicate spellings ("HP", "Hewlett-Packard") reach
every kind without naming any. A merge rewrites every asset that uses a merged spelling in
one transaction, with one audit entry per asset under one batch id.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.auth.permissions import CanRead, IsAdmin
from shopdb_gql.core import models, searchindex
from shopdb_gql.core.audit import record as audit_record
from shopdb_gql.core.editing import DEFAULT_STATUS_CODE
from shopdb_gql.core.types import AssetStatus
from shopdb_gql.db.base import utcnow
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, as_id, user_error
from shopdb_gql.graphql.mutations import Tx, perform

#: Statuses the system itself sets: never retired or deleted.
PROTECTED_STATUSES = frozenset({DEFAULT_STATUS_CODE, "retired", "stale"})
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_SUFFIXES = frozenset({"inc", "incorporated", "corp", "corporation", "co", "company", "ltd",
                       "limited", "gmbh", "ag", "llc", "plc", "sa", "technologies",
                       "technology", "systems", "international", "the"})
#: Well-known spellings of one maker (after the normalization of :func:`spelling_group`).
ALIASES = {"hewlett packard": "hp", "hewlettpackard": "hp", "hp development": "hp",
           "hewlett packard enterprise": "hpe", "mitutoyo america": "mitutoyo",
           "carl zeiss": "zeiss", "dmg": "dmg mori", "deckel maho": "dmg mori",
           "international business machines": "ibm", "cisco meraki": "cisco"}


def spelling_group(value: str) -> str:
    """The key under which spellings of one name meet: case, punctuation and company
    suffixes ignored, well-known aliases joined (``Hewlett-Packard Inc.`` -> ``hp``)."""
    words = [w for w in re.sub(r"[^\w\s]", " ", value.casefold()).split() if w not in _SUFFIXES]
    key = " ".join(words) or value.casefold().strip()
    return ALIASES.get(key, key)


@strawberry.enum(description="A managed list of names stored on assets.")
class Vocabulary(Enum):
    MANUFACTURER = "manufacturer"
    MODEL = "model"


@strawberry.type(description="A managed model name of a manufacturer.")
class ProductModel:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="The model's name.")
    manufacturer_id: strawberry.ID = strawberry.field(description="Its manufacturer.")
    asset_count: int = strawberry.field(description="Assets whose model field says this name.")


@strawberry.type(description="A managed manufacturer name.")
class Manufacturer:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="The name every kind's manufacturer/vendor "
                                             "field should use.")
    asset_count: int = strawberry.field(description="Assets whose manufacturer field says "
                                                    "this name.")
    models: list[ProductModel] = strawberry.field(description="Its managed models.")


@strawberry.type(description="A value stored on assets for a managed list, with its use.")
class StoredSpelling:
    value: str = strawberry.field(description="The text as stored.")
    asset_count: int = strawberry.field(description="Assets that say it.")
    kinds: list[str] = strawberry.field(description="The kinds of those assets.")
    managed: bool = strawberry.field(description="Whether it is a managed name.")
    group: str = strawberry.field(description=(
        "Spellings with the same group are likely one name (case, punctuation, company "
        "suffixes and well-known aliases ignored: `HP`, `Hewlett-Packard`)."))
    suggestion: str | None = strawberry.field(description=(
        "The name to merge it into: the group's managed name, else its most used spelling "
        "(null when it is that name already)."))


@strawberry.type(description="Result of a reference data change.")
class ReferencePayload:
    manufacturer: Manufacturer | None = strawberry.field(default=None, description=(
        "The manufacturer created, renamed or merged into."))
    model: ProductModel | None = strawberry.field(default=None, description="The model.")
    changed_assets: int = strawberry.field(default=0, description="Assets rewritten.")
    batch_id: str | None = strawberry.field(default=None, description=(
        "Identifier of the change; the audit entries of every asset it rewrote carry it."))
    errors: list[UserError] = strawberry.field(default_factory=list, description=(
        "Why the change was refused."))


@strawberry.type(description="Result of an asset status change.")
class AssetStatusPayload:
    status: AssetStatus | None = strawberry.field(default=None, description="The status.")
    deleted_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "The deleted status's id."))
    errors: list[UserError] = strawberry.field(default_factory=list, description=(
        "Why the change was refused."))


@strawberry.input(description="A new asset status.")
class AssetStatusInput:
    code: str = strawberry.field(description="Stable code, lowercase: letters, digits, `_`.")
    name: str = strawberry.field(description="Display name (1-80 characters).")
    description: str | None = strawberry.field(default=None, description="What it means here.")
    is_active: bool = strawberry.field(default=True, description="Assets in it are in service.")
    sort_order: int = strawberry.field(default=0, description="Position in pick lists.")


@strawberry.input(description="Changes to an asset status; omitted fields stay.")
class AssetStatusUpdateInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Display name.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description=(
        "What it means here (null clears)."))
    is_active: bool | None = strawberry.field(default=strawberry.UNSET, description=(
        "Assets in it are in service."))
    sort_order: int | None = strawberry.field(default=strawberry.UNSET, description=(
        "Position in pick lists."))
    retired: bool | None = strawberry.field(default=strawberry.UNSET, description=(
        "Retire (no longer offered or accepted for assets; assets keep it) or bring back."))


def _given(value: Any) -> bool:
    return value is not strawberry.UNSET and value is not None


def vocabulary_columns(info: Info[Context, Any], vocabulary: Vocabulary
                       ) -> list[tuple[str, Table, str]]:
    """(kind, its table, column) of every enabled kind's field of ``vocabulary``."""
    found: list[tuple[str, Table, str]] = []
    for kind in info.context.active.kinds.values():
        for name, column in getattr(kind, "vocabulary", ()):
            if name == vocabulary.value and kind.model is not None:
                table: Table = kind.model.__table__  # type: ignore[assignment]
                found.append((kind.kind, table, column))
    return found


async def usage(session: AsyncSession, columns: list[tuple[str, Table, str]]
                ) -> dict[str, dict[str, int]]:
    """Stored value -> kind -> number of assets."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    exact = session.get_bind().dialect.name in ("mysql", "mariadb")
    for kind, table, column in columns:
        # MySQL's default collation would fold "DELL" into "Dell": spellings are compared
        # byte for byte.
        col: Any = table.c[column].collate("utf8mb4_bin") if exact else table.c[column]
        for value, n in (await session.execute(
                select(col, func.count()).where(col.is_not(None)).group_by(col))).all():
            counts[value][kind] = counts[value].get(kind, 0) + int(n)
    return counts


def _name(raw: str, path: str) -> str:
    name = " ".join((raw or "").split())
    if not name or len(name) > 120:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "A name has 1-120 characters", path))
    return name


async def _manufacturer(session: AsyncSession, info: Info[Context, Any],
                        row: models.Manufacturer) -> Manufacturer:
    made = await usage(session, vocabulary_columns(info, Vocabulary.MANUFACTURER))
    model_use = await usage(session, vocabulary_columns(info, Vocabulary.MODEL))
    rows = (await session.scalars(select(models.ProductModel).where(
        models.ProductModel.manufacturerid == row.id).order_by(models.ProductModel.name))).all()
    return Manufacturer(id=strawberry.ID(str(row.id)), name=row.name,
                        asset_count=sum(made.get(row.name, {}).values()),
                        models=[_model(m, model_use) for m in rows])


def _model(row: models.ProductModel, use: dict[str, dict[str, int]]) -> ProductModel:
    return ProductModel(id=strawberry.ID(str(row.id)), name=row.name,
                        manufacturer_id=strawberry.ID(str(row.manufacturerid)),
                        asset_count=sum(use.get(row.name, {}).values()))


async def rewrite(tx: Tx, info: Info[Context, Any], vocabulary: Vocabulary,
                  spellings: set[str], into: str, batch: str) -> int:
    """Every asset whose ``vocabulary`` field says one of ``spellings`` says ``into``."""
    changed = 0
    now = utcnow()
    for _kind, table, column in vocabulary_columns(info, vocabulary):
        col = table.c[column]
        hits = [(asset_id, old) for asset_id, old in (await tx.session.execute(
            select(table.c.id, col).where(col.in_(sorted(spellings - {into}))))).all()
            if old in spellings and old != into]  # exact, whatever the collation
        if not hits:
            continue
        await tx.session.execute(update(table).where(table.c.id.in_([h[0] for h in hits]))
                                 .values({column: into}))
        await searchindex.refresh(tx.session, [h[0] for h in hits])  # a bulk update: by hand
        asset: Table = models.Asset.__table__  # type: ignore[assignment]
        await tx.session.execute(update(asset).where(asset.c.id == bindparam("_id"))
                                 .values(updatedat=now), [{"_id": h[0]} for h in hits])
        names = dict((await tx.session.execute(select(asset.c.id, asset.c.name).where(
            asset.c.id.in_([h[0] for h in hits])))).all())
        for asset_id, old in hits:
            await audit_record(tx.session, info.context.actor, action="update",
                               object_type="asset", object_id=asset_id,
                               source="reference-data", summary=names.get(asset_id),
                               changes={column: {"old": old, "new": into}}, batch_id=batch)
        changed += len(hits)
    return changed


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="The managed manufacturers with their models and use.",
                      permission_classes=[CanRead])
    async def manufacturers(self, info: Info[Context, Any]) -> list[Manufacturer]:
        session = info.context.session
        made = await usage(session, vocabulary_columns(info, Vocabulary.MANUFACTURER))
        model_use = await usage(session, vocabulary_columns(info, Vocabulary.MODEL))
        rows = (await session.scalars(select(models.Manufacturer)
                                      .order_by(models.Manufacturer.name))).all()
        all_models = (await session.scalars(select(models.ProductModel)
                                            .order_by(models.ProductModel.name))).all()
        by_maker: dict[int, list[models.ProductModel]] = defaultdict(list)
        for m in all_models:
            by_maker[m.manufacturerid].append(m)
        return [Manufacturer(id=strawberry.ID(str(r.id)), name=r.name,
                             asset_count=sum(made.get(r.name, {}).values()),
                             models=[_model(m, model_use) for m in by_maker[r.id]])
                for r in rows]

    @strawberry.field(description=(
        "Every value stored on assets for `vocabulary` (all kinds that declare it), with its "
        "use, whether it is managed, and the name to merge it into: what admins tidy."),
        permission_classes=[IsAdmin])
    async def stored_spellings(self, info: Info[Context, Any],
                               vocabulary: Vocabulary) -> list[StoredSpelling]:
        session = info.context.session
        counts = await usage(session, vocabulary_columns(info, vocabulary))
        managed_model: Any = (models.Manufacturer if vocabulary is Vocabulary.MANUFACTURER
                              else models.ProductModel)
        managed = set(await session.scalars(select(managed_model.name)))
        groups: dict[str, list[str]] = defaultdict(list)
        for value in [*counts, *managed]:
            if value not in groups[spelling_group(value)]:
                groups[spelling_group(value)].append(value)
        result = []
        for value, kinds in sorted(counts.items(), key=lambda kv: kv[0].casefold()):
            group = spelling_group(value)
            names = groups[group]
            # The managed name, else the most used spelling, the shortest on a tie ("Dell"
            # over "Dell Inc.").
            best = next((n for n in names if n in managed), None) or max(
                names, key=lambda n: (sum(counts.get(n, {}).values()), -len(n), n))
            result.append(StoredSpelling(
                value=value, asset_count=sum(kinds.values()), kinds=sorted(kinds),
                managed=value in managed, group=group,
                suggestion=None if best == value else best))
        return result


@strawberry.type
class ReferenceMutation:
    @strawberry.mutation(description="Admins: add an asset status.", permission_classes=[IsAdmin])
    async def create_asset_status(self, info: Info[Context, Any],
                                  input: AssetStatusInput) -> AssetStatusPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            code = input.code.strip()
            if not _CODE.fullmatch(code):
                raise PayloadErrors(user_error(ErrorCode.INVALID, "A code is 1-40 lowercase "
                                               "letters, digits and _, starting with a letter",
                                               "input", "code"))
            if await tx.session.scalar(select(models.AssetStatus.id).where(
                    models.AssetStatus.code == code)) is not None:
                raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"Status {code!r} exists",
                                               "input", "code"))
            name = _status_name(input.name)
            row = models.AssetStatus(code=code, name=name,
                                     description=_description(input.description),
                                     isactive=input.is_active, sortorder=_order(input.sort_order))
            tx.session.add(row)
            await tx.session.flush()
            await tx.audit("create", "assetstatus", row.id, {"code": {"old": None, "new": code},
                                                             "name": {"old": None, "new": name}},
                           summary=name)
            return {"status": AssetStatus.from_row(row)}

        return await perform(info, AssetStatusPayload, work)

    @strawberry.mutation(description=(
        "Admins: rename, describe, reorder, retire or bring back an asset status. The "
        "statuses the system sets (in use, retired, stale) cannot be retired."),
        permission_classes=[IsAdmin])
    async def update_asset_status(self, info: Info[Context, Any], id: strawberry.ID,
                                  input: AssetStatusUpdateInput) -> AssetStatusPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await _status(tx.session, id)
            changes: dict[str, Any] = {}

            def change(column: str, value: Any) -> None:
                if getattr(row, column) != value:
                    changes[column] = {"old": getattr(row, column), "new": value}
                    setattr(row, column, value)

            if _given(input.name):
                change("name", _status_name(input.name or ""))
            if input.description is not strawberry.UNSET:
                change("description", _description(input.description))
            if _given(input.is_active):
                change("isactive", bool(input.is_active))
            if _given(input.sort_order):
                change("sortorder", _order(input.sort_order or 0))
            if _given(input.retired):
                if input.retired and row.code in PROTECTED_STATUSES:
                    raise PayloadErrors(user_error(ErrorCode.INVALID, f"{row.name} is set by "
                                                   "the system: it cannot be retired",
                                                   "input", "retired"))
                if input.retired and row.retiredat is None:
                    row.retiredat = utcnow()
                    changes["retired"] = {"old": False, "new": True}
                elif not input.retired and row.retiredat is not None:
                    row.retiredat = None
                    changes["retired"] = {"old": True, "new": False}
            if changes:
                await tx.session.flush()
                await tx.audit("update", "assetstatus", row.id,
                               {k: {"old": _plain(v["old"]), "new": _plain(v["new"])}
                                for k, v in changes.items()}, summary=row.name)
            return {"status": AssetStatus.from_row(row)}

        return await perform(info, AssetStatusPayload, work)

    @strawberry.mutation(description=(
        "Admins: delete an asset status no asset has (IN_USE otherwise: retire it instead)."),
        permission_classes=[IsAdmin])
    async def delete_asset_status(self, info: Info[Context, Any],
                                  id: strawberry.ID) -> AssetStatusPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await _status(tx.session, id)
            if row.code in PROTECTED_STATUSES:
                raise PayloadErrors(user_error(ErrorCode.INVALID, f"{row.name} is set by the "
                                               "system: it cannot be deleted", "id"))
            used = await tx.session.scalar(select(func.count()).select_from(models.Asset)
                                           .where(models.Asset.statusid == row.id))
            if used:
                raise PayloadErrors(user_error(ErrorCode.IN_USE, f"{used} assets have the "
                                               f"status {row.name}: retire it instead", "id"))
            await tx.audit("delete", "assetstatus", row.id,
                           {"code": {"old": row.code, "new": None}}, summary=row.name)
            await tx.session.delete(row)
            return {"deleted_id": strawberry.ID(str(row.id))}

        return await perform(info, AssetStatusPayload, work)

    @strawberry.mutation(description="Admins: add a managed manufacturer.",
                         permission_classes=[IsAdmin])
    async def create_manufacturer(self, info: Info[Context, Any], name: str) -> ReferencePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            clean = _name(name, "name")
            if await _maker_named(tx.session, clean) is not None:
                raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"{clean!r} exists", "name"))
            row = models.Manufacturer(name=clean)
            tx.session.add(row)
            await tx.session.flush()
            await tx.audit("create", "manufacturer", row.id, {"name": {"old": None, "new": clean}},
                           summary=clean)
            return {"manufacturer": await _manufacturer(tx.session, info, row)}

        return await perform(info, ReferencePayload, work)

    @strawberry.mutation(description=(
        "Admins: rename a managed manufacturer; every asset that says the old name says the "
        "new one (audited)."), permission_classes=[IsAdmin])
    async def rename_manufacturer(self, info: Info[Context, Any], id: strawberry.ID,
                                  name: str) -> ReferencePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await _maker(tx.session, id)
            clean = _name(name, "name")
            other = await _maker_named(tx.session, clean)
            if other is not None and other.id != row.id:
                raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"{clean!r} exists: merge "
                                               "the two instead", "name"))
            batch = uuid.uuid4().hex
            old = row.name
            changed = await rewrite(tx, info, Vocabulary.MANUFACTURER, {old}, clean, batch)
            row.name = clean
            await tx.session.flush()
            await tx.audit("update", "manufacturer", row.id, {"name": {"old": old, "new": clean}},
                           summary=clean)
            return {"manufacturer": await _manufacturer(tx.session, info, row),
                    "changed_assets": changed, "batch_id": batch}

        return await perform(info, ReferencePayload, work)

    @strawberry.mutation(description=(
        "Admins: delete a managed manufacturer (and its models) that no asset names (IN_USE "
        "otherwise: merge it into another)."), permission_classes=[IsAdmin])
    async def delete_manufacturer(self, info: Info[Context, Any],
                                  id: strawberry.ID) -> ReferencePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            row = await _maker(tx.session, id)
            used = sum((await usage(tx.session, vocabulary_columns(
                info, Vocabulary.MANUFACTURER))).get(row.name, {}).values())
            if used:
                raise PayloadErrors(user_error(ErrorCode.IN_USE, f"{used} assets name "
                                               f"{row.name}: merge it into another", "id"))
            await tx.audit("delete", "manufacturer", row.id, {"name": {"old": row.name,
                                                                       "new": None}},
                           summary=row.name)
            await tx.session.execute(delete(models.ProductModel).where(
                models.ProductModel.manufacturerid == row.id))
            await tx.session.delete(row)
            return {}

        return await perform(info, ReferencePayload, work)

    @strawberry.mutation(description="Admins: add a managed model to a manufacturer.",
                         permission_classes=[IsAdmin])
    async def create_model(self, info: Info[Context, Any], manufacturer_id: strawberry.ID,
                           name: str) -> ReferencePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            maker = await _maker(tx.session, manufacturer_id, "manufacturerId")
            clean = _name(name, "name")
            if await tx.session.scalar(select(models.ProductModel.id).where(
                    models.ProductModel.manufacturerid == maker.id,
                    func.lower(models.ProductModel.name) == clean.lower())) is not None:
                raise PayloadErrors(user_error(ErrorCode.CONFLICT, f"{maker.name} has a model "
                                               f"{clean!r}", "name"))
            row = models.ProductModel(manufacturerid=maker.id, name=clean)
            tx.session.add(row)
            await tx.session.flush()
            await tx.audit("create", "model", row.id, {"name": {"old": None, "new": clean}},
                           summary=f"{maker.name} {clean}")
            use = await usage(tx.session, vocabulary_columns(info, Vocabulary.MODEL))
            return {"model": _model(row, use)}

        return await perform(info, ReferencePayload, work)

    @strawberry.mutation(description="Admins: delete a managed model (assets keep their text).",
                         permission_classes=[IsAdmin])
    async def delete_model(self, info: Info[Context, Any], id: strawberry.ID) -> ReferencePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            key = as_id(id)
            row = await tx.session.get(models.ProductModel, key) if key is not None else None
            if row is None:
                raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, "No such model", "id"))
            await tx.audit("delete", "model", row.id, {"name": {"old": row.name, "new": None}},
                           summary=row.name)
            await tx.session.delete(row)
            return {}

        return await perform(info, ReferencePayload, work)

    @strawberry.mutation(description=(
        "Admins: merge duplicate spellings. Every asset (of every kind that declares the "
        "vocabulary) whose field says one of `spellings` says `into` afterwards; `into` "
        "becomes a managed name (for a model, of `manufacturerId`), merged managed "
        "manufacturers go (their models move to `into`). One transaction, one audit entry "
        "per rewritten asset, all under one batch id."), permission_classes=[IsAdmin])
    async def merge_spellings(self, info: Info[Context, Any], vocabulary: Vocabulary,
                              into: str, spellings: list[str],
                              manufacturer_id: strawberry.ID | None = None) -> ReferencePayload:
        async def work(tx: Tx) -> dict[str, Any]:
            target = _name(into, "into")
            merged = {" ".join(s.split()) for s in spellings if s and s.strip()}
            if not merged or len(merged) > 500 or any(len(s) > 120 for s in merged):
                raise PayloadErrors(user_error(ErrorCode.INVALID, "Give 1-500 spellings of at "
                                               "most 120 characters", "spellings"))
            merged.update(s for s in spellings if s)  # as stored, spaces and all
            batch = uuid.uuid4().hex
            if vocabulary is Vocabulary.MANUFACTURER:
                maker = await _maker_named(tx.session, target)
                if maker is None:
                    maker = models.Manufacturer(name=target)
                    tx.session.add(maker)
                    await tx.session.flush()
                elif maker.name != target:
                    maker.name = target
                for other in (await tx.session.scalars(select(models.Manufacturer).where(
                        models.Manufacturer.name.in_(sorted(merged)),
                        models.Manufacturer.id != maker.id))).all():
                    await _move_models(tx.session, other.id, maker.id)
                    await tx.session.delete(other)
                changed = await rewrite(tx, info, vocabulary, merged, target, batch)
                await tx.session.flush()
                await tx.audit("merge", "manufacturer", maker.id, {"name": {
                    "old": sorted(merged - {target}), "new": target}}, summary=target,
                    batch_id=batch)
                return {"manufacturer": await _manufacturer(tx.session, info, maker),
                        "changed_assets": changed, "batch_id": batch}
            model = None
            if manufacturer_id is not None:
                maker = await _maker(tx.session, manufacturer_id, "manufacturerId")
                model = await tx.session.scalar(select(models.ProductModel).where(
                    models.ProductModel.manufacturerid == maker.id,
                    func.lower(models.ProductModel.name) == target.lower()))
                if model is None:
                    model = models.ProductModel(manufacturerid=maker.id, name=target)
                    tx.session.add(model)
                for duplicate in (await tx.session.scalars(select(models.ProductModel).where(
                        models.ProductModel.manufacturerid == maker.id,
                        models.ProductModel.name.in_(sorted(merged - {target}))))).all():
                    await tx.session.delete(duplicate)
                await tx.session.flush()
            changed = await rewrite(tx, info, vocabulary, merged, target, batch)
            use = await usage(tx.session, vocabulary_columns(info, Vocabulary.MODEL))
            return {"model": _model(model, use) if model is not None else None,
                    "changed_assets": changed, "batch_id": batch}

        return await perform(info, ReferencePayload, work)


async def _move_models(session: AsyncSession, source: int, target: int) -> None:
    have = {m.name.casefold() for m in (await session.scalars(select(models.ProductModel).where(
        models.ProductModel.manufacturerid == target))).all()}
    for m in (await session.scalars(select(models.ProductModel).where(
            models.ProductModel.manufacturerid == source))).all():
        if m.name.casefold() in have:
            await session.delete(m)
        else:
            m.manufacturerid = target
            have.add(m.name.casefold())
    await session.flush()


async def _status(session: AsyncSession, id: strawberry.ID) -> models.AssetStatus:
    key = as_id(id)
    row = await session.get(models.AssetStatus, key) if key is not None else None
    if row is None:
        raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, "No such status", "id"))
    return row


async def _maker(session: AsyncSession, id: strawberry.ID, path: str = "id") -> models.Manufacturer:
    key = as_id(id)
    row = await session.get(models.Manufacturer, key) if key is not None else None
    if row is None:
        raise PayloadErrors(user_error(ErrorCode.NOT_FOUND, "No such manufacturer", path))
    return row


async def _maker_named(session: AsyncSession, name: str) -> models.Manufacturer | None:
    row: models.Manufacturer | None = await session.scalar(select(models.Manufacturer).where(
        func.lower(models.Manufacturer.name) == name.lower()))
    return row


def _status_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name or len(name) > 80:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "A name has 1-80 characters",
                                       "input", "name"))
    return name


def _description(raw: str | None) -> str | None:
    text = (raw or "").strip()
    if len(text) > 10_000:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "At most 10,000 characters",
                                       "input", "description"))
    return text or None


def _order(value: int) -> int:
    if not -1_000_000 <= value <= 1_000_000:
        raise PayloadErrors(user_error(ErrorCode.INVALID, "Sort order is -1,000,000 to "
                                       "1,000,000", "input", "sortOrder"))
    return value


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
