"""The read path reads plain rows (shopdb_gql/db/rows.py) and builds only what is selected.

Pages of assets are read as rows of the tables' columns, not ORM instances; a page whose
selection reads only the Asset interface's fields loads no kind's extension rows, and its
objects (which lack them) are never handed to another field of the request.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from shopdb_gql.core.loaders import Loaders
from shopdb_gql.core.types import ASSET_INTERFACE_FIELDS
from shopdb_gql.db.base import Base
from tests.harness import Client

PAGE = """query($n: Int) { assets(first: $n) { nodes { id name kind status { name }
  location { name } position { x y source } relationships { type source { id } } } } }"""


def test_pages_build_no_orm_instances(viewer: Client) -> None:
    """The ORM's ``load`` event fires for no row a page, its nested fields, a relationship's
    far end or ``asset(id)`` read."""
    loaded: list[str] = []

    def on_load(target: Any, _context: Any) -> None:
        loaded.append(type(target).__table__.name)

    event.listen(Base, "load", on_load, propagate=True)
    try:
        page = viewer.data(PAGE, {"n": 100})["assets"]["nodes"]
        kinds = viewer.data("""query($n: Int) { assets(first: $n) { nodes { id
            ... on Computer { hostname } ... on Equipment { machineNumber } } } }""", {"n": 100})
        one = viewer.data("query($id: ID!) { asset(id: $id) { name location { name } } }",
                          {"id": page[0]["id"]})
    finally:
        event.remove(Base, "load", on_load)
    assert len(page) == 100 and one["asset"]["name"] == page[0]["name"]
    assert any(n.get("hostname") for n in kinds["assets"]["nodes"])
    assert any(r["source"]["id"] for n in page for r in n["relationships"])
    assert loaded == [], sorted(set(loaded))


def test_the_interface_fields_are_the_schemas(viewer: Client) -> None:
    """The names that decide whether a page loads extension rows are the live interface's."""
    fields = viewer.data('{ __type(name: "Asset") { fields { name } } }')["__type"]["fields"]
    assert {f["name"] for f in fields} | {"__typename"} == ASSET_INTERFACE_FIELDS


def test_a_page_without_kind_fields_answers_as_one_with_them(viewer: Client) -> None:
    """The same interface fields whether or not the selection also reads a kind's fields
    (extension rows loaded or not), and a relationship's far end on the same page still has
    its kind's fields: the page's thinner objects are not reused for it."""
    common = "id name kind serialNumber __typename position { x y source }"
    thin = viewer.data(f"{{ assets(first: 100) {{ nodes {{ {common} }} }} }}")["assets"]["nodes"]
    full = viewer.data(f"""{{ assets(first: 100) {{ nodes {{ {common}
        ... on Computer {{ hostname osName }} }} }} }}""")["assets"]["nodes"]
    assert [{k: n[k] for k in thin[0]} for n in full] == thin
    assert any(n.get("hostname") for n in full)

    linked = viewer.data("""{ assets(first: 100) { nodes { id relationships {
        source { id ... on Computer { hostname } } } } } }""")["assets"]["nodes"]
    sources = {r["source"]["id"]: r["source"] for n in linked for r in n["relationships"]}
    computers = [s for s in sources.values() if "hostname" in s]
    assert computers, "the demo page links computers"
    for source in computers:
        alone = viewer.data("query($id: ID!) { computer(id: $id) { hostname } }",
                            {"id": source["id"]})["computer"]
        assert source["hostname"] == alone["hostname"] and alone["hostname"]


def test_a_page_leaves_its_rows_to_no_cycle(viewer: Client,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A request's loaders are emptied when its answer is made (Loaders.release): graphql-core's
    execution context and the loaders are reference cycles, which kept every row and object
    of the page (about 1,000 for this one) until the cycle collector ran, making each
    collection trace them. Counted with the collector off: what a request leaves to it."""
    released: list[Loaders] = []
    held: list[int] = []  # values each request's status loader held before its release
    original = Loaders.release

    def release(self: Loaders) -> None:
        held.append(len(getattr(self.status_by_id.cache_map, "values", ())))
        original(self)
        released.append(self)

    monkeypatch.setattr(Loaders, "release", release)
    viewer.data(PAGE, {"n": 100})  # caches and plans of this document made
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            assert len(viewer.data(PAGE, {"n": 100})["assets"]["nodes"]) == 100
        left = gc.collect()
    finally:
        gc.enable()
    assert left < 5 * 200, left  # 5 x ~1,000 before; ~110 each after
    assert len(released) == 6 and all(held)
    caches = [loader.cache_map for loaders in released for loader in vars(loaders).values()
              if isinstance(loader, DataLoader)]
    assert len(caches) >= 6 * 10 and not any(
        getattr(cache, "values", None) or getattr(cache, "futures", None) or
        getattr(cache, "cache_map", None) for cache in caches)


def test_pages_rarely_start_a_collection(viewer: Client) -> None:
    """The app collects its young generation every 10,000 net allocations (app.py): a page
    holds a few thousand objects while it is built, so at Python's default of 700 nearly
    every page paid two collections (counted here: 10 or more for five pages)."""
    viewer.data(PAGE, {"n": 100})
    started: list[int] = []

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        for _ in range(5):
            assert len(viewer.data(PAGE, {"n": 100})["assets"]["nodes"]) == 100
    finally:
        gc.callbacks.remove(count)
    assert len(started) <= 3, started


def test_a_page_asks_its_session_for_a_connection_once(
        viewer: Client, editor: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read path's statements (the page, its statuses, locations and links) run on the
    connection the session gave for its transaction, asked for once
    (``db.rows.execute``); after a commit the next transaction's connection is asked for
    anew, and what the commit wrote is read."""
    asked: list[int] = []
    original = AsyncSession.connection

    async def connection(self: AsyncSession, *args: Any, **kwargs: Any) -> Any:
        asked.append(id(self))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(AsyncSession, "connection", connection)
    page = viewer.data(PAGE, {"n": 100})["assets"]["nodes"]
    assert len(page) == 100 and len(asked) == 1

    rename = """mutation($id: ID!, $name: String!) { updateAsset(id: $id, input: {name: $name})
        { asset { name relationships { type } } errors { code } } }"""
    try:
        renamed = editor.data(rename, {"id": page[0]["id"], "name": "renamed"})["updateAsset"]
        assert renamed["errors"] == [] and renamed["asset"]["name"] == "renamed"
        assert renamed["asset"]["relationships"] == [{"type": r["type"]}
                                                     for r in page[0]["relationships"]]
        assert viewer.data(PAGE, {"n": 1})["assets"]["nodes"][0]["name"] == "renamed"
    finally:
        editor.data(rename, {"id": page[0]["id"], "name": page[0]["name"]})
