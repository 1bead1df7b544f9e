"""The text search index: which assets have which three-letter pieces (trigrams) of text.

A search matches a substring of an asset's tag, name, serial number, notes or a kind's
searchable column (core/filters.py). Matching every asset cost 25-35 ms at 100,000 assets;
here a search first reads the assets having its two rarest pieces (``searchgrams``, rarity
from ``searchgramcounts``), and the usual match then checks only those. The index only
narrows: results are exactly the scan's. Where it cannot narrow safely or cheaply (text
under three letters or with letters it cannot fold, a piece most assets have, an index
built for other columns) the search scans as before.

Texts are folded before cutting: accents dropped (NFKD), ASCII lower-cased. A text with a
character that does not fold to one ASCII character (``ß``, ``ø``, CJK) marks its asset a
candidate of every search: MariaDB's collation equates letters the fold does not.

The postings follow every write: the ORM flush hook below for mutations and demo data,
:func:`refresh` for the ingest writer's bulk statements (and so the legacy import), the
foreign key's cascade for deletes. The piece counts are refreshed by :func:`reindex` only,
so writes never contend on counter rows. The stored signature (``search.index``) names
the columns indexed; a search whose kinds' columns are not all among them scans, as does
every search while the signature is marked ``building`` (core/searchrebuild.py).
"""

from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import (
    Connection,
    Table,
    and_,
    delete,
    event,
    insert,
    inspect,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from shopdb_gql.core import models
from shopdb_gql.core.settingstore import get_setting, set_setting
from shopdb_gql.db.base import Base
from shopdb_gql.db.bulk import insert_rows

if TYPE_CHECKING:
    from shopdb_gql.core.kinds import AssetKind

log = logging.getLogger(__name__)

SIGNATURE_KEY = "search.index"
#: The gram of assets with text the fold cannot make ASCII: candidates of every search.
UNFOLDED = -1
CORE_COLUMNS = ("assettag", "name", "serialnumber", "notes")
#: A piece more assets have than this share (or floor) narrows too little: scan instead.
COMMON_SHARE = 0.05
COMMON_FLOOR = 1000
_CHUNK = 2000  # assets per statement when reading or rewriting postings
_POSTINGS = cast(Table, models.SearchGram.__table__)
_COUNTS = cast(Table, models.SearchGramCount.__table__)

Spec = dict[str, list[str]]  # table name -> searchable columns


# --- folding -------------------------------------------------------------------------------

def _fold_char(char: str) -> str | None:
    """``char`` as one lower-case ASCII character, or None if it is not one once its
    accents are dropped."""
    if char.isascii():
        return char.lower()
    base = [c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)]
    if len(base) == 1 and base[0].isascii():
        return base[0].lower()
    return None


def fold(text: str) -> str | None:
    """``text`` accent-stripped and lower-cased, or None where a character does not fold to
    one ASCII character (MariaDB may then match it in ways the index cannot know)."""
    if text.isascii():
        return text.lower()
    folded = [_fold_char(c) for c in text]
    return None if None in folded else "".join(folded)  # type: ignore[arg-type]


def gram(piece: str) -> int:
    """Three ASCII characters as one integer (7 bits each)."""
    return (ord(piece[0]) << 14) | (ord(piece[1]) << 7) | ord(piece[2])


def grams_of(texts: Iterable[str | None]) -> set[int]:
    """The grams of each text on its own (none across texts), with :data:`UNFOLDED` if a
    text does not fold."""
    found: set[int] = set()
    for text in texts:
        if not text:
            continue
        folded = fold(text)
        if folded is None:
            found.add(UNFOLDED)
            continue
        found.update(gram(folded[i:i + 3]) for i in range(len(folded) - 2))
    return found


# --- what is indexed -----------------------------------------------------------------------

def spec_of(kinds: Mapping[str, AssetKind]) -> Spec:
    """The searchable columns of ``kinds``, by table: what a search over them reads."""
    spec: Spec = {models.Asset.__tablename__: list(CORE_COLUMNS)}
    for kind in kinds.values():
        model: Any = kind.model
        if model is not None and kind.search_columns:
            columns = spec.setdefault(model.__tablename__, [])
            columns.extend(c for c in kind.search_columns if c not in columns)
    return {table: sorted(columns) for table, columns in sorted(spec.items())}


def covers(stored: Any, wanted: Spec) -> bool:
    """Whether an index built for ``stored`` (the signature) has every column of ``wanted``:
    then its candidates include every asset a search over ``wanted`` matches."""
    columns = indexed_columns(stored)
    if columns is None or stored.get("building"):
        return False  # a rebuild in progress has not written every asset's postings yet
    return all(set(cols) <= set(columns.get(table) or ()) for table, cols in wanted.items())


def indexed_columns(stored: Any) -> Spec | None:
    """The columns whose postings writers keep current, by table, or None (no index yet).
    A signature marked ``building`` has them too: a rebuild wants writes kept current."""
    if not isinstance(stored, dict) or not isinstance(stored.get("columns"), dict):
        return None
    return cast(Spec, stored["columns"])


def signature_query() -> Any:
    """The stored signature, read with a shared lock: a writer whose transaction began
    before a rebuild stored its signature still sees the columns the rebuild indexes
    (InnoDB's plain read would give it its older snapshot). SQLite ignores the lock."""
    return (select(models.Setting.value).where(models.Setting.key == SIGNATURE_KEY)
            .with_for_update(read=True))


def tables_of(spec: Spec) -> list[tuple[Table, list[str]]] | None:
    """The extension tables of ``spec`` with their columns, or None if one is not known
    in this process (its plugin is not loaded)."""
    found = []
    for name, columns in spec.items():
        if name == models.Asset.__tablename__:
            continue
        table = Base.metadata.tables.get(name)
        if table is None or any(c not in table.c for c in columns):
            return None
        found.append((table, columns))
    return found


def texts_query(extensions: list[tuple[Table, list[str]]], ids: Sequence[int] | None = None,
                after: int | None = None) -> Any:
    """One row per asset: its id, then every searchable text (extension rows joined)."""
    asset = models.Asset.__table__
    columns: list[Any] = [asset.c.id, *(asset.c[c] for c in CORE_COLUMNS)]
    source: Any = asset
    for table, names in extensions:
        source = source.outerjoin(table, table.c.id == asset.c.id)
        columns.extend(table.c[c] for c in names)
    query = select(*columns).select_from(source)
    if ids is not None:
        query = query.where(asset.c.id.in_(ids))
    if after is not None:
        query = query.where(asset.c.id > after).order_by(asset.c.id).limit(_CHUNK)
    return query


def postings_of(rows: Iterable[Sequence[Any]]) -> list[tuple[int, int]]:
    """(gram, asset id) pairs of rows of :func:`texts_query`: the CPU-bound part of a rebuild."""
    return [(g, row[0]) for row in rows for g in sorted(grams_of(row[1:]))]


# --- keeping it current --------------------------------------------------------------------

def _rewrite_sync(conn: Connection, ids: Sequence[int]) -> None:
    """Rewrite the postings of assets ``ids`` (inside the caller's transaction)."""
    columns = indexed_columns(conn.execute(signature_query()).scalar())
    if columns is None:
        return  # no index yet: searches scan, and a reindex reads everything
    extensions = tables_of(columns)
    if extensions is None:
        _forget(conn, "a table it indexes is not loaded here")
        return
    postings = _POSTINGS
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        conn.execute(delete(postings).where(postings.c.assetid.in_(chunk)))
        rows = postings_of(conn.execute(texts_query(extensions, chunk)))
        if rows:
            conn.execute(insert(postings), [{"gram": g, "assetid": a} for g, a in rows])


def _forget(conn: Connection, why: str) -> None:
    """Drop the signature: searches scan until ``shopdb search reindex``."""
    log.warning("search index set aside (%s): searches scan until `shopdb search reindex`", why)
    conn.execute(delete(models.Setting).where(models.Setting.key == SIGNATURE_KEY))


async def refresh(session: AsyncSession, ids: Iterable[int]) -> None:
    """Rewrite the postings of assets ``ids``: for writers that bypass the ORM (the ingest
    writer's bulk statements). Three statements per 2,000 assets, plus the signature's."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    columns = indexed_columns((await session.execute(signature_query())).scalar())
    if columns is None:
        return
    extensions = tables_of(columns)
    if extensions is None:
        await session.run_sync(lambda s: _forget(s.connection(), "a table is not loaded here"))
        return
    postings = _POSTINGS
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        await session.execute(delete(postings).where(postings.c.assetid.in_(chunk)))
        rows = postings_of((await session.execute(texts_query(extensions, chunk))).all())
        await insert_rows(session, postings, ("gram", "assetid"), rows)


def _touched(session: Session) -> set[int]:
    """Ids of the assets whose searchable text this flush may have changed."""
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, models.Asset):
            state = inspect(obj)
            if obj in session.new or any(state.attrs[c].history.has_changes() for c in CORE_COLUMNS):
                ids.add(obj.id)
        elif _is_extension(type(obj)):
            ids.add(obj.id)
    return {i for i in ids if i is not None}


_EXTENSIONS: dict[type, bool] = {}


def _is_extension(cls: type) -> bool:
    """Whether ``cls`` maps a kind's table: its ``id`` is an asset's."""
    found = _EXTENSIONS.get(cls)
    if found is None:
        table = getattr(cls, "__table__", None)
        id_column = table.c.get("id") if isinstance(table, Table) else None
        found = _EXTENSIONS[cls] = id_column is not None and any(
            fk.target_fullname == "assets.id" for fk in id_column.foreign_keys)
    return found


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    """Keep the postings of what the ORM wrote (mutations, demo data) current."""
    ids = _touched(session)
    if ids:
        _rewrite_sync(session.connection(), sorted(ids))


# --- rebuilding ----------------------------------------------------------------------------

class Rebuilt(NamedTuple):
    assets: int
    postings: int
    #: Assets with text the fold cannot make ASCII: every search checks them.
    unfolded: int


async def reindex(session: AsyncSession, kinds: Mapping[str, AssetKind]) -> Rebuilt:
    """Rebuild postings, counts and signature for the searchable columns of ``kinds``
    (inside the caller's transaction)."""
    spec = spec_of(kinds)
    extensions = tables_of(spec)
    assert extensions is not None, "the kinds' tables are loaded"
    postings, counts = _POSTINGS, _COUNTS
    await session.execute(delete(postings))
    await session.execute(delete(counts))
    tally: Counter[int] = Counter()
    assets = written = 0
    last = 0
    while True:
        rows = (await session.execute(texts_query(extensions, after=last))).all()
        if not rows:
            break
        found = postings_of(rows)
        tally.update(g for g, _ in found)
        written += await insert_rows(session, postings, ("gram", "assetid"), found)
        assets += len(rows)
        last = rows[-1][0]
    await insert_rows(session, counts, ("gram", "count"), sorted(tally.items()))
    await set_setting(session, SIGNATURE_KEY, {"columns": spec, "assets": assets})
    return Rebuilt(assets, written, tally[UNFOLDED])


# --- searching -----------------------------------------------------------------------------

async def narrowing(session: AsyncSession, text: str, kinds: Mapping[str, AssetKind]) -> Any:
    """The ids of every asset a search for ``text`` over ``kinds`` can match (and few
    others), as a subquery; or None where the search should scan. Two statements: the
    signature and the counts of the text's pieces."""
    folded = fold(text.strip().lower())  # what like_pattern sends (lower() may add marks: İ)
    if folded is None or len(folded) < 3:
        return None
    stored = await get_setting(session, SIGNATURE_KEY)
    if not covers(stored, spec_of(kinds)):
        return None
    wanted = sorted({gram(folded[i:i + 3]) for i in range(len(folded) - 2)})
    counted = models.SearchGramCount
    counts = dict((await session.execute(
        select(counted.gram, counted.count).where(counted.gram.in_(wanted)))).all())
    rarest = sorted(wanted, key=lambda g: (counts.get(g, 0), g))[:2]
    if counts.get(rarest[0], 0) > max(COMMON_FLOOR, COMMON_SHARE * int(stored.get("assets") or 0)):
        return None
    return candidates(rarest)


def candidates(rarest: Sequence[int]) -> Any:
    """The ids of assets having every gram of ``rarest`` (one or two), and of those marked
    :data:`UNFOLDED`; wrapped in a derived table so MariaDB can semi-join it."""
    postings = _POSTINGS
    first = postings.alias("g1")
    having = select(first.c.assetid).where(first.c.gram == rarest[0])
    if len(rarest) > 1:
        second = postings.alias("g2")
        having = having.join_from(first, second, and_(second.c.assetid == first.c.assetid,
                                                      second.c.gram == rarest[1]))
    unfolded = select(postings.c.assetid).where(postings.c.gram == UNFOLDED)
    found = union_all(having, unfolded).subquery("candidates")
    return select(found.c.assetid)
