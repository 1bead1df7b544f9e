"""Values a column cannot hold are refused before they are written, on every database.

SQLite stores any length (a 1 MB display name went in) and infinity (after which every read
of that asset failed); MariaDB refuses with an internal error. Every flush checks each new
or changed value: text against its column (``String(n)``: n characters, ``Text``:
:data:`TEXT_LIMIT`), floats for being finite, map coordinates for :data:`MAX_COORDINATE`.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import String, Text, event, inspect
from sqlalchemy.orm import Session, UOWTransaction

#: The most characters a Text column (notes, descriptions) takes.
TEXT_LIMIT = 10_000


#: Map coordinates (plan pixels, site units) are within this of 0.
MAX_COORDINATE = 10_000_000
_COORDINATES = frozenset({"mapx", "mapy"})


class UnfitValue(ValueError):
    """A value ``column`` of ``table`` cannot hold; ``problem`` says what is allowed."""

    def __init__(self, table: str, column: str, problem: str) -> None:
        super().__init__(f"{table}.{column}: {problem}")
        self.table, self.column, self.problem = table, column, problem


class TextTooLong(UnfitValue):
    """A text longer than its column allows (at most ``limit`` characters)."""

    def __init__(self, table: str, column: str, limit: int) -> None:
        super().__init__(table, column, f"At most {limit:,} characters")
        self.limit = limit


def column_limit(column: Any) -> int | None:
    kind = column.type
    if isinstance(kind, String) and kind.length:
        return int(kind.length)
    if isinstance(kind, Text | String):
        return TEXT_LIMIT
    return None


def _check(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        mapper = state.mapper
        for attr in mapper.column_attrs:
            value = state.attrs[attr.key].loaded_value
            column = attr.columns[0]
            table = mapper.local_table.name
            if isinstance(value, str):
                limit = column_limit(column)
                if limit is not None and len(value) > limit:
                    raise TextTooLong(table, column.name, limit)
            elif isinstance(value, float):
                if not math.isfinite(value):
                    raise UnfitValue(table, column.name, "Give a finite number")
                if column.name in _COORDINATES and abs(value) > MAX_COORDINATE:
                    raise UnfitValue(table, column.name,
                                     f"Map coordinates lie between -{MAX_COORDINATE:,} and "
                                     f"{MAX_COORDINATE:,}")


def install() -> None:
    """Check every session's flushes (idempotent; the Database does it)."""
    if not event.contains(Session, "before_flush", _check):
        event.listen(Session, "before_flush", _check)
