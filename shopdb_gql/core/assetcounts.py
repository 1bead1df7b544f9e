"""How many assets there are, per kind, without counting them.

A list's ``totalCount`` counts its matches. For the list of every asset (or of some kinds,
unfiltered otherwise) that meant reading an index entry per asset: 13 ms at 100,000 assets
on MariaDB, growing with the inventory (docs/PERFORMANCE.md, "scale"). ``assetcounts``
holds rows whose sum per kind is that kind's number of assets. Each write adds a row of
the change it made, inside its own transaction: the sum is exactly what the reader's
snapshot holds, a rollback (or a rolled-back savepoint) takes the row back with the
assets, and writers only insert, so they never wait for one another on a counter row.

The rows follow every write of the ``assets`` table: the ORM's flush hook (core/models.py:
mutations, demo data), :func:`record` for bulk statements (the ingest writer, and so the legacy
import), and a plugin's uninstall (its kinds' rows go with their assets). The server folds
the rows into one per kind (:func:`fold`, at a schema poll once more than
:data:`FOLD_AFTER` have gathered) and counts afresh when it starts (:func:`recount`), as
``shopdb db recount`` does after the table was written to outside the app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core import models

_COUNT = models.AssetCount
#: Rows gathered past which the server folds them (a list's total sums them all).
FOLD_AFTER = 64
#: Rows folded at most at once.
_FOLD_AT_MOST = 5000


#: The number of every asset: built once (the asset list asks it on every page).
_EVERY = select(func.sum(_COUNT.assets))


def total(kinds: Collection[str] | None = None) -> Select[Any]:
    """The number of assets (of ``kinds``); NULL where there are none."""
    return _EVERY if kinds is None else _EVERY.where(_COUNT.kind.in_(sorted(set(kinds))))


async def by_kind(session: AsyncSession) -> list[tuple[str, int]]:
    """``(kind, assets)`` for every kind having assets, by kind."""
    rows = await session.execute(select(_COUNT.kind, func.sum(_COUNT.assets))
                                 .group_by(_COUNT.kind).order_by(_COUNT.kind))
    return [(kind, int(n)) for kind, n in rows if n]


async def record(session: AsyncSession, changes: Mapping[str, int]) -> None:
    """Add ``changes`` (assets added per kind, negative for removed), inside the session's
    transaction: for writers that bypass the ORM (bulk statements)."""
    rows = _COUNT.rows_of(changes)
    if rows:
        await session.execute(insert(_COUNT), rows)


async def _delete(session: AsyncSession, ids: Sequence[int]) -> bool:
    """Delete rows ``ids``, if no one else deleted any of them first (a fold or recount in
    another process): False, and the caller rolls back. One statement at least, even for
    no ids: on SQLite it takes the write lock (:func:`recount` reads after it)."""
    for start in range(0, max(len(ids), 1), 1000):
        chunk = ids[start:start + 1000]
        deleted: Any = await session.execute(delete(_COUNT).where(_COUNT.id.in_(chunk)),
                                             execution_options={"synchronize_session": False})
        if deleted.rowcount != len(chunk):
            return False
    return True


async def fold(session: AsyncSession, *, after: int = FOLD_AFTER) -> bool:
    """Fold the rows into one per kind, once more than ``after`` have gathered, inside the
    caller's transaction: the rows read are replaced by their sums; rows written meanwhile
    stay. False if nothing was to fold or another process folded first (then the caller
    rolls back)."""
    rows = (await session.execute(select(_COUNT.id, _COUNT.kind, _COUNT.assets)
                                  .order_by(_COUNT.id).limit(_FOLD_AT_MOST))).all()
    if len(rows) <= after:
        return False
    sums: Counter[str] = Counter()
    for _, kind, n in rows:
        sums[kind] += n
    if not await _delete(session, [row[0] for row in rows]):
        return False
    await record(session, sums)
    return True


async def recount(session: AsyncSession) -> bool:
    """Count the assets of each kind afresh and make that the rows' sum, inside the caller's
    transaction. False if another process replaced rows first (then the caller rolls back).

    The rows read are deleted first; what is counted next is then what the rows left (those
    this transaction can see) must add up to. On MariaDB, count and rows are read in the
    transaction's snapshot: a write committed after it keeps its row, uncounted here. On
    SQLite, the delete takes the write lock, so count and rows left hold still."""
    ids = list((await session.scalars(select(_COUNT.id).order_by(_COUNT.id))).all())
    if not await _delete(session, ids):
        return False
    asset = models.Asset
    counts: Counter[str] = Counter(dict((await session.execute(
        select(asset.kind, func.count()).group_by(asset.kind))).all()))
    left = (await session.execute(select(_COUNT.kind, func.sum(_COUNT.assets))
                                  .group_by(_COUNT.kind))).all()
    for kind, n in left:
        counts[kind] -= int(n)
    await record(session, counts)
    return True


async def forget(session: AsyncSession, kinds: Collection[str]) -> None:
    """Drop the rows of ``kinds``, whose assets were all deleted (a plugin's uninstall)."""
    await session.execute(delete(_COUNT).where(_COUNT.kind.in_(sorted(set(kinds)))),
                          execution_options={"synchronize_session": False})
