"""SQLite through aiosqlite in one trip to the connection's thread per statement.

aiosqlite runs each sqlite3 connection in a thread of its own; every call is a job put on
that thread's queue, a wake-up, and a callback into the event loop. SQLAlchemy's adapter
makes four such trips per statement (open a cursor, execute, fetch the rows, close the
cursor) and one more for every ``commit``/``rollback``, also when no transaction is open
(the pool's reset of every returned connection). On this machine a trip costs about
0.1 ms of latency and a good share of it in CPU, so a page of four statements paid
twenty trips where five do the same work.

Here a statement is one job: the thread opens a cursor, executes, fetches every row and
closes the cursor, and hands back the rows with the cursor's description, row count and
last row id. ``commit``/``rollback`` are not sent when the connection holds no
transaction: sqlite3 itself does nothing then (it checks the same flag), so skipping the
trip changes nothing but the time.

The classes below extend SQLAlchemy's aiosqlite adapter (SQLAlchemy and aiosqlite are
pinned in requirements.lock) and reach aiosqlite's job queue the way SQLAlchemy's own
adapter does, through ``Connection._execute`` and ``Connection._conn``. Server-side
cursors (``stream()``) keep SQLAlchemy's own adapter. Every test on SQLite runs through
this module; tests/core/test_sqlite_trips.py counts the trips.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_

_NO_ROWS: tuple[Any, ...] = ()


def _statement(
    connection: aiosqlite.Connection, operation: str, parameters: Any, many: bool,
) -> tuple[Any, int, int | None, Any]:
    """Run on the connection's thread: the whole statement (``executemany`` if ``many``),
    cursor opened and closed; its description, row count, last row id and rows."""
    cursor = connection._conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else _NO_ROWS
        return description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A DBAPI cursor whose statements are one job each on aiosqlite's thread.

    Nothing is held on the thread between jobs: the rows, the description, the row count
    and the last row id come back with the job and are read from here.
    """

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    _awaitable_cursor_close = False

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        # SQLAlchemy's __init__ opens an aiosqlite cursor (a trip); this one opens nothing.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        """Nothing to close: the cursor was closed on the thread with its statement."""

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._run(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._run(operation, seq_of_parameters, many=True)

    def _run(self, operation: Any, parameters: Any, *, many: bool) -> None:
        try:
            self._description, self._rowcount, self._lastrowid, rows = await_(
                self._connection._execute(_statement, self._connection, operation,
                                          parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._rows = collections.deque(rows)  # a reused cursor forgets the last statement's

    def setinputsizes(self, *inputsizes: Any) -> None:
        """sqlite3 takes no input sizes (DBAPI allows doing nothing here)."""


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection with one-trip cursors, and no trip for a
    ``commit``/``rollback`` with no transaction open."""

    __slots__ = ()

    _cursor_cls = OneTripCursor

    def _in_transaction(self) -> bool:
        connection = self._connection._connection
        # Read from the event loop's thread: sqlite3 does not check the thread for this
        # flag, and no job of this connection runs while SQLAlchemy commits or rolls back.
        return connection is not None and connection.in_transaction

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()

    def commit(self) -> None:
        if self._in_transaction():
            super().commit()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module handed to ``create_async_engine(module=...)``."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)
