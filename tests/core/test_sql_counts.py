"""List queries cost a fixed number of SQL statements, whatever the page size (no N+1)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness import Client, Server

ASSETS = """query($n: Int) { assets(first: $n) { totalCount nodes {
  id name status { name } location { name parent { name } }
  position { x y source }
  relationships { type source { name } target { name } }
  history(first: 3) { action }
} } }"""

AUDIT_LOG = """query($n: Int) { auditLog(first: $n) { totalCount
  edges { cursor node { id action actorName objectType objectId changes { field old new } } }
  pageInfo { hasNextPage endCursor } } }"""

KINDS = "query($n: Int) { assets(first: $n) { nodes { kind } } }"
LOCATIONS = "{ locations { id name mapX parent { id name parent { name } } } }"


def statements(server: Server, client: Client, query: str,
               variables: dict[str, Any] | None = None) -> list[str]:
    """SQL statements the server ran for one request (the schema poller's reads left out)."""
    server.counter.reset()
    data = client.data(query, variables)
    assert data
    return [s for s in server.counter.statements if "FROM settings" not in s]


def test_asset_page_statement_count_does_not_grow_with_the_page(
    server: Server, viewer: Client
) -> None:
    small = statements(server, viewer, ASSETS, {"n": 10})
    large = statements(server, viewer, ASSETS, {"n": 100})
    # One extension query per asset kind on the page, whatever its length: the only
    # difference allowed between the pages is the kinds the larger one adds.
    kinds = {n: {node["kind"] for node in viewer.data(KINDS, {"n": n})["assets"]["nodes"]}
             for n in (10, 100)}
    assert len(large) - len(small) <= len(kinds[100] - kinds[10]), (small, large)
    assert 5 <= len(large) <= 15 + len(kinds[100]), large


def test_asset_page_really_loads_the_nested_fields(viewer: Client) -> None:
    nodes = viewer.data(ASSETS, {"n": 100})["assets"]["nodes"]
    assert len(nodes) == 100
    assert all(n["status"]["name"] for n in nodes)
    assert any(n["location"] and n["location"]["parent"] for n in nodes)
    assert {n["position"]["source"] for n in nodes if n["position"]} >= {"ASSET", "RELATED_ASSET"}
    assert any(r["source"]["name"] and r["target"]["name"]
               for n in nodes for r in n["relationships"])


@pytest.mark.parametrize("kinds", [["computer"], ["equipment"]])
def test_filtered_pages_cost_the_same(server: Server, viewer: Client, kinds: list[str]) -> None:
    query = ASSETS.replace("assets(first: $n)", "assets(first: $n, filter: {kinds: $kinds})") \
        .replace("query($n: Int)", "query($n: Int, $kinds: [String!])")
    small = statements(server, viewer, query, {"n": 5, "kinds": kinds})
    large = statements(server, viewer, query, {"n": 40, "kinds": kinds})
    assert len(small) == len(large) <= 15


def test_audit_log_statement_count_is_constant(server: Server, viewer: Client) -> None:
    small = statements(server, viewer, AUDIT_LOG, {"n": 5})
    large = statements(server, viewer, AUDIT_LOG, {"n": 50})
    assert len(small) == len(large) <= 3, large


def test_locations_statement_count_is_constant(server: Server, viewer: Client) -> None:
    sent = statements(server, viewer, LOCATIONS)
    assert len(sent) <= 4, sent
    locations = viewer.data(LOCATIONS)["locations"]
    assert len(locations) >= 28
    assert sum(1 for loc in locations if loc["parent"] and loc["parent"]["parent"]) >= 24



# The benchmark's page (tests/benchmarks/run.py, issue #18): the main list of the app.
BENCH = """query($n: Int) { assets(first: $n) { totalCount nodes { id assetTag name kind
  serialNumber status { name } location { name } position { x y source }
  relationships { type targetId } } } }"""


def test_the_benchmark_page_costs_four_statements(server: Server, viewer: Client) -> None:
    """The page with its count, status, location, relationships: no kind's extension rows,
    since the page reads only the Asset interface's fields (issue #18 asks at most 6)."""
    small = statements(server, viewer, BENCH, {"n": 10})
    large = statements(server, viewer, BENCH, {"n": 100})
    assert len(small) == len(large) == 4, large
    # The total of every asset is the counts the writes keep, not a count of every row.
    assert "FROM assetcounts" in large[0] and "LIMIT" in large[0], large[0]
    assert not any("count(*)" in s for s in large), large
    assert not any("FROM computers" in s or "FROM equipment" in s for s in large), large


def test_a_filtered_page_counts_its_matches(server: Server, viewer: Client) -> None:
    """Only a list of every asset (or every asset of some kinds) reads the kept counts: a
    filter on anything else counts the rows it matches."""
    status = viewer.data("{ assetStatuses { id } }")["assetStatuses"][0]["id"]
    query = """query($s: [ID!]) { assets(first: 5, filter: {statuses: $s}) { totalCount
        nodes { id } } }"""
    found = statements(server, viewer, query, {"s": [status]})
    assert "count(*)" in found[0] and "assetcounts" not in found[0], found[0]


def test_an_empty_page_still_counts(viewer: Client) -> None:
    """The total rides in the page's statement; a page past the end has no row to carry it."""
    total = viewer.data("{ assets(first: 1) { totalCount } }")["assets"]["totalCount"]
    last = viewer.data("query($n: Int) { assets(first: $n) { pageInfo { endCursor } } }",
                       {"n": total})["assets"]["pageInfo"]["endCursor"]
    empty = viewer.data("query($a: String) { assets(first: 5, after: $a) { totalCount "
                        "nodes { id } pageInfo { hasNextPage } } }", {"a": last})["assets"]
    assert empty["nodes"] == [] and not empty["pageInfo"]["hasNextPage"]
    assert empty["totalCount"] == total > 0
