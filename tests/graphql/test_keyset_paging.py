"""Keyset cursors: a cursor holds its row's sort keys, the next page starts after them.

Over HTTP on a demo site of this module's own (rows are added and deleted). Each ordering
a list offers, with NULLs and ties, must walk every row exactly once in the order one big
page gives; rows added or deleted before the cursor must not shift the next page; the next
page must be an index range, not an OFFSET scan; and a cursor must be ours to be read.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from tests import harness
from tests.harness import Client, error_codes

ASSETS = """query($filter: AssetFilter, $orderBy: [AssetOrder!], $first: Int, $after: String) {
  assets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id } } } }"""

NO_TOTAL = """query($first: Int, $after: String) {
  assets(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }"""

COMPUTERS = """query($orderBy: [ComputerOrder!], $first: Int, $after: String) {
  computers(orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id hostname } } }"""

AUDIT = """query($first: Int, $after: String) { auditLog(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id } } }"""


class Site:
    def __init__(self, server: harness.Server, viewer: Client, editor: Client) -> None:
        self.server, self.viewer, self.editor = server, viewer, editor


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with harness.demo_site(tmp_path_factory.mktemp("keyset")) as (server, _, clients):
        yield Site(server, clients["viewer"], clients["editor"])


def walk(client: Client, query: str, field: str, size: int, **variables: Any) -> list[str]:
    """Every id of the list, page by page; checks hasNextPage and hasPreviousPage on the way."""
    seen: list[str] = []
    after: str | None = None
    for number in range(1000):
        result = client.data(query, {**variables, "first": size, "after": after})[field]
        nodes = result.get("nodes") or [e["node"] for e in result.get("edges", [])]
        seen += [n["id"] for n in nodes]
        info = result["pageInfo"]
        if "hasPreviousPage" in info:
            assert info["hasPreviousPage"] is (number > 0)
        if not info["hasNextPage"]:
            assert len(nodes) <= size
            return seen
        assert len(nodes) == size and info["endCursor"]
        after = info["endCursor"]
    raise AssertionError("paging did not stop")


def one_page(client: Client, query: str, field: str, **variables: Any) -> list[str]:
    result = client.data(query, {**variables, "first": 500})[field]
    nodes = result.get("nodes") or [e["node"] for e in result.get("edges", [])]
    return [n["id"] for n in nodes]


ORDERINGS = [
    [],
    [{"field": "NAME"}],
    [{"field": "NAME", "direction": "DESC"}],
    [{"field": "KIND"}],
    [{"field": "STATUS", "direction": "DESC"}],
    [{"field": "SERIAL_NUMBER"}],  # NULLs and ties
    [{"field": "SERIAL_NUMBER", "direction": "DESC"}],
    [{"field": "LAST_SEEN_AT"}],  # a nullable time
    [{"field": "LAST_SEEN_AT", "direction": "DESC"}],
    [{"field": "KIND", "direction": "DESC"}, {"field": "LAST_SEEN_AT"}, {"field": "NAME"}],
    [{"field": "UPDATED_AT", "direction": "DESC"}],
]


@pytest.mark.parametrize("order", ORDERINGS, ids=lambda o: "-".join(
    f"{x['field']}{'-desc' if x.get('direction') == 'DESC' else ''}" for x in o) or "default")
def test_every_ordering_walks_each_asset_once_in_order(site: Site, order: list[Any]) -> None:
    expected = one_page(site.viewer, ASSETS, "assets", orderBy=order)
    assert len(expected) >= 200
    assert walk(site.viewer, ASSETS, "assets", 17, orderBy=order) == expected


@pytest.mark.parametrize("order", [
    [{"field": "HOSTNAME"}], [{"field": "OS_NAME", "direction": "DESC"}],
    [{"field": "LAST_BOOT_AT"}, {"field": "PC_TYPE", "direction": "DESC"}],
])
def test_a_kind_list_walks_by_its_own_columns(site: Site, order: list[Any]) -> None:
    expected = one_page(site.viewer, COMPUTERS, "computers", orderBy=order)
    assert len(expected) >= 70
    assert walk(site.viewer, COMPUTERS, "computers", 9, orderBy=order) == expected


def test_the_audit_log_walks_newest_first_once(site: Site) -> None:
    expected = one_page(site.viewer, AUDIT, "auditLog")
    assert walk(site.viewer, AUDIT, "auditLog", 50) == expected


CREATE = """mutation($input: ComputerInput!) { createComputer(input: $input) {
  computer { id } errors { code message } } }"""
DELETE = "mutation($id: ID!) { deleteAsset(id: $id) { errors { code } } }"


def test_rows_added_or_removed_before_the_cursor_do_not_shift_the_next_page(site: Site) -> None:
    order = [{"field": "NAME"}]
    flt = {"kinds": ["computer"]}
    before = one_page(site.viewer, ASSETS, "assets", orderBy=order, filter=flt)
    first = site.viewer.data(ASSETS, {"orderBy": order, "filter": flt, "first": 10})["assets"]
    cursor = first["pageInfo"]["endCursor"]
    # A new row sorting first (an offset cursor would repeat a row) and a row of page one
    # deleted (an offset cursor would skip one).
    made = site.editor.data(CREATE, {"input": {"name": f"!aaa {uuid.uuid4().hex[:6]}",
                                               "hostname": f"kz{uuid.uuid4().hex[:8]}"}})
    assert made["createComputer"]["errors"] == [], made
    gone = site.editor.data(DELETE, {"id": before[3]})["deleteAsset"]
    assert gone["errors"] == []
    second = site.viewer.data(ASSETS, {"orderBy": order, "filter": flt, "first": 10,
                                       "after": cursor})["assets"]
    assert [e["node"]["id"] for e in second["edges"]] == before[10:20]
    # And the deleted cursor row itself: the page after it still starts where it stood.
    row_cursor = first["edges"][3]["cursor"]
    after_gone = site.viewer.data(ASSETS, {"orderBy": order, "filter": flt, "first": 3,
                                           "after": row_cursor})["assets"]
    assert [e["node"]["id"] for e in after_gone["edges"]] == before[4:7]


def test_a_deep_page_is_a_range_and_skips_the_count_nobody_asked_for(site: Site) -> None:
    ids = one_page(site.viewer, NO_TOTAL, "assets")
    page = site.viewer.data(NO_TOTAL, {"first": 150})["assets"]
    site.server.counter.reset()
    deep = site.viewer.data(NO_TOTAL, {"first": 20, "after": page["pageInfo"]["endCursor"]})
    counter = site.server.counter
    sent = [s for s in counter.statements if "FROM settings" not in s]
    assert [n["id"] for n in deep["assets"]["nodes"]] == ids[150:170]
    page_reads = [(s, p) for s, p in zip(counter.statements, counter.parameters, strict=True)
                  if "FROM assets" in s and "LIMIT" in s]
    assert len(page_reads) == 1, sent
    statement, parameters = page_reads[0]
    assert "assets.id >" in statement, statement
    # SQLite's dialect always writes OFFSET after LIMIT: then it must be 0.
    assert "OFFSET" not in statement or list(parameters)[-1] == 0, (statement, parameters)
    assert not any("count(" in s.lower() or "assetcounts" in s for s in sent), sent
    site.server.counter.reset()
    site.viewer.data(ASSETS, {"first": 20, "after": page["pageInfo"]["endCursor"]})
    # Asked for, the total of every asset is read once, from the counts the writes keep.
    totals = [s for s in site.server.counter.statements if "assetcounts" in s or "count(" in s]
    assert len(totals) == 1 and "FROM assetcounts" in totals[0], totals


def cursor_of(body: Any) -> str:
    return base64.urlsafe_b64encode(b"shopdb:v2:" + orjson.dumps(body)).decode()


def test_cursors_are_checked_before_they_reach_the_database(site: Site) -> None:
    by_name = site.viewer.data(ASSETS, {"orderBy": [{"field": "NAME"}], "first": 5})["assets"]
    good = by_name["pageInfo"]["endCursor"]
    fingerprint, values = orjson.loads(base64.urlsafe_b64decode(good)[len(b"shopdb:v2:"):])
    assert isinstance(values[0], str) and isinstance(values[1], int)

    other = site.viewer.execute(ASSETS, {"orderBy": [{"field": "KIND"}], "after": good})
    assert error_codes(other) == ["BAD_USER_INPUT"]
    assert "another order" in other["errors"][0]["message"]

    forged = [
        [fingerprint, [values[0], "1 OR 1=1"]],  # a string where the id is compared
        [fingerprint, [1.5, values[1]]],  # a number where the name is compared
        [fingerprint, [values[0]]],  # too few values
        [fingerprint, [values[0], values[1], 3]],  # too many
        [fingerprint, {"name": values[0]}],
        [fingerprint, [{"t": "not a time"}, values[1]]],
        [fingerprint, [{"x": "y"}, values[1]]],
        [fingerprint],
        "just a string",
    ]
    for body in forged:
        answer = site.viewer.execute(ASSETS, {"orderBy": [{"field": "NAME"}],
                                              "after": cursor_of(body)})
        assert error_codes(answer) == ["BAD_USER_INPUT"], (body, answer)
    for raw in (b"shopdb:v2:{not json", b"shopdb:v2:", "shopdb:v2:\u00ff".encode("latin-1")):
        answer = site.viewer.execute(ASSETS, {"after": base64.urlsafe_b64encode(raw).decode()})
        assert error_codes(answer) == ["BAD_USER_INPUT"], (raw, answer)
    huge = cursor_of([fingerprint, ["x" * 5000, 1]])
    answer = site.viewer.execute(ASSETS, {"orderBy": [{"field": "NAME"}], "after": huge})
    assert error_codes(answer) == ["BAD_USER_INPUT"]
    assert len(answer["errors"][0]["message"]) < 300


def test_an_offset_cursor_from_before_still_continues(site: Site) -> None:
    ids = one_page(site.viewer, ASSETS, "assets")
    old = base64.urlsafe_b64encode(b"shopdb:v1:9").decode()
    page = site.viewer.data(ASSETS, {"first": 5, "after": old})["assets"]
    assert [e["node"]["id"] for e in page["edges"]] == ids[10:15]
    assert page["pageInfo"]["hasPreviousPage"] is True
    # ... and hands out keyset cursors from there on.
    following = site.viewer.data(ASSETS, {"first": 5, "after": page["pageInfo"]["endCursor"]})
    assert [e["node"]["id"] for e in following["assets"]["edges"]] == ids[15:20]


def test_cursors_are_encoded_only_for_what_a_query_reads(site: Site,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's edges and their cursors are made when the query reads ``edges``: a list
    asking for ``nodes`` encodes the first and last cursor only (its pageInfo's), and the
    cursors it does make are the ones the edges would carry."""
    from shopdb_gql.graphql import connection

    encoded: list[str] = []
    encode = connection.encode_keyset

    def counting(*args: Any, **kwargs: Any) -> str:
        encoded.append(cursor := encode(*args, **kwargs))
        return cursor

    monkeypatch.setattr(connection, "encode_keyset", counting)  # the server runs in-process
    nodes = site.viewer.data("{ assets(first: 20) { pageInfo { startCursor endCursor } "
                             "nodes { id } } }")["assets"]
    assert len(nodes["nodes"]) == 20
    assert len(encoded) == 2
    assert encoded == [nodes["pageInfo"]["startCursor"], nodes["pageInfo"]["endCursor"]]
    encoded.clear()
    edges = site.viewer.data("{ assets(first: 20) { pageInfo { startCursor endCursor } "
                             "edges { cursor node { id } } } }")["assets"]
    assert len(encoded) == 22
    cursors = [edge["cursor"] for edge in edges["edges"]]
    assert [edge["node"]["id"] for edge in edges["edges"]] == [n["id"] for n in nodes["nodes"]]
    assert cursors[0] == nodes["pageInfo"]["startCursor"]
    assert cursors[-1] == nodes["pageInfo"]["endCursor"]
    assert len(set(cursors)) == 20


def test_first_pages_reuse_their_statement_only_without_values(site: Site) -> None:
    """A first page's statement is built once per shape of the list's query (its size a
    parameter); a query holding values (a filter's) is built per request, so the values
    of one request never answer another."""
    from shopdb_gql.graphql import connection

    page = ("query($n: Int, $f: AssetFilter) { assets(first: $n, filter: $f) { "
            "totalCount nodes { id kind } } }")
    everything = site.viewer.data(page, {"n": 500})["assets"]
    before = len(connection._FIRST_PAGES)
    sizes = [len(site.viewer.data(page, {"n": n})["assets"]["nodes"]) for n in (3, 7, 1)]
    assert sizes == [3, 7, 1]
    assert len(connection._FIRST_PAGES) == before  # the same statement, three sizes
    short = site.viewer.data(page, {"n": 7})["assets"]
    assert [n["id"] for n in short["nodes"]] == [n["id"] for n in everything["nodes"][:7]]
    assert short["totalCount"] == everything["totalCount"]
    kinds = sorted({n["kind"] for n in everything["nodes"]})
    assert len(kinds) >= 2
    for kind in kinds:
        found = site.viewer.data(page, {"n": 500, "f": {"kinds": [kind]}})["assets"]
        assert {n["kind"] for n in found["nodes"]} == {kind}
        assert found["totalCount"] == sum(n["kind"] == kind for n in everything["nodes"])
    assert len(connection._FIRST_PAGES) == before  # filters' values: never kept
