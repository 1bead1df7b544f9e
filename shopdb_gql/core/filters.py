"""Asset filtering, ordering and text matching (core columns plus plugins' searchable columns)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core import models, searchindex
from shopdb_gql.core.customfields import CustomSort, sort_by
from shopdb_gql.graphql.errors import MAX_ID, as_id, bad_input

if TYPE_CHECKING:
    from shopdb_gql.core.kinds import AssetKind


@strawberry.input(description="Narrows a list of assets. All given criteria must match.")
class AssetFilter:
    kinds: list[str] | None = strawberry.field(default=None, description="Asset kind keys.")
    statuses: list[strawberry.ID] | None = strawberry.field(default=None, description="Status ids.")
    locations: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Location ids; each includes every location below it (a hall "
                                  "finds the assets of its bays and cells).")
    text: str | None = strawberry.field(default=None, description=(
        "Matches asset tag, name, serial number, notes and each kind's searchable fields."))
    conditions: list[str] | None = strawberry.field(default=None, description=(
        "Named conditions the kinds offer (`assetKinds { conditions }`), e.g. `lowSupplies` "
        "or `checkedOut`; an asset must meet every one given, each in its own kind's sense."))


@strawberry.enum(description="Fields assets can be sorted by.")
class AssetOrderField(Enum):
    ASSET_TAG = "assettag"
    NAME = "name"
    KIND = "kind"
    STATUS = "statusid"
    SERIAL_NUMBER = "serialnumber"
    CREATED_AT = "createdat"
    UPDATED_AT = "updatedat"
    LAST_SEEN_AT = "lastseenat"


@strawberry.enum(description="Sort direction.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="One sort key.")
class AssetOrder:
    field: AssetOrderField = strawberry.field(description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC,
                                                description="Ascending or descending.")


def parse_ids(values: Iterable[strawberry.ID], what: str) -> list[int]:
    ids = [as_id(v) for v in values]
    if any(i is None for i in ids):
        raise bad_input(f"{what} ids must be whole numbers from 1 to {MAX_ID}")
    return [i for i in ids if i is not None]


def location_subtree(ids: Sequence[int]) -> Select[Any]:
    """The ids of ``ids`` and of every location below them, as one recursive query.

    UNION (not UNION ALL) keeps the walk finite even if the stored tree had a cycle.
    """
    loc = models.Location
    tree = select(loc.id.label("id")).where(loc.id.in_(ids)).cte("subtree", recursive=True)
    tree = tree.union(select(loc.id).join(tree, loc.parentid == tree.c.id))
    return select(tree.c.id)


def in_locations(column: Any, ids: Sequence[int]) -> ColumnElement[bool]:
    """``column`` (a location id column) is one of ``ids`` or lies below one of them."""
    return column.in_(location_subtree(ids)) if ids else false()


#: Longer search text cannot match any column, and SQLite refuses LIKE patterns over ~50 KB.
MAX_SEARCH_TEXT = 200


def checked_text(text: str) -> str:
    """Search text within :data:`MAX_SEARCH_TEXT` characters, or BAD_USER_INPUT."""
    if len(text) > MAX_SEARCH_TEXT:
        raise bad_input(f"Search text is limited to {MAX_SEARCH_TEXT} characters")
    return text


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (bounded, wildcards escaped)."""
    escaped = checked_text(text).strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_condition(text: str, kinds: dict[str, AssetKind],
                   candidates: Select[Any] | None = None) -> ColumnElement[bool]:
    """Case-insensitive substring match on core and plugin searchable columns. With
    ``candidates`` (ids from the search index, :func:`text_candidates`) only those assets
    are matched, and only their rows of the kinds' tables are read."""
    pattern = like_pattern(text)
    asset = models.Asset
    clauses: list[ColumnElement[bool]] = [
        column.ilike(pattern, escape="\\")
        for column in (asset.assettag, asset.name, asset.serialnumber, asset.notes)
    ]
    for kind in kinds.values():
        model: Any = kind.model
        if model is None or not kind.search_columns:
            continue
        matches = or_(*(getattr(model, c).ilike(pattern, escape="\\") for c in kind.search_columns))
        rows = select(model.id).where(matches)
        if candidates is not None:  # else the kind's whole table is matched, then probed
            rows = rows.where(model.id.in_(candidates))
        clauses.append(asset.id.in_(rows))
    matched = or_(*clauses) if clauses else false()
    return matched if candidates is None else and_(asset.id.in_(candidates), matched)


async def text_candidates(session: AsyncSession, flt: Any,
                          kinds: dict[str, AssetKind]) -> Select[Any] | None:
    """The search index's candidates for ``flt.text`` (a filter with a ``text``), for
    :func:`apply_filter` and :func:`text_condition`; None where the text match must read
    every asset (see core/searchindex.py). Candidates only narrow: results are the same."""
    if flt is None or not flt.text or not flt.text.strip():
        return None
    found: Select[Any] | None = await searchindex.narrowing(session, checked_text(flt.text), kinds)
    return found


#: Condition keys are short words; anything longer or odder is refused before lookup.
CONDITION_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")


def condition_clause(key: str, kinds: dict[str, AssetKind]) -> ColumnElement[bool]:
    """The assets meeting condition ``key`` in their own kind's sense, or BAD_USER_INPUT."""
    wheres = [c.where() for k in kinds.values() for c in k.conditions if c.key == key]
    if not wheres:
        known = sorted({c.key for k in kinds.values() for c in k.conditions})
        shown = key if CONDITION_KEY.fullmatch(key) else "given"
        raise bad_input(f"The {shown} condition is not offered by any enabled kind"
                        + (f"; known conditions: {', '.join(known)}" if known else ""))
    return or_(*wheres)


def apply_filter(
    query: Select[Any], flt: AssetFilter | None, kinds: dict[str, AssetKind],
    candidates: Select[Any] | None = None,
) -> Select[Any]:
    """``query`` narrowed by ``flt``; ``candidates``: see :func:`text_candidates`."""
    if flt is None:
        return query
    asset = models.Asset
    if flt.kinds is not None:
        query = query.where(asset.kind.in_(flt.kinds))
    if flt.statuses is not None:
        query = query.where(asset.statusid.in_(parse_ids(flt.statuses, "status")))
    if flt.locations is not None:
        query = query.where(in_locations(asset.locationid, parse_ids(flt.locations, "location")))
    if flt.text and flt.text.strip():
        query = query.where(text_condition(flt.text, kinds, candidates))
    for key in dict.fromkeys(flt.conditions or ()):
        query = query.where(condition_clause(key, kinds))
    return query


def by_kind_only(flt: AssetFilter | None) -> bool:
    """Whether ``flt`` narrows by kind alone, or not at all: its matches are then counted by
    the writes (core/assetcounts.py), not row by row. Any other field given says no, so a
    field added to the filter later is counted until it is taken into account here."""
    return flt is None or all(getattr(flt, f.name) is None for f in dataclasses.fields(flt)
                              if f.name != "kinds")


def apply_order(query: Select[Any], order: Sequence[Any] | None, model: Any = None,
                default: str | None = None) -> Select[Any]:
    """Sort ``query`` by ``order``: items with ``field`` (an enum whose values are column
    names) and ``direction``. A column the core assets table lacks is read from ``model``,
    a kind's extension table that the query joins. Without ``order``, ``default`` (a
    column name) sorts ascending. The order always ends with the asset id, so offsets
    are stable."""
    wanted: list[tuple[Any, SortDirection]] = [(o.field, o.direction) for o in order or []]
    if not wanted and default is not None:
        wanted = [(default, SortDirection.ASC)]
    keys = []
    for key, direction in wanted:
        if isinstance(key, CustomSort):  # a custom field's values, joined
            query, column = sort_by(query, key.field)
        else:
            name = key if isinstance(key, str) else key.value
            column = getattr(models.Asset if name in models.Asset.__table__.c else model, name)
        keys.append(column.desc() if direction is SortDirection.DESC else column.asc())
    return query.order_by(*keys, models.Asset.id.asc())
