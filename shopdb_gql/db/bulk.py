"""Batch statements at the driver level: inserts of many rows, selects by many keys.

``session.execute(insert(table), rows)`` builds a parameter dict per row and runs every
column's bind processor on every value (SQLAlchemy's ``construct_params``); for a
1,000-row ingest batch that bookkeeping cost several times the SQL itself, and on MySQL
the driver's escaping of each value (``str.translate``) cost as much again. Here:

- the statement is written once per dialect, table and column list;
- each column's bind processor runs once per distinct value object (a batch's one
  timestamp is converted once, not once per row);
- SQLite gets multi-row ``INSERT ... VALUES (...), (...)`` with bound values, MySQL and
  MariaDB the multi-row statements aiomysql's ``executemany`` would build, with the values
  written in by :func:`_mysql_text` (PyMySQL's escaping, done faster).

Statements go through the session's connection, inside its transaction, so statement
events (logging, the tests' statement counts) and rollback are unchanged. The driver does
not know Python-side column defaults: every column that has one must be given a value.
See ADR-009.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pymysql.constants.SERVER_STATUS import SERVER_STATUS_NO_BACKSLASH_ESCAPES
from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Statement:
    sql: str
    processors: tuple[tuple[int, Processor], ...]  # (position, bind processor)


_STATEMENTS: dict[tuple[str, str, int, tuple[str, ...]], _Statement] = {}


def _statement(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> _Statement:
    key = (dialect.name, dialect.driver, id(table), columns)
    found = _STATEMENTS.get(key)
    if found is None:
        skipped = [c.key for c in table.columns if c.key not in columns and c.default is not None]
        if skipped:  # a driver-level insert would not apply them
            raise ValueError(f"{table.name}: give a value for {skipped} (they have defaults)")
        if dialect.paramstyle not in ("qmark", "format", "pyformat"):
            raise ValueError(f"{dialect.name}: positional parameters are needed")
        prepare = dialect.identifier_preparer
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        sql = (f"INSERT INTO {prepare.format_table(table)} "
               f"({', '.join(prepare.quote(table.c[c].name) for c in columns)}) "
               f"VALUES ({', '.join([mark] * len(columns))})")
        processors = []
        for position, name in enumerate(columns):
            process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors.append((position, process))
        found = _STATEMENTS[key] = _Statement(sql, tuple(processors))
    return found


async def insert_rows(session: AsyncSession, table: Table, columns: Sequence[str],
                      rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (one value per column of ``columns``, in that order) inside the
    session's transaction, in as few statements as the driver allows; returns how many."""
    conn = await session.connection()
    statement = _statement(conn.dialect, table, tuple(columns))
    params = _params(statement, rows)
    await _execute(conn, statement, params, None)
    return len(params)


async def insert_returning(session: AsyncSession, table: Table, columns: Sequence[str],
                           rows: Iterable[Sequence[Any]], returning: Sequence[str]) -> list[Any]:
    """:func:`insert_rows`, and the ``returning`` columns of the new rows, in no particular
    order. ``returning[0]`` must be a unique column among ``columns``: where the database
    has no ``INSERT ... RETURNING`` (MySQL), the rows are read back by it."""
    conn = await session.connection()
    statement = _statement(conn.dialect, table, tuple(columns))
    params = _params(statement, rows)
    quote = conn.dialect.identifier_preparer.quote
    returned = await _execute(conn, statement, params,
                              f" RETURNING {', '.join(quote(c) for c in returning)}"
                              if conn.dialect.insert_returning else None)
    if returned is not None:
        return returned
    key = columns.index(returning[0])
    return await select_in(session, table, returning, {}, returning[0], (p[key] for p in params))


def _params(statement: _Statement, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    if not statement.processors:
        return [tuple(row) for row in rows]
    return _processed(statement.processors, rows)


async def _execute(conn: Any, statement: _Statement, params: list[tuple[Any, ...]],
                   returning: str | None) -> list[Any] | None:
    """Send ``params`` with ``statement``: on MySQL as multi-row statements with the values
    written in; on SQLite as multi-row statements with bound values (a quarter faster than
    an executemany of the same rows); elsewhere (MySQL with ``NO_BACKSLASH_ESCAPES``) as
    one executemany. Returns the rows of ``returning`` (a ``RETURNING`` clause), or None
    where it was not sent (no ``returning``, or the executemany)."""
    out: list[Any] = []
    escape = await _mysql_escape(conn)
    if not params:
        return out if returning else None
    if escape is not None:
        for sql in _mysql_statements(statement.sql, params, escape):
            result = await conn.exec_driver_sql(sql + (returning or ""),
                                                execution_options={"no_parameters": True})
            out.extend(result.all() if returning else ())
        return out if returning else None
    if conn.dialect.name == "sqlite":
        head, marks = statement.sql.split(" VALUES ")
        per = max(1, _SQLITE_VARIABLES // len(params[0]))
        for start in range(0, len(params), per):
            chunk = params[start:start + per]
            sql = f"{head} VALUES {', '.join([marks] * len(chunk))}{returning or ''}"
            result = await conn.exec_driver_sql(sql, tuple(v for row in chunk for v in row))
            out.extend(result.all() if returning else ())
        return out if returning else None
    await conn.exec_driver_sql(statement.sql, params)
    return None


# Bound values per SQLite statement: SQLITE_MAX_VARIABLE_NUMBER, 32766 since 3.32.
_SQLITE_VARIABLES = 32766 if sqlite3.sqlite_version_info >= (3, 32) else 999
_IN_CHUNK = 2000  # values per IN list, well below SQLite's limit of bound parameters


async def select_in(session: AsyncSession, table: Table, columns: Sequence[str],
                    where: dict[str, Any], column: str, values: Iterable[Any]) -> list[Any]:
    """``SELECT columns FROM table WHERE <where, as equalities> AND column IN (values)``,
    sent as driver-level SQL: SQLAlchemy expands an IN list value by value on every
    execution, which took longer than the query itself for a batch's thousands of identity
    values. Result values are the driver's own (no type processing): text and integers."""
    conn = await session.connection()
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    escape = await _mysql_escape(conn)
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    head = (f"SELECT {', '.join(quote(c) for c in columns)} "
            f"FROM {dialect.identifier_preparer.format_table(table)} WHERE ")
    keys = sorted(set(values))
    rows: list[Any] = []
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start:start + _IN_CHUNK]
        if escape is None:
            sql = head + "".join(f"{quote(c)} = {mark} AND " for c in where) + \
                f"{quote(column)} IN ({', '.join([mark] * len(chunk))})"
            result = await conn.exec_driver_sql(sql, (*where.values(), *chunk))
        else:
            sql = head + "".join(f"{quote(c)} = {_literal(v, escape)} AND "
                                 for c, v in where.items()) + \
                f"{quote(column)} IN ({', '.join(_literal(v, escape) for v in chunk)})"
            result = await conn.exec_driver_sql(sql, execution_options={"no_parameters": True})
        rows.extend(result.all())
    return rows


async def _mysql_escape(conn: Any) -> Callable[[Any], str] | None:
    """The driver's ``escape`` where values are written into MySQL statements as literals
    (backslash escapes on), else None: values are bound by the driver."""
    if conn.dialect.name not in ("mysql", "mariadb"):
        return None
    driver = (await conn.get_raw_connection()).driver_connection
    if driver.server_status & SERVER_STATUS_NO_BACKSLASH_ESCAPES:
        return None
    escape: Callable[[Any], str] = driver.escape
    return escape


def _literal(value: Any, escape: Callable[[Any], str]) -> str:
    kind = type(value)
    if kind is str:
        return _mysql_text(value)
    if kind is int:
        return str(value)
    if value is None:
        return "NULL"
    return escape(value)


# PyMySQL's own escaping (as aiomysql's executemany applies it) for one character each.
_ESCAPES = (("\\", "\\\\"), ("\0", "\\0"), ("\n", "\\n"), ("\r", "\\r"), ("\032", "\\Z"),
            ("'", "\\'"), ('"', '\\"'))
_SPECIAL = re.compile(r"[\\\0\n\r\x1a'\"]")  # the characters of _ESCAPES
_MAX_STATEMENT = 1_000_000  # characters; PyMySQL splits its multi-row inserts at ~1 MB too


def _mysql_text(value: str) -> str:
    """``value`` as a quoted MySQL string literal: what ``pymysql.converters.escape_string``
    produces. Most values need no escape (one regex scan); the rest take seven
    ``str.replace`` scans, where ``str.translate`` took seven times as long on the
    kilobyte-long JSON of audit entries."""
    if _SPECIAL.search(value) is None:
        return f"'{value}'"
    for char, escaped in _ESCAPES:
        value = value.replace(char, escaped)
    return f"'{value}'"


def _mysql_statements(sql: str, params: list[tuple[Any, ...]],
                      escape: Callable[[Any], str]) -> Iterator[str]:
    """Multi-row ``INSERT ... VALUES (...), (...)`` texts, as aiomysql's executemany builds
    them, with the values written in as literals. Text and integers are written here;
    every other type by the driver's own ``escape``."""
    head = sql[:sql.index(" VALUES ") + 8]
    parts: list[str] = []
    size = len(head)
    last: dict[int, tuple[Any, str]] = {}
    for row in params:
        literals = []
        for position, value in enumerate(row):
            if value is None or type(value) in (str, int):
                literals.append(_literal(value, escape))
            else:  # datetimes and the like: the batch's one timestamp is escaped once
                seen = last.get(position)
                if seen is None or seen[0] is not value:
                    seen = last[position] = (value, escape(value))
                literals.append(seen[1])
        part = f"({','.join(literals)})"
        if parts and size + len(part) > _MAX_STATEMENT:
            yield head + ",".join(parts)
            parts, size = [], len(head)
        parts.append(part)
        size += len(part) + 1
    yield head + ",".join(parts)


def _processed(processors: tuple[tuple[int, Processor], ...],
               rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    last_in: list[Any] = [object()] * len(processors)
    last_out: list[Any] = [None] * len(processors)
    out = []
    for row in rows:
        values = list(row)
        for n, (position, process) in enumerate(processors):
            value = values[position]
            if value is not last_in[n]:  # None too: a JSON column stores it as 'null'
                last_in[n], last_out[n] = value, process(value)
            values[position] = last_out[n]
        out.append(tuple(values))
    return out
