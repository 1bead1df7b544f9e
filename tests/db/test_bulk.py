"""Driver-level batch inserts and selects (shopdb_gql.db.bulk) against the real database:
values arrive exactly as written, MySQL statements are split and escaped correctly."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeVar

import pytest
from pymysql.converters import escape_item, escape_string
from sqlalchemy import Table, event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core.models import (
    Asset,
    AssetIdentity,
    AssetStatus,
    AuditEntry,
    Location,
    LoginFailure,
)
from shopdb_gql.db import bulk
from shopdb_gql.db.engine import Database
from tests.harness import fresh_database, prepare
from tests.harness import test_settings as settings_for

T = TypeVar("T")


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


LOCATIONS, STATUSES, AUDIT = _table(Location), _table(AssetStatus), _table(AuditEntry)
IDENTITIES, FAILURES = _table(AssetIdentity), _table(LoginFailure)

# Characters MySQL literals escape, and others that trip up quoting and paramstyles.
AWKWARD = [
    "it's", 'say "hi"', "back\\slash", "trailing\\", "\\'", "\\\\\\", "'';--", "' OR '1'='1",
    "new\nline", "carriage\rreturn", "crlf\r\n", "ctrl-z \x1a end", "\x1a", "nul\x00inside",
    "\x00", "%s", "%(x)s", "%%", "%", "{}", "{0}", "?", ":name", "$1", "ü € 😀", "😀", "",
    "   leading", "\ttab", "`tick`", "NULL", "\\0", "\\n", "\\Z", "_%", "/* c */",
    "mixed ' \" \\ \n \r \x1a \x00 %s {} ü 😀",
]
SPECIAL = "\\\x00\n\r\x1a'\"%{}()?ü€😀 a\t`;"


def _run(url: str, work: Callable[[AsyncSession], Awaitable[T]],
         listener: Callable[..., None] | None = None) -> T:
    """``work`` in one committed transaction on a fresh engine (``listener`` sees its
    ``before_cursor_execute`` events)."""

    async def go() -> T:
        db = Database(url)
        if listener is not None:
            event.listen(db.sync_engine, "before_cursor_execute", listener)
        try:
            async with db.transaction() as session:
                return await work(session)
        finally:
            await db.dispose()

    return asyncio.run(go())


class Statements:
    """The SQL statements the engine sends to the driver."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.sent.append(statement)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("bulk")) as found:
        prepare(settings_for(found), demo=False)
        yield found


def tag() -> str:
    return uuid.uuid4().hex[:10]


def is_mysql(url: str) -> bool:
    return url.startswith("mysql")


# --- 1. round trip of awkward values -------------------------------------------------------

def test_awkward_values_round_trip(url: str) -> None:
    key = tag()
    texts: list[str | None] = [*AWKWARD, None]
    created = datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC)
    updated = datetime(2023, 12, 31, 22, 30, 0, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    locations = [(f"{key}-{i:03d}-{(s or '')[:60]}", (s or "area")[:40], s, 1.5 * i - 3.0,
                  None if i % 2 else -0.25, created + timedelta(microseconds=i), updated)
                 for i, s in enumerate(texts)]
    ints = [0, 1, -1, 2**31 - 1, -(2**31), 42]
    statuses = [(f"{key}{i}", (s or "")[:80], s, i % 2 == 0, ints[i % len(ints)])
                for i, s in enumerate(texts)]
    changes = [{"old": s, "new": (s or "")[::-1], "n": i, "list": [s, None, True, 1.5],
                "nested": {s or "": {"ü": "😀", "q": "'\"\\"}}}
               for i, s in enumerate(texts)]
    audits = [(created, "user", None if i % 3 else i, s or "", "src'\\", "update", "asset",
               str(i), s, changes[i], key) for i, s in enumerate(texts)]

    async def write(session: AsyncSession) -> list[int]:
        return [
            await bulk.insert_rows(session, LOCATIONS,
                                   ("name", "kind", "description", "mapx", "mapy", "createdat",
                                    "updatedat"), locations),
            await bulk.insert_rows(session, STATUSES,
                                   ("code", "name", "description", "isactive", "sortorder"),
                                   statuses),
            await bulk.insert_rows(session, AUDIT,
                                   ("createdat", "actortype", "actorid", "actorname", "source",
                                    "action", "objecttype", "objectid", "summary", "changes",
                                    "batchid"), audits),
        ]

    assert _run(url, write) == [len(texts)] * 3

    async def read(session: AsyncSession) -> tuple[list[Any], list[Any], list[Any]]:
        loc, st, au = LOCATIONS, STATUSES, AUDIT
        return (
            list((await session.execute(
                select(loc.c.name, loc.c.kind, loc.c.description, loc.c.mapx, loc.c.mapy,
                       loc.c.createdat, loc.c.updatedat)
                .where(loc.c.name.startswith(f"{key}-")).order_by(loc.c.id))).all()),
            list((await session.execute(
                select(st.c.code, st.c.name, st.c.description, st.c.isactive, st.c.sortorder)
                .where(st.c.code.startswith(key)).order_by(st.c.id))).all()),
            list((await session.execute(
                select(au.c.createdat, au.c.actortype, au.c.actorid, au.c.actorname,
                       au.c.source, au.c.action, au.c.objecttype, au.c.objectid, au.c.summary,
                       au.c.changes, au.c.batchid)
                .where(au.c.batchid == key).order_by(au.c.id))).all()),
        )

    got_locations, got_statuses, got_audits = _run(url, read)
    assert [tuple(r) for r in got_locations] == locations
    assert [tuple(r) for r in got_statuses] == statuses
    assert [tuple(r) for r in got_audits] == audits
    # Exact values, not merely equal: text stays text, datetimes come back aware UTC.
    assert got_locations[0].createdat.tzinfo is UTC
    assert [type(r.isactive) for r in got_statuses] == [bool] * len(texts)
    assert got_locations[-1].description is None and got_statuses[-1].description is None


# --- 2. _mysql_text is PyMySQL's escaping ----------------------------------------------------

def expected_literal(s: str) -> str:
    return "'" + escape_string(s) + "'"


def test_mysql_text_matches_pymysql_escape_string() -> None:
    fixed = [*AWKWARD, "plain", "a" * 5000, "'" * 100, "\\" * 101, "x\\'y\\\"z",
             "".join(chr(c) for c in range(256)), "\U0010ffff\ud7ff\ue000"]
    for s in fixed:
        assert bulk._mysql_text(s) == expected_literal(s), repr(s)
    for code in [*range(0x300), 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0x1F600]:
        assert bulk._mysql_text(chr(code)) == expected_literal(chr(code)), hex(code)
        # No character outside the seven escapes is escaped: the regex fast path is exact.
        assert (bulk._SPECIAL.search(chr(code)) is None) == (escape_string(chr(code)) == chr(code))

    rng = random.Random(20240229)
    fuzzed = ["".join(rng.choice(SPECIAL) for _ in range(rng.randrange(0, 40)))
              for _ in range(3000)]
    fuzzed += ["".join(rng.choice("\\'\"\x00\n\r\x1a") for _ in range(rng.randrange(1, 12)))
               for _ in range(2000)]
    for s in fuzzed:
        assert bulk._mysql_text(s) == expected_literal(s), repr(s)
        assert bulk._literal(s, escape_literal) == expected_literal(s), repr(s)
    # The statement writer's inline path for text agrees too.
    [statement] = bulk._mysql_statements("INSERT INTO t (a, b) VALUES (%s, %s)",
                                         [(s, len(s)) for s in fuzzed], escape_literal)
    assert statement == "INSERT INTO t (a, b) VALUES " + ",".join(
        f"({expected_literal(s)},{len(s)})" for s in fuzzed)


def escape_literal(value: Any) -> str:
    """What aiomysql's ``Connection.escape`` writes for a non-text value."""
    return str(escape_item(value, "utf8mb4"))


# --- 3. batches larger than one MySQL statement ----------------------------------------------

def test_a_batch_larger_than_one_statement_arrives_complete(url: str) -> None:
    key = tag()
    rng = random.Random(7)
    alphabet = "abcdef 'x\"\\\n\r\x1a\x00%s{}ü€😀"  # no "(),": rows are counted by "),("
    now = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    rows = [(f"{key}-{i:04d}", "area",
             "".join(rng.choice(alphabet) for _ in range(8000)), now, now) for i in range(300)]
    columns = ("name", "kind", "description", "createdat", "updatedat")

    # The driver-level rows, as insert_rows hands them to _mysql_statements.
    naive = now.astimezone(UTC).replace(tzinfo=None)
    params = [(n, k, d, naive, naive) for n, k, d, _, _ in rows]
    sql = "INSERT INTO locations (name, kind, description, createdat, updatedat) VALUES "
    statements = list(bulk._mysql_statements(sql + "(%s, %s, %s, %s, %s)", params,
                                             escape_literal))
    assert len(statements) > 1
    assert all(s.startswith(sql) and len(s) <= bulk._MAX_STATEMENT for s in statements)
    assert sum(s.count("),(") + 1 for s in statements) == len(rows)
    assert "".join(s[len(sql):] for s in statements).count(f"'{key}-") == len(rows)

    sent = Statements()

    async def write(session: AsyncSession) -> int:
        return await bulk.insert_rows(session, LOCATIONS, columns, rows)

    assert _run(url, write, sent) == len(rows)
    inserts = [s for s in sent.sent if s.startswith("INSERT")]
    assert len(inserts) == (len(statements) if is_mysql(url) else 1)

    async def read(session: AsyncSession) -> list[Any]:
        t = LOCATIONS
        return list((await session.execute(
            select(t.c.name, t.c.kind, t.c.description, t.c.createdat, t.c.updatedat)
            .where(t.c.name.startswith(f"{key}-")).order_by(t.c.name))).all())

    assert [tuple(r) for r in _run(url, read)] == rows


# --- 4. select_in ----------------------------------------------------------------------------

def test_select_in_returns_exactly_the_matching_rows(url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    key = tag()
    kind, other_kind = f"k'{key}\\", f"k\"{key}"
    specials = ["it's", 'a"b', "c\\d", "\\", "x\\'", "%s", "{}", "ü€", "😀", "new\nline",
                "tab\t", "\x1a"]
    values = [f"v{i:02d}{s}" for i, s in enumerate(specials)]

    async def write(session: AsyncSession) -> tuple[int, int]:
        status = (await session.execute(select(AssetStatus.id).limit(1))).scalar_one()
        assets = [Asset(assettag=f"{key}-{n}", name=f"{key}-{n}", kind="bulk", statusid=status)
                  for n in range(2)]
        session.add_all(assets)
        await session.flush()
        first, second = assets[0].id, assets[1].id
        await bulk.insert_rows(
            session, IDENTITIES, ("kind", "idkey", "idvalue", "assetid"),
            [(kind, "serial", v, first) for v in values]
            + [(kind, "host", v, second) for v in values[:4]]
            + [(other_kind, "serial", v, second) for v in values])
        return first, second

    first, second = _run(url, write)
    monkeypatch.setattr(bulk, "_IN_CHUNK", 3)
    absent = ["v99it's", "nope\\", 'q"', "v00it", "v00it'"]  # near misses of present values
    asked = [*values, *absent, values[0], values[5]]
    sent = Statements()

    async def query(session: AsyncSession) -> dict[str, list[Any]]:
        t = IDENTITIES
        return {
            "hits": await bulk.select_in(session, t, ("idvalue", "assetid"),
                                         {"kind": kind, "idkey": "serial"}, "idvalue", asked),
            "one": await bulk.select_in(session, t, ("assetid",), {"kind": kind},
                                        "idvalue", [values[3]]),
            "none": await bulk.select_in(session, t, ("idvalue",), {"kind": kind},
                                         "idvalue", absent),
            "wrong-kind": await bulk.select_in(session, t, ("idvalue",), {"kind": "k"},
                                               "idvalue", values),
            "empty": await bulk.select_in(session, t, ("idvalue",), {"kind": kind},
                                          "idvalue", []),
        }

    found = _run(url, query, sent)
    hits = [tuple(r) for r in found["hits"]]
    assert len(hits) == len(values)  # no duplicate rows for values asked twice
    assert sorted(hits) == sorted((v, first) for v in values)
    # values[3] is both a "serial" of the first asset and a "host" of the second.
    assert sorted(r[0] for r in found["one"]) == sorted([first, second])
    assert found["none"] == []
    assert found["wrong-kind"] == []
    assert found["empty"] == []
    distinct = len(set(asked))
    selects = [s for s in sent.sent if s.startswith("SELECT") and "assetidentities" in s]
    assert len(selects) == -(-distinct // 3) + 1 + -(-len(absent) // 3) + -(-len(values) // 3)


# --- 5. the guard on Python-side defaults -------------------------------------------------

def test_leaving_out_a_column_with_a_default_raises_and_writes_nothing(url: str) -> None:
    key = tag()
    columns = ("actortype", "actorid", "actorname", "source", "action", "objecttype",
               "objectid", "summary", "changes", "batchid")  # createdat left out
    row = ("user", 1, "n", "s", "update", "asset", "1", None, {"a": 1}, key)

    async def write(session: AsyncSession) -> int:
        return await bulk.insert_rows(session, AUDIT, columns, [row])

    with pytest.raises(ValueError, match="createdat"):
        _run(url, write)

    async def count(session: AsyncSession) -> int:
        t = AUDIT
        return int((await session.execute(
            select(func.count()).select_from(t).where(t.c.batchid == key))).scalar_one())

    assert _run(url, count) == 0


# --- 6. statement events --------------------------------------------------------------------

def test_one_statement_for_a_thousand_rows(url: str) -> None:
    key = tag()
    now = datetime.now(UTC)
    rows = [(f"{key}-{i}", f"10.0.{i // 256}.{i % 256}", now) for i in range(1000)]
    sent = Statements()

    async def write(session: AsyncSession) -> int:
        await session.execute(select(1))  # the connection is checked out and begun
        sent.sent.clear()
        return await bulk.insert_rows(session, FAILURES,
                                      ("username", "address", "createdat"), rows)

    assert _run(url, write, sent) == 1000
    assert len(sent.sent) == 1, sent.sent[:3]
    assert sent.sent[0].startswith("INSERT INTO loginfailures")

    async def count(session: AsyncSession) -> int:
        t = FAILURES
        return int((await session.execute(select(func.count()).select_from(t)
                                          .where(t.c.username.startswith(f"{key}-")))
                    ).scalar_one())

    assert _run(url, count) == 1000


# --- 7. the bind processor memo ------------------------------------------------------------

def test_processed_values_are_right_for_shared_and_distinct_objects(url: str) -> None:
    key = tag()
    shared = datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    other = datetime(2024, 1, 2, 5, 4, 5, 678901, tzinfo=timezone(timedelta(hours=2)))
    assert other == shared and other is not shared  # equal instants, different objects
    distinct = [shared + timedelta(seconds=i, microseconds=i) for i in range(50)]
    stamps: list[datetime] = (
        [shared] * 50  # one object for many rows
        + distinct  # a new object each row
        + [shared, distinct[7], shared, distinct[7], other, shared]  # alternating objects
        + [datetime(1999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-8)))] * 3)
    rows = [(f"{key}-{i:03d}", "addr", stamp) for i, stamp in enumerate(stamps)]

    async def write(session: AsyncSession) -> int:
        return await bulk.insert_rows(session, FAILURES,
                                      ("username", "address", "createdat"), rows)

    assert _run(url, write) == len(rows)

    async def read(session: AsyncSession) -> list[Any]:
        t = FAILURES
        return list((await session.execute(
            select(t.c.createdat).where(t.c.username.startswith(f"{key}-"))
            .order_by(t.c.username))).scalars())

    got = _run(url, read)
    assert got == stamps
    assert len(set(got[50:100])) == 50
    assert got[-1] == datetime(2000, 1, 1, 7, 59, 59, tzinfo=UTC)


def test_processors_are_memoized_by_object_not_by_value() -> None:
    calls: list[Any] = []

    def process(value: Any) -> Any:
        calls.append(value)
        return ("p", value)

    a, b = [1000], [1000]  # equal values, distinct objects
    rows = [(a, "x"), (a, "y"), (b, "z"), (None, "n"), (b, "w"), (a, "v")]
    out = bulk._processed(((0, process),), rows)
    assert out == [(("p", a), "x"), (("p", a), "y"), (("p", b), "z"), (("p", None), "n"),
                   (("p", b), "w"), (("p", a), "v")]
    assert out[2][0][1] is b and out[5][0][1] is a
    assert calls == [a, b, None, b, a]  # once per run of one object; None is processed too


# --- 8. column order, JSON null, RETURNING ---------------------------------------------------

def test_columns_in_any_order(url: str) -> None:
    key = tag()
    now = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    rows = [(now, f"10.1.0.{i}", f"{key}-{i}") for i in range(5)]

    async def write(session: AsyncSession) -> int:
        return await bulk.insert_rows(session, FAILURES, ("createdat", "address", "username"),
                                      rows)

    assert _run(url, write) == 5

    async def read(session: AsyncSession) -> list[Any]:
        t = FAILURES
        return [tuple(r) for r in (await session.execute(
            select(t.c.createdat, t.c.address, t.c.username)
            .where(t.c.username.startswith(f"{key}-")).order_by(t.c.username))).all()]

    assert _run(url, read) == rows


def test_a_json_none_is_stored_as_json_null_like_sqlalchemy(url: str) -> None:
    key = tag()
    now = datetime.now(UTC)
    row = (now, "user", 1, "n", "s", "update", "asset", "1", None, None, key)
    columns = ("createdat", "actortype", "actorid", "actorname", "source", "action",
               "objecttype", "objectid", "summary", "changes", "batchid")

    async def write(session: AsyncSession) -> int:
        return await bulk.insert_rows(session, AUDIT, columns, [row])

    assert _run(url, write) == 1  # changes is NOT NULL: SQL NULL would fail here

    async def read(session: AsyncSession) -> Any:
        t = AUDIT
        return (await session.execute(select(t.c.changes).where(t.c.batchid == key))).one()

    assert _run(url, read).changes is None


@pytest.mark.parametrize("returning", [True, False], ids=["returning", "read-back"])
def test_insert_returning_gives_each_new_row_its_id(url: str, returning: bool) -> None:
    key = tag()
    now = datetime.now(UTC)
    rows = [(f"{key}-{i:04d}", f"{key} {i}", "area", now, now) for i in range(1200)]

    async def write(session: AsyncSession) -> tuple[list[Any], int]:
        conn = await session.connection()
        saved = conn.dialect.insert_returning
        conn.dialect.insert_returning = returning and saved  # MySQL 8 has no RETURNING
        sent = Statements()
        event.listen(conn.sync_connection, "before_cursor_execute", sent)
        try:
            got = await bulk.insert_returning(session, LOCATIONS, (
                "name", "description", "kind", "createdat", "updatedat"), rows, ("name", "id"))
        finally:
            conn.dialect.insert_returning = saved
            event.remove(conn.sync_connection, "before_cursor_execute", sent)
        return got, sum(s.startswith("SELECT") for s in sent.sent)

    got, selects = _run(url, write)
    if not returning:
        assert selects == 1  # read back by the unique name
    assert len(got) == len(rows)

    async def read(session: AsyncSession) -> dict[str, int]:
        t = LOCATIONS
        return {name: i for name, i in (await session.execute(
            select(t.c.name, t.c.id).where(t.c.name.startswith(f"{key}-")))).all()}

    assert dict(got) == _run(url, read)


def test_values_are_bound_by_the_driver_when_backslashes_are_not_escapes(url: str) -> None:
    """MySQL's NO_BACKSLASH_ESCAPES makes our literal escaping wrong, so the driver binds
    the values (an executemany) and new ids are read back: RETURNING needs our statements.
    SQLite has no such mode; there the same calls bind values as always."""
    key = tag()
    now = datetime.now(UTC)
    names = [f"{key}-{i:02d}-{s[:40]}" for i, s in enumerate(AWKWARD)]
    rows = [(name, s, "area", now, now) for name, s in zip(names, AWKWARD, strict=True)]

    async def write(session: AsyncSession) -> tuple[list[Any], bool]:
        conn = await session.connection()
        literal = False
        if is_mysql(url):
            await conn.exec_driver_sql(
                "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')")
            literal = await bulk._mysql_escape(conn) is not None
        got = await bulk.insert_returning(session, LOCATIONS, (
            "name", "description", "kind", "createdat", "updatedat"), rows, ("name", "id"))
        return got, literal

    got, literal = _run(url, write)
    assert literal is False

    async def read(session: AsyncSession) -> dict[str, tuple[int, str]]:
        t = LOCATIONS
        return {name: (i, description) for name, i, description in (await session.execute(
            select(t.c.name, t.c.id, t.c.description)
            .where(t.c.name.startswith(f"{key}-")))).all()}

    stored = _run(url, read)
    assert dict(got) == {name: i for name, (i, _) in stored.items()}
    assert [stored[name][1] for name in names] == AWKWARD
