"""The generic Relay-shaped connection with ``totalCount`` and ``nodes``.

Cursors are opaque: base64 of a versioned position, the sort-key values of the row (keyset,
version 2) for lists read from the database, an offset (version 1) for lists paged in
memory. A cursor that does not decode is a ``BAD_USER_INPUT`` error, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import orjson
import strawberry
from graphql import GraphQLError
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnClause, UnaryExpression
from sqlalchemy.types import TypeDecorator
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

from shopdb_gql.db import rows as plain
from shopdb_gql.graphql.errors import bad_input

T = TypeVar("T")
_PREFIX = "shopdb:v1:"


@strawberry.type(description="Where a page stands in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item; pass it as `after` for the next page."
    )


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: T = strawberry.field(description="The item.")


def _edges(self: Connection[T]) -> list[Edge[T]]:
    """``Connection.edges``: the nodes with their cursors, made when a query reads them."""
    cursor_at = self.cursor_at
    return [Edge(cursor=cursor_at(i), node=node) for i, node in enumerate(self.nodes)]


@strawberry.type(description="A page of items (Relay connection) with the total count.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(resolver=_edges,
                                            description="The items of this page with cursors.")
    nodes: list[T] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(description="Number of items matching, on all pages.")
    #: The cursor of the item at an index: made only for the edges a query reads (most
    #: lists ask for ``nodes`` only, and a keyset cursor is a JSON and base64 encoding).
    cursor_at: strawberry.Private[Callable[[int], str]]


def encode_cursor(offset: int) -> str:
    """An offset cursor (version 1): still read, for lists paged in memory and for cursors
    handed out before keyset cursors."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def _invalid(cursor: str) -> GraphQLError:
    shown = cursor if len(cursor) <= 80 else f"{cursor[:80]}..."
    return bad_input(f"Invalid cursor {shown!r}: use an endCursor from a previous page")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        digits = text[len(_PREFIX) :]
        if not digits.isdigit() or len(digits) > 12:  # no page starts a trillion rows in
            raise ValueError(text)
        offset = int(digits)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise _invalid(cursor) from exc
    return offset


# -- keyset cursors (version 2) -------------------------------------------------------------------
#
# A keyset cursor holds the sort-key values of its row and a fingerprint of the ordering they
# belong to. The next page is then "rows after these values" (an index range), not "skip N
# rows" (a scan of every row before the page), so page 1,000 costs what page 1 costs, and a
# row inserted or deleted before the cursor neither repeats nor skips a row.

_KEYSET = "shopdb:v2:"
#: A cursor longer than this is not one of ours (a page's sort keys are a few short values).
MAX_CURSOR_LENGTH = 2048


@dataclass(frozen=True)
class SortKey:
    column: ColumnElement[Any]
    descending: bool


def sort_keys(query: Select[Any]) -> list[SortKey] | None:
    """The ordering of ``query`` as keys a cursor can hold, or None when it cannot be paged by
    keyset (an expression we cannot compare, NULLS FIRST/LAST, or no unique last key)."""
    keys = []
    for clause in query._order_by_clauses:
        descending = False
        if isinstance(clause, UnaryExpression):
            if clause.modifier is operators.desc_op:
                descending = True
            elif clause.modifier is not operators.asc_op:
                return None
            clause = clause.element
        if not isinstance(clause, ColumnClause):
            return None
        keys.append(SortKey(clause, descending))
    # The last key must be unique, or rows that tie on every key could be skipped.
    if not keys or not getattr(keys[-1].column, "primary_key", False):
        return None
    return keys


def _fingerprint(keys: Sequence[SortKey]) -> str:
    spelled = ",".join(f"{getattr(k.column, 'table', None)!s}.{k.column.name}"
                       f"{'-' if k.descending else '+'}" for k in keys)
    return hashlib.blake2s(spelled.encode(), digest_size=6).hexdigest()


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


def encode_keyset(keys: Sequence[SortKey], values: Sequence[Any], *,
                  fingerprint: str | None = None) -> str:
    """The keyset cursor of a row with these sort-key ``values`` (``fingerprint``: the
    keys' own, when the caller has it already)."""
    body = orjson.dumps([fingerprint or _fingerprint(keys), [_dump(v) for v in values]])
    return base64.urlsafe_b64encode(_KEYSET.encode() + body).decode()


def _expected_type(column: ColumnElement[Any]) -> type | None:
    """The Python type the column's values have (a TypeDecorator's is its storage type's)."""
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    try:
        found = kind.python_type
    except NotImplementedError:
        return None
    return None if found is object else found


def _load(value: Any, column: ColumnElement[Any]) -> Any:
    """One cursor value, checked against its column's type (a forged cursor must not put a
    string where the database compares numbers)."""
    if value is None:
        return None
    expected = _expected_type(column)
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        if not isinstance(text, str):
            raise ValueError(value)
        if tag == "t" and expected in (datetime, None):
            return datetime.fromisoformat(text)
        if tag == "d" and expected in (date, None):
            return date.fromisoformat(text)
        if tag == "n" and expected in (Decimal, None):
            return Decimal(text)
        raise ValueError(value)
    if isinstance(value, bool):
        if expected in (bool, None):
            return value
        raise ValueError(value)
    if isinstance(value, int):
        if expected in (int, float, Decimal, None):
            return value
        raise ValueError(value)
    if isinstance(value, float):
        if expected in (float, Decimal, None) and math.isfinite(value):
            return value
        raise ValueError(value)
    if isinstance(value, str) and expected in (str, None):
        return value
    raise ValueError(value)


def decode_keyset(cursor: str, keys: Sequence[SortKey]) -> list[Any]:
    """The sort-key values a keyset cursor holds, checked against ``keys``; BAD_USER_INPUT for
    anything else, including a cursor of another ordering."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode())
        if not raw.startswith(_KEYSET.encode()):
            raise ValueError(cursor)
        fingerprint, values = orjson.loads(raw[len(_KEYSET):])
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError) as exc:
        raise _invalid(cursor) from exc
    if fingerprint != _fingerprint(keys):
        raise bad_input("This cursor belongs to a list in another order: start again from the "
                        "first page after changing orderBy")
    try:
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError(values)
        return [_load(v, k.column) for v, k in zip(values, keys, strict=True)]
    except (ValueError, TypeError) as exc:
        raise _invalid(cursor) from exc


def _is_keyset(cursor: str) -> bool:
    try:
        return base64.urlsafe_b64decode(cursor.encode()[:16]).startswith(_KEYSET.encode())
    except (ValueError, binascii.Error):
        return False


def _equal(column: ColumnElement[Any], value: Any) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _beyond(key: SortKey, value: Any) -> ColumnElement[bool] | None:
    """Rows that sort strictly after ``value`` on this key alone. NULL sorts first ascending
    and last descending on SQLite and MySQL/MariaDB alike."""
    column = key.column
    if key.descending:
        return None if value is None else or_(column < value, column.is_(None))
    return column.is_not(None) if value is None else column > value


def after_condition(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows after ``values`` in the order of ``keys``: (k1 > v1) OR (k1 = v1 AND k2 > v2) ...,
    led by a range on the first key so the database reads its index from the cursor on."""
    branches = []
    for i, key in enumerate(keys):
        beyond = _beyond(key, values[i])
        if beyond is not None:
            branches.append(and_(*(_equal(k.column, v) for k, v in
                                   zip(keys[:i], values[:i], strict=True)), beyond))
    condition = or_(*branches) if branches else false()
    first, value = keys[0], values[0]
    if value is None:
        return and_(first.column.is_(None), condition) if first.descending else condition
    lead = (or_(first.column <= value, first.column.is_(None)) if first.descending
            else first.column >= value)
    return and_(lead, condition)


@dataclass
class Page:
    """A validated ``first``/``after`` pair. ``fetch_page`` fills in the page's cursors."""

    first: int
    offset: int
    after: str | None = None
    #: The cursor of the page's item at an index, once ``fetch_page`` read the page.
    cursor_at: Callable[[int], str] | None = field(default=None, repr=False)
    has_next: bool | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, first: int | None, after: str | None, *, cap: int = 500) -> Page:
        size = 50 if first is None else first
        if size < 0:
            raise bad_input("`first` must be zero or more")
        if size > cap:
            raise bad_input(f"`first` is {size}; at most {cap} items are returned per page")
        if after is not None and len(after) > MAX_CURSOR_LENGTH:
            raise _invalid(after)
        if after and _is_keyset(after):
            return cls(first=size, offset=0, after=after)
        start = decode_cursor(after) + 1 if after else 0
        return cls(first=size, offset=start)


def make_connection(items: Sequence[T], page: Page, total: int) -> Connection[T]:
    if page.cursor_at is not None:
        cursor_at = page.cursor_at
        has_next = bool(page.has_next)
        has_previous = page.after is not None or page.offset > 0
    else:
        cursor_at = _offset_cursors(page.offset)
        has_next = page.offset + len(items) < total
        has_previous = page.offset > 0
    return Connection(
        nodes=list(items),
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=cursor_at(0) if items else None,
            end_cursor=cursor_at(len(items) - 1) if items else None,
        ),
        total_count=total,
        cursor_at=cursor_at,
    )


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """Selected fields, with fragments (inline or named) flattened."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)


def selected_item_fields(info: Info[Any, Any], *, connection: bool = False) -> set[str]:
    """GraphQL names of the fields a query selects on the items the current field returns:
    on a list, its own selections; on a ``connection``, those of ``nodes { ... }`` and
    ``edges { node { ... } }``. Fragments are included."""
    names: set[str] = set()
    for current in _fields(info.selected_fields):
        for part in _fields(current.selections):
            if not connection:
                names.add(part.name)
            elif part.name == "nodes":
                names.update(f.name for f in _fields(part.selections))
            elif part.name == "edges":
                for node in (f for f in _fields(part.selections) if f.name == "node"):
                    names.update(f.name for f in _fields(node.selections))
    return names


def selects_total(info: Info[Any, Any]) -> bool:
    """Whether the query asks the current connection field for ``totalCount`` (fragments
    included): counting every matching row is the dearest part of a deep page."""
    return any(part.name == "totalCount"
               for current in _fields(info.selected_fields) for part in _fields(current.selections))


async def fetch_page(session: AsyncSession, query: Select[Any], page: Page, *,
                     count: bool = True, rows_of: type | None = None,
                     counted: Select[Any] | None = None) -> tuple[list[Any], int]:
    """Run ``query`` (ordered, ending with a unique key such as the id) for one page, and its
    total count unless ``count`` is False (then the total is -1: say so only when the caller
    knows nobody reads it). ``counted``: a statement answering that total without counting
    ``query``'s rows (a count kept by the writes; NULL taken as 0). With ``rows_of`` (the
    mapped class ``query`` selects), the page is read as plain rows of that class's columns
    (db/rows.py), not ORM instances.

    The page is read by keyset when the ordering allows it: each cursor holds its row's
    sort-key values (encoded when asked: ``page.cursor_at``) and the next page starts from
    them, one more row than asked telling whether a next page exists. Other orderings and
    offset cursors page by OFFSET. One statement: with plain rows the count rides along in
    the page's statement (an uncorrelated subquery, evaluated once; an empty page counts on
    its own), and a first page reuses that statement, built once per shape of ``query``
    when ``query`` holds no values; otherwise two with the count, one without."""
    keys = sort_keys(query)
    if page.after is not None and keys is None:
        raise bad_input("This list cannot be continued from that cursor: start from the first page")
    inline = count and rows_of is not None and page.first > 0
    total = (int(await session.scalar(_counting(query, counted)) or 0) if count and not inline
             else -1)
    width = len(keys) if keys is not None else 0
    found: Sequence[Any] = ()
    if page.first > 0:
        statement = (_first_page(query, keys, rows_of, counted) if inline and page.after is None
                     and not page.offset else None)
        if statement is None:
            statement = _page_statement(query, keys, rows_of, page,
                                        _counting(query, counted) if inline else None)
        size = {"page_size": page.first + 1}
        if rows_of is not None:
            found = (await plain.execute(session, statement, size)).all()
        else:
            found = (await session.execute(statement, size)).all()
    if inline:
        total = int((found[0][-1] if found else await session.scalar(_counting(query, counted)))
                    or 0)
    page.cursor_at = _cursors(page, keys, found, width + (1 if inline else 0), inline)
    rows = plain.to_rows(rows_of, found) if rows_of is not None else [row[0] for row in found]
    page.has_next = len(rows) > page.first
    return rows[:page.first], total


#: The rows a page's statement reads: the page's size and one more, telling whether a next
#: page exists (a parameter, so one statement serves every size).
_PAGE_SIZE: BindParameter[int] = bindparam("page_size", type_=Integer)


def _counting(query: Select[Any], counted: Select[Any] | None = None) -> Select[Any]:
    """The number of rows ``query`` finds: ``counted`` where the caller has it."""
    if counted is not None:
        return counted
    return select(func.count()).select_from(query.order_by(None).subquery())


def _page_statement(query: Select[Any], keys: list[SortKey] | None, rows_of: type | None,
                    page: Page, counting: Select[Any] | None) -> Select[Any]:
    """``query`` for one page of ``page_size`` rows (a parameter): ``rows_of``'s columns
    (or its own), then the sort keys' values (keyset paging), then the count
    (``counting``, when it rides along)."""
    if rows_of is not None:
        query = plain.as_rows(query, rows_of)
    if keys is None:
        query = query.limit(_PAGE_SIZE).offset(page.offset)
    else:
        if page.after is not None:
            query = query.where(after_condition(keys, decode_keyset(page.after, keys)))
        elif page.offset:
            query = query.offset(page.offset)
        query = query.add_columns(*(k.column for k in keys)).limit(_PAGE_SIZE)
    if counting is not None:
        query = query.add_columns(counting.scalar_subquery())
    return query


#: First pages' statements (plain rows with the count), by the structure of the list's
#: query and the class read.
_FIRST_PAGES: OrderedDict[tuple[Any, ...], Select[Any]] = OrderedDict()
_FIRST_PAGES_KEPT = 128


def _first_page(query: Select[Any], keys: list[SortKey] | None, rows_of: type | None,
                counted: Select[Any] | None) -> Select[Any] | None:
    """The statement of ``query``'s first page with its count (``counted``'s where given),
    built once per structure of both: for a list read again and again (the assets page
    without filters, a kind's list), building the page's statement and its cache key cost
    as much as running it on SQLite. None when ``query`` or ``counted`` holds values (a
    filter's), which a statement built before would not have."""
    cache_key = query._generate_cache_key()
    if cache_key is None or cache_key.bindparams:
        return None
    count_key = None
    if counted is not None:
        counted_key = counted._generate_cache_key()
        if counted_key is None or counted_key.bindparams:
            return None
        count_key = counted_key.key
    key = (cache_key.key, count_key, rows_of)
    statement = _FIRST_PAGES.get(key)
    if statement is None:
        statement = _FIRST_PAGES[key] = _page_statement(
            query, keys, rows_of, Page(first=0, offset=0), _counting(query, counted))
        if len(_FIRST_PAGES) > _FIRST_PAGES_KEPT:
            _FIRST_PAGES.popitem(last=False)
    return statement


def _offset_cursors(offset: int) -> Callable[[int], str]:
    """The offset cursor of the item at an index of a page starting at ``offset``."""
    def cursor_at(index: int) -> str:
        return encode_cursor(offset + index)
    return cursor_at


def _cursors(page: Page, keys: list[SortKey] | None, found: Sequence[Any], width: int,
             inline: bool) -> Callable[[int], str]:
    """The cursor of the page's row at an index, encoded when asked: the sort keys' values
    are the ``width`` columns before the count's (``inline``) at the end of each row."""
    if keys is None:
        return _offset_cursors(page.offset)
    end = -1 if inline else None
    fingerprint = _fingerprint(keys)

    def keyset_cursor(index: int) -> str:
        return encode_keyset(keys, found[index][-width:end], fingerprint=fingerprint)
    return keyset_cursor
