"""Turning core asset rows into GraphQL objects of their kind's type, one query per kind."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core import models
from shopdb_gql.core.types import ASSET_FIELD_NAMES, Asset, GenericAsset, asset_fields

if TYPE_CHECKING:
    from shopdb_gql.core.kinds import AssetKind


def column_name(field_name: str) -> str:
    """The shopdb column for a Python field name: ``os_version`` -> ``osversion``."""
    return field_name.replace("_", "").lower()


def default_build(kind: AssetKind, row: models.Asset, ext: Any) -> Any:
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


def build_asset(kind: AssetKind | None, row: models.Asset, ext: Any) -> Asset:
    if kind is None:
        return GenericAsset(**asset_fields(row))
    if kind.build is not None:
        built: Asset = kind.build(row, ext)
        return built
    built = default_build(kind, row, ext)
    return built


async def materialize(
    session: AsyncSession, rows: Sequence[models.Asset], kinds: dict[str, AssetKind]
) -> list[Asset]:
    """GraphQL objects for ``rows`` in order: one extension query per kind present."""
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.kind in kinds and kinds[row.kind].model is not None:
            ids_by_kind[row.kind].append(row.id)
    ext_by_id: dict[int, Any] = {}
    for kind_key, ids in ids_by_kind.items():
        model: Any = kinds[kind_key].model
        for ext in (await session.scalars(select(model).where(model.id.in_(ids)))).all():
            ext_by_id[ext.id] = ext
    return [build_asset(kinds.get(row.kind), row, ext_by_id.get(row.id)) for row in rows]
