"""Plain rows for the read path: a mapped class's columns as a named tuple, without the ORM.

Reading a page through the ORM builds an instance per row: instance state, identity-map
entry, instrumented attributes, all of which a read-only answer never uses (the readers of
a page only read column values). A select of the mapped columns returns rows instead, and
:func:`row_type` gives them the same attribute names as the mapped class, so code that
reads ``row.assettag`` or ``row.locationid`` works on either. Column types (time zones,
JSON) are converted by SQLAlchemy's result processing exactly as for the ORM.

Deferred columns (large values such as a floor-plan image) are left out, as the ORM leaves
them out until asked; a row has no attribute for them.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Result, Select, bindparam, inspect, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import ColumnProperty


@cache
def _attributes(model: type) -> tuple[tuple[str, ColumnElement[Any]], ...]:
    """(attribute key, column) of ``model``'s loaded column attributes, in mapper order."""
    pairs = []
    props: Iterable[ColumnProperty[Any]] = inspect(model).column_attrs
    for prop in props:
        if prop.deferred:
            continue
        column = prop.columns[0]
        pairs.append((prop.key, column if column.key == prop.key else column.label(prop.key)))
    return tuple(pairs)


@cache
def row_type(model: type) -> type[Any]:
    """The named tuple type of ``model``'s rows: one field per loaded column attribute."""
    return namedtuple(f"{model.__name__}Row", [key for key, _ in _attributes(model)])


def columns(model: type) -> list[ColumnElement[Any]]:
    """``model``'s loaded columns, labelled with their attribute keys, for a select."""
    return [column for _, column in _attributes(model)]


def select_rows(model: type) -> Select[Any]:
    """``select(model)``, but for rows (:func:`fetch_rows`) instead of ORM instances."""
    return select(*columns(model))


def as_rows(query: Select[Any], model: type) -> Select[Any]:
    """``query`` (a select of ``model`` instances, with its joins, filters and order) selecting
    ``model``'s columns instead."""
    return query.with_only_columns(*columns(model), maintain_column_froms=True)


def to_rows(model: type, rows: Iterable[Any]) -> list[Any]:
    """Result rows whose first columns are ``model``'s (in :func:`columns` order) as
    ``model`` rows; trailing columns (sort keys a page added) are dropped."""
    make, width = row_type(model)._make, len(_attributes(model))
    return [make(row[:width]) for row in rows]


#: Where a session keeps the connection :func:`execute` last ran on, with its transaction.
_HELD = "shopdb.rows.connection"


async def execute(session: AsyncSession, query: Select[Any],
                  params: dict[str, Any] | None = None) -> Result[Any]:
    """Run ``query`` (with its bound ``params``) on ``session``'s connection (in its
    transaction), past the ORM's execution layer, which only plain rows are wanted from.
    Changes the session holds are flushed first, as the session's autoflush would.

    The connection is asked of the session once per transaction: ``session.connection()``
    costs a greenlet and the session's bookkeeping (24 us here, a page asks four times),
    and answers the same connection for as long as the same transaction is active."""
    if session.new or session.dirty or session.deleted:
        await session.flush()
    return await (await connection(session)).execute(query, params)


async def connection(session: AsyncSession) -> AsyncConnection:
    """``await session.connection()``, asked once per transaction of the session: it answers
    the same connection for as long as the same transaction is active."""
    transaction = session.sync_session.get_transaction()
    held = session.info.get(_HELD)
    if held is not None and held[0] is transaction and transaction is not None \
            and transaction.is_active:
        return held[1]
    made = await session.connection()
    session.info[_HELD] = (session.sync_session.get_transaction(), made)
    return made


async def fetch_rows(session: AsyncSession, model: type, query: Select[Any],
                     params: dict[str, Any] | None = None) -> list[Any]:
    """Run ``query`` (a select of :func:`columns`) and return ``model`` rows. (A result's
    ``all()`` takes its rows in one call; iterating it fetches them one by one, through
    three layers of calls per row.)"""
    return to_rows(model, (await execute(session, query, params)).all())


#: The list of keys a statement of :func:`rows_by_id` reads (an expanding IN parameter).
IDS: BindParameter[Any] = bindparam("ids", expanding=True)


@cache
def rows_by_id(model: type) -> Select[Any]:
    """``model``'s rows whose id is in the ``ids`` parameter: built once, so a loader's
    request runs it without building a statement and its cache key (~0.15 ms each)."""
    return select_rows(model).where(inspect(model).primary_key[0].in_(IDS))
