"""Rebuilding the search index while the server serves (core/searchindex.py).

After a plugin is enabled at runtime (or at start) the stored signature may lack a column
the enabled kinds search; searches then scan until the index is rebuilt. :func:`rebuild`
does that without an operator and without holding the worker or the database:

1. One transaction stores the wanted columns as the signature, marked ``building`` with a
   token of this run. Searches do not trust it (``covers`` is false: they scan, correctly),
   but every writer's postings (flush hook, ``refresh``) now include the new columns.
2. Then a transaction per batch of assets: check the token is still ours, delete the batch's
   postings, read its current texts, fold them in a thread (the event loop keeps answering),
   insert. The delete comes first so the batch holds the postings' write locks before it
   reads: a write committed earlier is read; a write committing later rewrites its asset's
   postings itself (with the new columns, step 1) after the batch. No write is lost, and a
   batch is idempotent, so two workers rebuilding at once write the same postings.
3. One transaction stores the counts and the signature without the mark, if the token is
   still ours (a newer rebuild or ``shopdb search reindex`` took over otherwise).

A batch that meets a deadlock or lock wait is retried a few times; then the rebuild gives
up with a log line and searches keep scanning until the next start, toggle or reindex.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core import models
from shopdb_gql.core.searchindex import (
    SIGNATURE_KEY,
    UNFOLDED,
    Rebuilt,
    covers,
    postings_of,
    signature_query,
    spec_of,
    tables_of,
    texts_query,
)
from shopdb_gql.core.settingstore import set_setting
from shopdb_gql.db.bulk import insert_rows
from shopdb_gql.db.engine import Database
from shopdb_gql.db.errors import is_contention

if TYPE_CHECKING:
    from shopdb_gql.core.kinds import AssetKind

log = logging.getLogger(__name__)

#: Assets per batch transaction: small enough that a write waits at most a fraction of a
#: second for the batch's locks (SQLite locks the whole file while a batch writes).
BATCH = 500
ATTEMPTS = 4
_T = TypeVar("_T")
_POSTINGS = cast(Table, models.SearchGram.__table__)
_COUNTS = cast(Table, models.SearchGramCount.__table__)


class Superseded(Exception):
    """Another rebuild (or ``shopdb search reindex``) replaced this run's signature."""


async def rebuild(db: Database, kinds: Mapping[str, AssetKind]) -> Rebuilt | None:
    """Rebuild the index for ``kinds`` if the stored signature does not cover their columns;
    None if it does, or if another rebuild took over meanwhile."""
    spec = spec_of(kinds)
    extensions = tables_of(spec)
    if extensions is None:
        log.warning("search index not rebuilt: a table of the enabled kinds is not loaded here")
        return None
    token = uuid.uuid4().hex

    async def start(session: AsyncSession) -> bool:
        stored = (await session.execute(signature_query())).scalar()
        if covers(stored, spec):
            return False
        assets = stored.get("assets", 0) if isinstance(stored, dict) else 0
        await set_setting(session, SIGNATURE_KEY, {"columns": spec, "assets": assets,
                                                   "building": token})
        return True

    if not await _retrying(db, start):
        return None
    tally: Counter[int] = Counter()
    assets = written = last = 0
    try:
        while True:
            done = await _retrying(db, partial(_batch, token=token, extensions=extensions,
                                                   after=last))
            if done is None:
                break
            last, count, rows, grams = done
            assets += count
            written += rows
            tally.update(grams)  # once its transaction committed (a retry would count twice)
        await _retrying(db, lambda s: _finish(s, token, spec, assets, tally))
    except Superseded:
        log.info("search index rebuild handed over to a newer one")
        return None
    return Rebuilt(assets, written, tally[UNFOLDED])


async def _batch(session: AsyncSession, token: str, extensions: Any,
                 after: int) -> tuple[int, int, int, list[int]] | None:
    """Rewrite the postings of the next :data:`BATCH` assets after id ``after``: (last id,
    assets, postings, their grams), or None when no asset is left."""
    await _still_ours(session, token)
    asset = models.Asset.__table__
    ids: Sequence[int] = (await session.scalars(
        select(asset.c.id).where(asset.c.id > after).order_by(asset.c.id).limit(BATCH))).all()
    if not ids:
        return None
    postings = _POSTINGS
    await session.execute(delete(postings).where(postings.c.assetid.in_(ids)))
    rows = (await session.execute(texts_query(extensions, ids))).all()
    found = await asyncio.to_thread(postings_of, rows)
    written = await insert_rows(session, postings, ("gram", "assetid"), found)
    return ids[-1], len(rows), written, [g for g, _ in found]


async def _finish(session: AsyncSession, token: str, spec: Any, assets: int,
                  tally: Counter[int]) -> None:
    """Store the counts and the signature searches trust."""
    await _still_ours(session, token, lock=True)
    counts = _COUNTS
    await session.execute(delete(counts))
    await insert_rows(session, counts, ("gram", "count"), sorted(tally.items()))
    await set_setting(session, SIGNATURE_KEY, {"columns": spec, "assets": assets})


async def _still_ours(session: AsyncSession, token: str, *, lock: bool = False) -> None:
    query = signature_query()
    if lock:
        query = query.with_for_update()
    stored = (await session.execute(query)).scalar()
    if not isinstance(stored, dict) or stored.get("building") != token:
        raise Superseded


async def _retrying(db: Database, work: Callable[[AsyncSession], Awaitable[_T]]) -> _T:
    """``work`` in a transaction of its own, again after a deadlock or lock wait."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with db.transaction() as session:
                return await work(session)
        except Exception as exc:
            if attempt == ATTEMPTS or not is_contention(exc):
                raise
            log.info("search index rebuild met a lock (%s), retrying", type(exc).__name__)
            await asyncio.sleep(0.2 * attempt)
    raise AssertionError("unreachable")
