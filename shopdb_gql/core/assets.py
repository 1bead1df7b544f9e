"""Turning core asset rows into GraphQL objects of their kind's type, one query per kind."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core.models import AssetRecord
from shopdb_gql.core.types import ASSET_FIELD_NAMES, Asset, GenericAsset, asset_fields
from shopdb_gql.db.rows import fetch_rows, select_rows

if TYPE_CHECKING:
    from shopdb_gql.core.kinds import AssetKind


def column_name(field_name: str) -> str:
    """The shopdb column for a Python field name: ``os_version`` -> ``osversion``."""
    return field_name.replace("_", "").lower()


def default_build(kind: AssetKind, row: AssetRecord, ext: Any) -> Any:
    """Build ``kind.graphql_type`` from the core row and the extension row (may be None)."""
    values = asset_fields(row)
    for f in dataclasses.fields(kind.graphql_type):
        if f.name in ASSET_FIELD_NAMES or not f.init:
            continue
        column = column_name(f.name.lstrip("_"))
        if ext is not None and hasattr(ext, column):
            values[f.name] = getattr(ext, column)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            values[f.name] = None
    return kind.graphql_type(**values)


def build_asset(kind: AssetKind | None, row: AssetRecord, ext: Any) -> Asset:
    if kind is None:
        return GenericAsset(**asset_fields(row))
    if kind.build is not None:
        built: Asset = kind.build(row, ext)
        return built
    built = default_build(kind, row, ext)
    return built


def without_extensions(rows: Sequence[AssetRecord], kinds: dict[str, AssetKind]) -> list[Asset]:
    """Objects of ``rows``' kinds built from the core rows alone, their kinds' own fields
    left at their defaults: for a selection that reads none of them (see pages.assets_for),
    never to be handed to code that might."""
    return [build_asset(kinds.get(row.kind), row, None) for row in rows]


async def materialize(
    session: AsyncSession, rows: Sequence[AssetRecord], kinds: dict[str, AssetKind]
) -> list[Asset]:
    """GraphQL objects for ``rows`` in order: one extension query per kind present, read as
    plain rows (db/rows.py); ``rows`` may be ORM instances or plain rows alike."""
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.kind in kinds and kinds[row.kind].model is not None:
            ids_by_kind[row.kind].append(row.id)
    ext_by_id: dict[int, Any] = {}
    for kind_key, ids in ids_by_kind.items():
        model: Any = kinds[kind_key].model
        for ext in await fetch_rows(session, model, select_rows(model).where(model.id.in_(ids))):
            ext_by_id[ext.id] = ext
    return [build_asset(kinds.get(row.kind), row, ext_by_id.get(row.id)) for row in rows]
