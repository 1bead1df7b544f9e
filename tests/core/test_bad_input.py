"""Bad input is answered with a clear error, never a 500, and never half-writes anything."""

from __future__ import annotations

import asyncio
import base64
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import create_async_engine

from shopdb_gql.core.models import Asset, AuditEntry
from tests.harness import Client, Server, error_codes

ASSETS_PAGE = "query($first: Int, $after: String) { assets(first: $first, after: $after) { totalCount } }"


def _messages(body: dict[str, Any]) -> str:
    return " ".join(e.get("message", "") for e in body.get("errors") or []).lower()


def _refused(client: Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST ``query``; assert a 200/4xx answer with at least one error message, no data leak."""
    response = client.post(query, variables)
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.text
    body: dict[str, Any] = response.json()
    assert body.get("errors") and all(e.get("message") for e in body["errors"]), body
    return body


# --- malformed requests --------------------------------------------------------------------------

def test_syntax_error(viewer: Client) -> None:
    body = _refused(viewer, "{ assets(first: 1) { totalCount }")
    assert "syntax error" in _messages(body)


def test_wrong_variable_type(viewer: Client) -> None:
    body = _refused(viewer, ASSETS_PAGE, {"first": "ten"})
    assert "$first" in _messages(body) and "int" in _messages(body)


def test_unknown_field_fails_validation(viewer: Client) -> None:
    body = _refused(viewer, "{ assets { totalCount price } }")
    assert "cannot query field 'price'" in _messages(body)


def test_non_json_body_is_refused(server: Server, viewer: Client) -> None:
    auth = {"authorization": f"Bearer {viewer.token}"}
    broken = viewer.http.post(f"{server.url}/graphql", content=b"{not json",
                              headers={**auth, "content-type": "application/json"})
    assert 400 <= broken.status_code < 500, broken.text
    plain = viewer.http.post(f"{server.url}/graphql", content=b"{ me { id } }",
                             headers={**auth, "content-type": "text/plain"})
    assert 400 <= plain.status_code < 500, plain.text


def test_huge_body_is_413(server: Server, viewer: Client) -> None:
    padding = "x" * (10 * 1024 * 1024)
    response = viewer.post("query($pad: String) { me { id } }", {"pad": padding})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_get_with_html_accept_serves_graphiql(server: Server, anon: Client) -> None:
    response = anon.http.get(f"{server.url}/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


# --- paging --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("variables", "words"), [
    ({"first": 501}, ("501", "500")),
    ({"first": -1}, ("first",)),
    ({"after": "garbage"}, ("cursor", "garbage")),
    ({"after": base64.urlsafe_b64encode(b"shopdb:v1:-3").decode()}, ("cursor",)),
    ({"after": base64.urlsafe_b64encode(b"offset:10").decode()}, ("cursor",)),
])
def test_bad_paging_is_bad_user_input(viewer: Client, variables: dict[str, Any],
                                      words: tuple[str, ...]) -> None:
    body = viewer.execute(ASSETS_PAGE, variables)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert all(w in _messages(body) for w in words), body


def test_paging_limits_are_inclusive(viewer: Client) -> None:
    assert viewer.data(ASSETS_PAGE, {"first": 500})["assets"]["totalCount"] >= 200
    assert viewer.data(ASSETS_PAGE, {"first": 0})["assets"]["totalCount"] >= 200


# --- query cost limits ---------------------------------------------------------------------------

def _nested(pairs: int) -> str:
    inner = "id"
    for _ in range(pairs):
        inner = f"relationships {{ source {{ relationships {{ target {{ {inner} }} }} }} }}"
    return f"{{ assets(first: 1) {{ nodes {{ {inner} }} }} }}"


def test_depth_limit(viewer: Client) -> None:
    assert viewer.data(_nested(2))["assets"]  # depth 11: within the limit of 12
    body = _refused(viewer, _nested(3))  # depth 15
    assert "depth" in _messages(body)


def _aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: assetStatuses {{ id }}" for i in range(count)) + " }"


def test_alias_limit(viewer: Client) -> None:
    assert len(viewer.data(_aliases(30))) == 30
    body = _refused(viewer, _aliases(31))
    assert "aliases" in _messages(body)


def test_token_limit(viewer: Client) -> None:
    fields = " ".join("id" for _ in range(4100))
    body = _refused(viewer, f"{{ assetStatuses {{ {fields} }} }}")
    assert "token" in _messages(body)


# --- failed writes write nothing ----------------------------------------------------------------

SNAPSHOT = """query($id: ID!, $oid: String!) {
  asset(id: $id) { assetTag name serialNumber notes status { id } location { id }
                   position { x y source } relationships { id } updatedAt }
  auditLog(filter: {objectType: "asset", objectId: $oid}) { totalCount }
}"""


def _run(database_url: str, statement: Any) -> Any:
    """Execute one SQL statement on the test database (outside the server)."""

    async def run() -> Any:
        engine = create_async_engine(database_url)
        try:
            async with engine.begin() as conn:
                return await conn.execute(statement)
        finally:
            await engine.dispose()

    return asyncio.run(run())


@pytest.fixture
def own_asset(admin: Client, database_url: str) -> Iterator[str]:
    """A fresh asset of this test's own (inserted directly: core has no createAsset)."""
    status = admin.data("{ assetStatuses { id } }")["assetStatuses"][0]["id"]
    tag = f"BAD-{uuid.uuid4().hex[:10]}"
    key = _run(database_url, insert(Asset).values(
        assettag=tag, name=f"bad input {tag}", kind="equipment", statusid=int(status),
        notes="original", mapx=10.0, mapy=20.0)).inserted_primary_key
    yield str(key[0])
    # Leave no trace: others count the demo assets, and SQLite may reuse the id.
    _run(database_url, delete(Asset).where(Asset.id == key[0]))
    _run(database_url, delete(AuditEntry).where(AuditEntry.objecttype == "asset",
                                                AuditEntry.objectid == str(key[0])))


def _snapshot(client: Client, asset_id: str) -> dict[str, Any]:
    return client.data(SNAPSHOT, {"id": asset_id, "oid": asset_id})


def _other_tag(client: Client) -> str:
    tag: str = client.data("{ assets(first: 1) { nodes { assetTag } } }")["assets"]["nodes"][0]["assetTag"]
    return tag


UPDATE = """mutation($id: ID!, $input: AssetUpdateInput!) {
  updateAsset(id: $id, input: $input) { asset { id } errors { code field message } }
}"""
FAILED_WRITES: list[tuple[str, str, dict[str, Any], str]] = [
    ("unknown status", UPDATE, {"input": {"name": "changed", "statusId": "987654321"}}, "NOT_FOUND"),
    ("non-numeric status", UPDATE, {"input": {"notes": "changed", "statusId": "abc"}}, "INVALID"),
    ("null status", UPDATE, {"input": {"name": "changed", "statusId": None}}, "REQUIRED"),
    ("blank name", UPDATE, {"input": {"notes": "changed", "name": "   "}}, "INVALID"),
    ("unknown location", UPDATE, {"input": {"notes": "changed", "locationId": "987654321"}},
     "NOT_FOUND"),
    ("taken asset tag", UPDATE, {"input": {"notes": "changed", "assetTag": "<other>"}}, "CONFLICT"),
    ("half a position",
     "mutation($id: ID!) { setAssetPosition(id: $id, x: 1.0) { errors { code field message } } }",
     {}, "INVALID"),
    ("relate to itself",
     'mutation($id: ID!) { relateAssets(input: {sourceId: $id, targetId: $id, type: "controls"}) '
     "{ errors { code field message } } }", {}, "INVALID"),
]


@pytest.mark.parametrize(("document", "variables", "code"),
                         [pytest.param(d, v, c, id=name) for name, d, v, c in FAILED_WRITES])
def test_failed_write_changes_nothing(editor: Client, own_asset: str, document: str,
                                      variables: dict[str, Any], code: str) -> None:
    before = _snapshot(editor, own_asset)
    assert before["asset"]["notes"] == "original"
    sent = {"id": own_asset, **variables}
    if sent.get("input", {}).get("assetTag") == "<other>":
        sent["input"] = {**sent["input"], "assetTag": _other_tag(editor)}

    payload = next(iter(editor.data(document, sent).values()))
    assert [e["code"] for e in payload["errors"]] == [code], payload
    assert payload["errors"][0]["message"]
    assert _snapshot(editor, own_asset) == before


def test_invalid_variables_and_forbidden_writes_change_nothing(
    editor: Client, viewer: Client, own_asset: str
) -> None:
    before = _snapshot(editor, own_asset)
    body = _refused(editor, UPDATE, {"id": own_asset, "input": {"notes": "changed", "statusId": 5.5,
                                                                "bogus": 1}})
    assert "bogus" in _messages(body)
    forbidden = viewer.execute(UPDATE, {"id": own_asset, "input": {"notes": "changed"}})
    assert error_codes(forbidden) == ["FORBIDDEN"]
    assert _snapshot(editor, own_asset) == before


def test_a_valid_write_does_change_the_snapshot(editor: Client, own_asset: str) -> None:
    # Guards the tests above: the snapshot must see a real change and its audit entry.
    before = _snapshot(editor, own_asset)
    payload = editor.data(UPDATE, {"id": own_asset, "input": {"notes": "changed"}})["updateAsset"]
    assert payload["errors"] == []
    after = _snapshot(editor, own_asset)
    assert after["asset"]["notes"] == "changed"
    assert after["auditLog"]["totalCount"] == before["auditLog"]["totalCount"] + 1


# --- values a column cannot hold (hardening #8, #9) ---------------------------------------------

NOTES_MUTATION = """mutation($id: ID!, $notes: String) { setAssetNotes(id: $id, notes: $notes) {
  asset { notes } errors { field code message } } }"""
POSITION = """mutation($id: ID!, $x: Float, $y: Float) { setAssetPosition(id: $id, x: $x, y: $y) {
  asset { mapX mapY } errors { field code message } } }"""


def _an_asset(client: Client) -> dict[str, Any]:
    node: dict[str, Any] = client.data("{ assets(first: 1) { nodes { id notes mapX mapY } } }"
                                       )["assets"]["nodes"][0]
    return node


def test_text_longer_than_its_column_is_a_field_error_and_writes_nothing(editor: Client,
                                                                        admin: Client) -> None:
    asset = _an_asset(editor)
    too_long = editor.data(NOTES_MUTATION, {"id": asset["id"], "notes": "n" * 10_001})
    errors = too_long["setAssetNotes"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", ["notes"])]
    assert "10,000" in errors[0]["message"]
    assert _an_asset(editor)["notes"] == asset["notes"]
    fits = editor.data(NOTES_MUTATION, {"id": asset["id"], "notes": "n" * 10_000})
    assert fits["setAssetNotes"]["errors"] == []
    user = admin.data("""mutation($i: UserInput!) { createUser(input: $i) { user { id }
      errors { field code } } }""", {"i": {"username": f"long-{uuid.uuid4().hex[:6]}",
                                          "password": "long-pass-123", "role": "VIEWER",
                                          "displayName": "D" * 1_000_000}})["createUser"]
    assert user == {"user": None, "errors": [{"field": ["input", "displayName"],
                                              "code": "INVALID"}]}


def test_coordinates_are_finite_and_bounded(editor: Client, admin: Client) -> None:
    asset = _an_asset(editor)
    far = editor.data(POSITION, {"id": asset["id"], "x": 2e7, "y": 1.0})["setAssetPosition"]
    assert [(e["code"], e["field"]) for e in far["errors"]] == [("INVALID", ["x"])]
    literal = editor.execute(f'mutation {{ setAssetPosition(id: "{asset["id"]}", x: 1e400, y: 1) '
                             "{ errors { code } } }")
    assert error_codes(literal) == ["BAD_USER_INPUT"] and literal.get("data") is None
    place = admin.execute('mutation { createLocation(input: {name: "Far away", mapX: 1e400, '
                          "mapY: 1}) { errors { code } } }")
    assert error_codes(place) == ["BAD_USER_INPUT"]
    after = _an_asset(editor)
    assert (after["mapX"], after["mapY"]) == (asset["mapX"], asset["mapY"])


@pytest.mark.parametrize("when", ["2024-01-01T00:00:00", "0001-01-01T00:00:00+05:00",
                                  "not a date", "10000-01-01T00:00:00Z"])
def test_datetimes_need_a_zone_and_a_range(viewer: Client, when: str) -> None:
    body = viewer.execute("query($s: DateTime) { auditLog(filter: {since: $s}) { totalCount } }",
                          {"s": when})
    assert error_codes(body) == ["BAD_USER_INPUT"], body
    literal = viewer.execute(f'{{ auditLog(filter: {{since: "{when}"}}) {{ totalCount }} }}')
    assert error_codes(literal) and "INTERNAL_SERVER_ERROR" not in error_codes(literal)
