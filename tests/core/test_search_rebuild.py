"""The search index rebuilds itself (core/searchrebuild.py): after a plugin is enabled over
GraphQL and at start, when the stored signature lacks a column the enabled kinds search;
in the background (the worker keeps answering), losing no write made meanwhile, and a
failing rebuild only leaves searches scanning."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from shopdb_gql.core import models, searchindex, searchrebuild
from shopdb_gql.core.settingstore import get_setting, set_setting
from shopdb_gql.db.base import Base
from shopdb_gql.db.engine import Database
from tests import harness
from tests.core.test_search_index import (
    create,
    db_run,
    fresh,
    read_index,
    results,
    scanning,
)
from tests.harness import Client, Server

TOGGLE = """mutation($name: String!, $enabled: Boolean!) {
  setPluginEnabled(name: $name, enabled: $enabled) { plugin { enabled } errors { message } } }"""
UPDATE_COMPUTER = """mutation($id: ID!, $input: ComputerUpdateInput!) {
  updateComputer(id: $id, input: $input) { errors { message } } }"""
ME = "{ me { username } }"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str, dict[str, Client]]]:
    with harness.demo_site(tmp_path_factory.mktemp("rebuild")) as found:
        yield found


@pytest.fixture(scope="module")
def server(site: tuple[Server, str, dict[str, Client]]) -> Server:
    return site[0]


@pytest.fixture(scope="module")
def clients(site: tuple[Server, str, dict[str, Client]]) -> dict[str, Client]:
    return site[2]


def signature(server: Server) -> Any:
    return db_run(server, lambda s: get_setting(s, searchindex.SIGNATURE_KEY))


def without_computers(server: Server) -> dict[str, Any]:
    """Store a signature lacking the computers' columns (as if built before the plugin was
    enabled); returns the one it replaced."""
    stored: dict[str, Any] = signature(server)
    assert "computers" in stored["columns"] and not stored.get("building")
    stale = {**stored, "columns": {t: c for t, c in stored["columns"].items() if t != "computers"}}
    db_run(server, lambda s: set_setting(s, searchindex.SIGNATURE_KEY, stale))
    return stored


def toggle(admin: Client, enabled: bool) -> None:
    payload = admin.data(TOGGLE, {"name": "computers", "enabled": enabled})["setPluginEnabled"]
    assert payload == {"plugin": {"enabled": enabled}, "errors": []}


def reenable_with_stale_index(server: Server, admin: Client) -> dict[str, Any]:
    toggle(admin, False)
    stored = without_computers(server)
    toggle(admin, True)
    return stored


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the deadline"
        time.sleep(0.1)


def a_hostname(server: Server) -> tuple[int, str]:
    """The computer of the lowest id, and its host name."""
    async def read(session: Any) -> tuple[int, str]:
        table = Base.metadata.tables["computers"]  # the plugin's: read it by name
        row = (await session.execute(select(table.c.id, table.c.hostname)
                                     .order_by(table.c.id).limit(1))).one()
        return int(row[0]), str(row[1])
    return db_run(server, read)


def assets_up_to(server: Server, asset_id: int) -> int:
    return int(db_run(server, lambda s: s.scalar(
        select(func.count()).select_from(models.Asset).where(models.Asset.id <= asset_id))))


def test_enabling_a_plugin_rebuilds_in_the_background_and_keeps_writes(
        server: Server, clients: dict[str, Client], monkeypatch: pytest.MonkeyPatch) -> None:
    admin, editor, viewer = clients["admin"], clients["editor"], clients["viewer"]
    first_id, old_host = a_hostname(server)
    # Batch 1 ends with the first computer; the rebuild waits before batch 2 (no lock held)
    # and, in batch 1, inside the thread that folds the texts.
    monkeypatch.setattr(searchrebuild, "BATCH", assets_up_to(server, first_id))
    folding, fold_go, paused, go = (threading.Event() for _ in range(4))
    fold = searchrebuild.postings_of
    checks = 0

    def slow_fold(rows: Any) -> Any:
        folding.set()
        assert fold_go.wait(30)
        return fold(rows)

    still_ours = searchrebuild._still_ours

    async def pausing(session: Any, token: str, *, lock: bool = False) -> None:
        nonlocal checks
        checks += 1
        if checks == 2:
            paused.set()
            await asyncio.to_thread(go.wait, 30)  # the test thread sets it
        await still_ours(session, token, lock=lock)

    monkeypatch.setattr(searchrebuild, "postings_of", slow_fold)
    monkeypatch.setattr(searchrebuild, "_still_ours", pausing)
    stored = reenable_with_stale_index(server, admin)
    try:
        assert folding.wait(30)
        # The fold of batch 1 is stuck in its thread: the worker still answers, and searches
        # scan (the signature is marked building), finding the host name.
        started = time.monotonic()
        assert viewer.data(ME) == {"me": {"username": "viewer"}}
        assert results(viewer, old_host)[0] and not read_index(server, viewer, old_host)
        assert time.monotonic() - started < 5
        assert signature(server)["building"]
        fold_go.set()
        assert paused.wait(30)
        # Between batch 1 and 2: a write to an asset batch 1 did, and a new asset.
        moved, made = fresh(), fresh()
        assert editor.data(UPDATE_COMPUTER, {"id": str(first_id), "input": {"hostname": moved}})[
            "updateComputer"]["errors"] == []
        pc = create(editor, hostname=made)
        go.set()
        wait_for(lambda: not signature(server).get("building"))
    finally:
        fold_go.set()
        go.set()
    assert signature(server) == stored | {"assets": signature(server)["assets"]}
    for text in (moved, made, old_host, "PC-0007"):
        assert read_index(server, viewer, text), text
    found = {text: results(viewer, text) for text in (moved, made, old_host, "PC-0007", "lathe")}
    with scanning(server):
        assert {text: results(viewer, text) for text in found} == found
    assert len(found[moved][0]) == 1
    assert found[made][0] == [pc["assetTag"]] and found["PC-0007"][0] == ["PC-0007"]


def test_a_failing_rebuild_is_logged_and_searches_still_answer(
        server: Server, clients: dict[str, Client], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    admin, viewer = clients["admin"], clients["viewer"]
    _, host = a_hostname(server)

    def hostile(rows: Any) -> Any:
        raise RuntimeError("forced fold failure")

    monkeypatch.setattr(searchrebuild, "postings_of", hostile)
    reenable_with_stale_index(server, admin)
    wait_for(lambda: any("search index rebuild failed" in r.getMessage() for r in caplog.records))
    assert viewer.data(ME) == {"me": {"username": "viewer"}}
    assert not read_index(server, viewer, host)
    found = results(viewer, host)
    assert found[0] and found == results(viewer, host)
    monkeypatch.undo()
    assert server.runtime._reindexing is not None and server.runtime._reindexing.done()


def test_a_start_with_a_stale_signature_rebuilds(site: tuple[Server, str, dict[str, Client]],
                                                 tmp_path: Path) -> None:
    first, url, _ = site
    _, host = a_hostname(first)
    if signature(first).get("building") is None:
        without_computers(first)
    assert not read_index(first, site[2]["viewer"], host)
    second = Server(harness.test_settings(url)).start()
    try:
        viewer = Client(second.url, site[2]["viewer"].token)
        wait_for(lambda: searchindex.covers(signature(first), searchindex.spec_of(
            second.runtime.served.active.kinds if second.runtime.served else {})))
        assert read_index(second, viewer, host) and read_index(first, site[2]["viewer"], host)
        found = results(viewer, host)
        with scanning(second):
            assert results(viewer, host) == found and found[0]
    finally:
        second.stop()


def test_the_automatic_rebuild_can_be_turned_off(site: tuple[Server, str, dict[str, Client]]
                                                 ) -> None:
    first, url, _ = site
    stored = without_computers(first)
    second = Server(harness.test_settings(url, search_auto_reindex=False)).start()
    try:
        time.sleep(1)
        assert signature(first) != stored and second.runtime._reindexing is None
    finally:
        second.stop()
        db_run(first, lambda s: set_setting(s, searchindex.SIGNATURE_KEY, stored))


def test_two_rebuilds_at_once_leave_a_correct_index(site: tuple[Server, str, dict[str, Client]],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """As two workers that each committed a toggle: the later run takes over (the earlier
    one stops at its next batch without an error), a write made meanwhile is kept, and the
    index finds what the scan finds."""
    server, url, clients = site
    viewer, editor = clients["viewer"], clients["editor"]
    _, host = a_hostname(server)
    stored = without_computers(server)
    monkeypatch.setattr(searchrebuild, "BATCH", 40)
    kinds = server.runtime.served.active.kinds if server.runtime.served else {}
    written = fresh()
    still_ours = searchrebuild._still_ours
    checks: dict[str, int] = {}

    async def both() -> list[Any]:
        gate, first_paused = asyncio.Event(), asyncio.Event()

        async def pausing(session: Any, token: str, *, lock: bool = False) -> None:
            checks[token] = checks.get(token, 0) + 1
            if len(checks) == 1 and checks[token] == 2:  # the first run, before batch 2
                first_paused.set()
                await gate.wait()
            await still_ours(session, token, lock=lock)

        monkeypatch.setattr(searchrebuild, "_still_ours", pausing)
        dbs = [Database(url), Database(url)]
        try:
            first = asyncio.create_task(searchrebuild.rebuild(dbs[0], kinds))
            await asyncio.wait_for(first_paused.wait(), 30)
            await asyncio.to_thread(create, editor, hostname=written)  # a write meanwhile
            second = await searchrebuild.rebuild(dbs[1], kinds)
            gate.set()
            return [await first, second]
        finally:
            gate.set()
            for db in dbs:
                await db.dispose()

    outcome = asyncio.run(both())
    assert outcome[0] is None and outcome[1] is not None and len(checks) == 2, outcome
    assert signature(server) == stored | {"assets": outcome[1].assets}
    texts = (host, written, "PC-0007")
    assert all(read_index(server, viewer, t) for t in texts)
    found = {t: results(viewer, t) for t in texts}
    with scanning(server):
        assert {t: results(viewer, t) for t in texts} == found
    assert all(found[t][0] for t in texts)
