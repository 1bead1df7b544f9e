"""The generic Relay-shaped connection with ``totalCount`` and ``nodes``.

Cursors are opaque: base64 of a versioned offset. A cursor that does not decode is a
``BAD_USER_INPUT`` error, never a 500.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

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


@strawberry.type(description="A page of items (Relay connection) with the total count.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with cursors.")
    nodes: list[T] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(description="Number of items matching, on all pages.")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


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
        raise bad_input(f"Invalid cursor {cursor!r}: use an endCursor from a previous page") from exc
    return offset


@dataclass(frozen=True)
class Page:
    """A validated ``first``/``after`` pair."""

    first: int
    offset: int

    @classmethod
    def parse(cls, first: int | None, after: str | None, *, cap: int = 500) -> Page:
        size = 50 if first is None else first
        if size < 0:
            raise bad_input("`first` must be zero or more")
        if size > cap:
            raise bad_input(f"`first` is {size}; at most {cap} items are returned per page")
        start = decode_cursor(after) + 1 if after else 0
        return cls(first=size, offset=start)


def make_connection(items: Sequence[T], page: Page, total: int) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(page.offset + i), node=item) for i, item in enumerate(items)]
    return Connection(
        edges=edges,
        nodes=list(items),
        page_info=PageInfo(
            has_next_page=page.offset + len(items) < total,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """Selected fields, with fragments (inline or named) flattened."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)


def selected_item_fields(info: Info[Any, Any]) -> set[str]:
    """GraphQL names of the fields a query selects on the items the current field returns:
    on a list, its own selections; on a connection, ``nodes { ... }`` or
    ``edges { node { ... } }``. Fragments are included."""
    names: set[str] = set()
    for current in _fields(info.selected_fields):
        for part in _fields(current.selections):
            names.add(part.name)
            if part.name == "nodes":
                names.update(f.name for f in _fields(part.selections))
            elif part.name == "edges":
                for node in (f for f in _fields(part.selections) if f.name == "node"):
                    names.update(f.name for f in _fields(node.selections))
    return names


async def fetch_page(session: AsyncSession, query: Select[Any], page: Page) -> tuple[list[Any], int]:
    """Run ``query`` for one page plus its total count (two statements)."""
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows: list[Any] = []
    if page.first > 0:
        rows = list((await session.scalars(query.limit(page.first).offset(page.offset))).all())
    return rows, int(total or 0)
