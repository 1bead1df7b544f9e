"""The counts of assets the writes keep (core/assetcounts.py). A list of every asset, or of
every asset of some kinds, answers ``totalCount`` from them, as do the dashboard's tiles,
so they must follow every write exactly: mutations, ingest, rolled-back transactions and
savepoints, a write refused for bad input, folding (also two folds at once), and a recount
after writes made outside the app."""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import OperationalError

from shopdb_gql.core import assetcounts, models
from shopdb_gql.core.filters import AssetFilter, by_kind_only
from shopdb_gql.db import migrations
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import Database
from tests.harness import Client, Server, db_run, fresh_database, kept_and_counted
from tests.harness import test_settings as settings_for

RUN = uuid.uuid4().hex[:6]
SHOPDB = str(Path(sys.executable).parent / "shopdb")

TOTALS = """{ assets(first: 1) { totalCount } computers(first: 1) { totalCount }
  dashboard { key value rows { label value } } }"""
BY_KINDS = """query($kinds: [String!]) { assets(first: 2, filter: {kinds: $kinds}) { totalCount } }"""
CREATE = """mutation($input: ComputerInput!) {
  createComputer(input: $input) { computer { id } errors { code field } } }"""
DELETE = """mutation($id: ID!) { deleteAsset(id: $id) { errors { message } } }"""
INGEST = """mutation($records: [ComputerRecord!]!) {
  ingestComputers(source: "count-test", records: $records) { results { status assetId } } }"""


async def _kept(session: Any) -> dict[str, int]:
    return dict(await assetcounts.by_kind(session))


def assert_exact(server: Server, client: Client) -> dict[str, int]:
    """The kept counts equal a count of the rows, and the API's totals say the same."""
    kept, counted = kept_and_counted(server.settings.database_url)
    assert kept == counted
    data = client.data(TOTALS)
    assert data["assets"]["totalCount"] == sum(counted.values())
    assert data["computers"]["totalCount"] == counted.get("computer", 0)
    tiles = {t["key"]: t for t in data["dashboard"]}
    assert tiles["assets.total"]["value"] == sum(counted.values())
    assert {r["label"]: r["value"] for r in tiles["assets.bykind"]["rows"]} == counted
    return counted


def test_every_write_through_the_app_keeps_the_counts(server: Server, editor: Client,
                                                      admin: Client) -> None:
    before = assert_exact(server, editor)
    made = [editor.data(CREATE, {"input": {"name": f"count {RUN} {i}", "hostname": f"cnt{RUN}{i}"}}
                        )["createComputer"]["computer"]["id"] for i in range(3)]
    assert assert_exact(server, editor)["computer"] == before.get("computer", 0) + 3

    # Refused for bad input (a name too long): nothing written, nothing counted.
    refused = editor.execute(CREATE, {"input": {"name": "x" * 5000, "hostname": f"bad{RUN}"}})
    assert refused.get("errors") or refused["data"]["createComputer"]["errors"]
    assert assert_exact(server, editor)["computer"] == before.get("computer", 0) + 3

    ingested = admin.data(INGEST, {"records": [
        {"hostname": f"ing{RUN}{i}", "serialNumber": f"SN{RUN}{i}"} for i in range(4)]})
    outcomes = ingested["ingestComputers"]["results"]
    assert [o["status"] for o in outcomes] == ["CREATED"] * 4
    again = admin.data(INGEST, {"records": [{"hostname": f"ing{RUN}0", "serialNumber": "new"}]})
    assert again["ingestComputers"]["results"][0]["status"] == "UPDATED"
    assert assert_exact(server, editor)["computer"] == before.get("computer", 0) + 7

    for asset_id in [*made, *(o["assetId"] for o in outcomes)]:
        assert editor.data(DELETE, {"id": asset_id})["deleteAsset"]["errors"] == []
    assert assert_exact(server, editor) == before


def test_concurrent_writers_keep_the_counts(server: Server, editor: Client, admin: Client) -> None:
    """Eight clients at once create, ingest and delete assets while the server folds the
    rows they add (more than FOLD_AFTER of them): no write waits on a counter row, none is
    lost, and the totals are exact at the end."""
    before = assert_exact(server, editor)

    def work(n: int) -> list[str]:
        client = Client(server.url, (admin if n % 2 else editor).token)
        made = []
        for i in range(8):
            if n % 4 == 3:
                body = client.data(INGEST, {"records": [
                    {"hostname": f"cc{RUN}{n}x{i}x{j}", "serialNumber": f"CC{RUN}{n}{i}{j}"}
                    for j in range(3)]})
                made += [o["assetId"] for o in body["ingestComputers"]["results"]]
            else:
                made.append(client.data(CREATE, {"input": {"name": f"cc {RUN} {n} {i}",
                                                           "hostname": f"cc{RUN}{n}y{i}"}})
                            ["createComputer"]["computer"]["id"])
            if i % 2:
                gone = made.pop(0)
                assert client.data(DELETE, {"id": gone})["deleteAsset"]["errors"] == []
        return made

    with ThreadPoolExecutor(8) as pool:
        left = [asset for made in pool.map(work, range(8)) for asset in made]
    assert len(left) > assetcounts.FOLD_AFTER // 2
    after = assert_exact(server, editor)
    assert after["computer"] == before.get("computer", 0) + len(left)
    for asset_id in left:
        assert editor.data(DELETE, {"id": asset_id})["deleteAsset"]["errors"] == []
    assert assert_exact(server, editor) == before


def test_rolled_back_writes_take_their_counts_back(server: Server, viewer: Client) -> None:
    before = assert_exact(server, viewer)

    def asset(tag: str, status: int) -> models.Asset:
        now = utcnow()
        return models.Asset(assettag=tag, name=tag, kind="computer", statusid=status,
                            createdat=now, updatedat=now)

    async def savepoints(session: Any) -> None:
        status = await session.scalar(select(models.AssetStatus.id).limit(1))
        async with session.begin_nested():
            session.add(asset(f"SP{RUN}-kept", status))
        dropped = await session.begin_nested()
        session.add(asset(f"SP{RUN}-dropped", status))
        await session.flush()
        await dropped.rollback()

    db_run(server, savepoints)
    after = assert_exact(server, viewer)
    assert after["computer"] == before.get("computer", 0) + 1

    async def rolled_back() -> None:
        db = Database(server.settings.database_url)
        try:
            async with db.session() as session:
                status = await session.scalar(select(models.AssetStatus.id).limit(1))
                assert status is not None
                session.add(asset(f"RB{RUN}", status))
                await session.flush()
                assert (await _kept(session))["computer"] == after["computer"] + 1
                await session.rollback()
        finally:
            await db.dispose()
    asyncio.run(rolled_back())
    assert assert_exact(server, viewer) == after

    async def tidy(session: Any) -> None:
        row = await session.scalar(select(models.Asset).where(models.Asset.assettag == f"SP{RUN}-kept"))
        await session.delete(row)
    db_run(server, tidy)
    assert assert_exact(server, viewer) == before


def test_lists_of_kinds_read_the_counts_and_agree(server: Server, viewer: Client) -> None:
    counted = assert_exact(server, viewer)
    kinds = sorted(counted)
    for chosen in ([kinds[0]], kinds[:2], [kinds[0], kinds[0]], [], ["nosuchkind"]):
        total = viewer.data(BY_KINDS, {"kinds": chosen})["assets"]["totalCount"]
        assert total == sum(counted.get(k, 0) for k in set(chosen)), chosen
    server.counter.reset()
    viewer.data(BY_KINDS, {"kinds": kinds[:2]})
    assert any("assetcounts" in s for s in server.counter.statements)
    assert not any("count(*)" in s for s in server.counter.statements)


def test_only_a_filter_by_kind_alone_is_answered_from_the_counts() -> None:
    """Every other field of the filter, given, narrows the list: its matches are counted.
    A field added to AssetFilter later is covered without being named here."""
    assert by_kind_only(None) and by_kind_only(AssetFilter())
    assert by_kind_only(AssetFilter(kinds=["computer"]))
    samples: dict[str, Any] = {"statuses": ["1"], "locations": ["1"], "text": "x",
                               "conditions": ["lowSupplies"]}
    for field in dataclasses.fields(AssetFilter):
        if field.name != "kinds":
            value = samples.get(field.name, "anything")
            assert not by_kind_only(AssetFilter(**{field.name: value})), field.name
            assert not by_kind_only(AssetFilter(kinds=["computer"], **{field.name: value}))


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database no server watches: no poller folds its rows meanwhile."""
    with fresh_database(tmp_path_factory.mktemp("quiet")) as url:
        migrations.upgrade(migrations.alembic_config(url))
        yield url


def on(url: str, work: Callable[[Database], Awaitable[Any]]) -> Any:
    """``work(db)`` with a Database of ``url`` made (and disposed of) in its own loop."""
    async def run() -> Any:
        db = Database(url)
        try:
            return await work(db)
        finally:
            await db.dispose()
    return asyncio.run(run())


async def _scatter(session: Any, n: int) -> None:
    """``2 * n`` rows that add up to nothing (no asset is written)."""
    for _ in range(n):
        await assetcounts.record(session, {"computer": 2})
        await assetcounts.record(session, {"computer": -2})


async def _rows(session: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(models.AssetCount)) or 0)


def test_the_server_folds_the_rows(server: Server, viewer: Client) -> None:
    before = assert_exact(server, viewer)
    db_run(server, lambda s: _scatter(s, assetcounts.FOLD_AFTER))

    async def folded() -> bool:
        db = Database(server.settings.database_url)
        try:
            for _ in range(100):
                async with db.session() as session:
                    if await _rows(session) <= len(before):
                        return True
                await asyncio.sleep(0.1)
            return False
        finally:
            await db.dispose()
    assert asyncio.run(folded())
    assert assert_exact(server, viewer) == before


def test_folding_replaces_the_rows_by_their_sums(quiet: str) -> None:
    async def run(quiet: Database) -> None:
        async with quiet.transaction() as session:
            await assetcounts.record(session, {"printer": 3, "computer": 5})
            await _scatter(session, assetcounts.FOLD_AFTER)
        async with quiet.transaction() as session:
            assert await _rows(session) == 2 * assetcounts.FOLD_AFTER + 2
            assert await assetcounts.fold(session, after=2 * assetcounts.FOLD_AFTER + 2) is False
            assert await assetcounts.fold(session) is True
        async with quiet.transaction() as session:
            assert await _rows(session) == 2
            assert await assetcounts.by_kind(session) == [("computer", 5), ("printer", 3)]
            assert await assetcounts.fold(session) is False  # nothing left to fold
            assert await session.scalar(assetcounts.total()) == 8
            assert await session.scalar(assetcounts.total(["printer", "printer"])) == 3
            assert await session.scalar(assetcounts.total([])) is None
            await assetcounts.forget(session, ["printer"])
            assert await assetcounts.by_kind(session) == [("computer", 5)]
            await assetcounts.record(session, {"computer": -5})
    on(quiet, run)


def test_two_folds_at_once_fold_once(quiet: str) -> None:
    """A fold that read the rows before another fold replaced them does not add its sums
    a second time: it finds the rows gone (fewer deleted than it read) and rolls back.
    MariaDB's reads see a snapshot, so the late fold reads the replaced rows; SQLite's
    session starts its transaction at its first write, so there it sees the fold."""
    async def race(quiet: Database) -> tuple[int, bool | str, list[tuple[str, int]]]:
        async with quiet.transaction() as session:
            await assetcounts.record(session, {"computer": 7})
            await _scatter(session, assetcounts.FOLD_AFTER)
        async with quiet.session() as late:
            await _rows(late)  # MariaDB: its snapshot starts here
            async with quiet.transaction() as first:
                assert await assetcounts.fold(first) is True
            seen = await _rows(late)
            outcome: bool | str
            try:
                outcome = await assetcounts.fold(late)
            except OperationalError:
                outcome = "refused"
            if outcome is True:
                await late.commit()
            else:
                await late.rollback()
        async with quiet.transaction() as session:
            kept = await assetcounts.by_kind(session)
            await assetcounts.record(session, {"computer": -7})
        return seen, outcome, kept

    seen, outcome, kept = on(quiet, race)
    if quiet.startswith("mysql"):
        assert seen > 2 * assetcounts.FOLD_AFTER  # it read the rows the first fold replaced
    assert outcome in (False, "refused")
    assert kept == [("computer", 7)]


def test_recount_makes_writes_outside_the_app_count(server: Server, viewer: Client) -> None:
    """Rows written with SQL behind the app's back are not counted until a recount: by
    ``shopdb db recount``, or by a server when it starts."""
    before = assert_exact(server, viewer)
    tag = f"RAW{RUN}"

    async def outside(session: Any) -> None:
        status = await session.scalar(select(models.AssetStatus.id).limit(1))
        await session.execute(sql(
            "INSERT INTO assets (assettag, name, kind, statusid, createdat, updatedat) "
            "VALUES (:tag, :tag, 'computer', :status, :now, :now)"),
            {"tag": tag, "status": status, "now": utcnow().replace(tzinfo=None)})
    db_run(server, outside)
    kept, counted = kept_and_counted(server.settings.database_url)
    assert counted["computer"] == kept["computer"] + 1  # what the recount is for

    env = {"SHOPDB_DATABASE_URL": server.settings.database_url, "SHOPDB_ENV": "test",
           "PATH": str(Path(sys.executable).parent)}
    done = subprocess.run([SHOPDB, "db", "recount"], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert f"computer: {counted['computer']}" in done.stdout
    assert f"{sum(counted.values())} asset(s) in all" in done.stdout
    assert assert_exact(server, viewer) == counted

    # Deleted behind the app's back again; a server starting on the database recounts.
    db_run(server, lambda s: s.execute(sql("DELETE FROM assets WHERE assettag = :tag"),
                                       {"tag": tag}))
    assert kept_and_counted(server.settings.database_url)[1] == before
    other = Server(settings_for(server.settings.database_url)).start()
    try:
        deadline = asyncio.run(_wait_until_kept(server, before))
        assert deadline, kept_and_counted(server.settings.database_url)
    finally:
        other.stop()
    assert assert_exact(server, viewer) == before


async def _wait_until_kept(server: Server, wanted: dict[str, int]) -> bool:
    db = Database(server.settings.database_url)
    try:
        for _ in range(100):
            async with db.session() as session:
                if await _kept(session) == wanted:
                    return True
            await asyncio.sleep(0.1)
        return False
    finally:
        await db.dispose()
