"""The notifications plugin over real HTTP: queries, mutations, audit, toggling, SQL counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Client, error_codes
from tests.plugins.bundled import PluginSite, plugin_site

FIELDS = ("id title message severity startsAt endsAt createdBy isActive "
          "locations { id name } assets { id name }")
CREATE = f"""mutation($input: NotificationInput!) {{
  createNotification(input: $input) {{ notification {{ {FIELDS} }} errors {{ field message code }} }}
}}"""
UPDATE = f"""mutation($id: ID!, $input: NotificationUpdateInput!) {{
  updateNotification(id: $id, input: $input) {{ notification {{ {FIELDS} }} errors {{ field message code }} }}
}}"""
DELETE = """mutation($id: ID!) { deleteNotification(id: $id) { deletedId errors { field code } } }"""
LIST = """query($first: Int, $after: String, $activeOnly: Boolean) {
  notifications(first: $first, after: $after, activeOnly: $activeOnly) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id title isActive }
  }
}"""
ACTIVE = "{ activeNotifications { id title severity isActive } }"
HISTORY = """query($id: String!) { auditLog(filter: {objectType: "notification", objectId: $id}) {
  nodes { action actorName changes { field old new } } } }"""
TOGGLE = """mutation($enabled: Boolean!) {
  setPluginEnabled(name: "notifications", enabled: $enabled) { plugin { enabled } errors { message } }
}"""
PAGE = """query($first: Int) { notifications(first: $first) {
  nodes { id title locations { name parent { name } } assets { name status { name } location { name } } }
} }"""


def iso(delta: timedelta = timedelta()) -> str:
    return (datetime.now(UTC) + delta).isoformat()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("notifications")), "notifications") as s:
        yield s


@pytest.fixture(scope="module")
def editor(site: PluginSite) -> Client:
    return site.clients["editor"]


@pytest.fixture(scope="module")
def targets(editor: Client) -> dict[str, list[dict[str, Any]]]:
    locations = editor.data("{ locations { id name } }")["locations"]
    assets = editor.data("{ assets(first: 5) { nodes { id name } } }")["assets"]["nodes"]
    return {"locations": locations[:3], "assets": assets}


def create(client: Client, **fields: Any) -> dict[str, Any]:
    values = {"title": f"notice {uuid.uuid4().hex[:6]}", "message": "Mind the gap.", **fields}
    payload: dict[str, Any] = client.data(CREATE, {"input": values})["createNotification"]
    assert payload["errors"] == [], payload
    notice: dict[str, Any] = payload["notification"]
    return notice


def test_demo_notices_and_active_lists(editor: Client) -> None:
    everything = editor.data(LIST, {"first": 50})["notifications"]
    assert everything["totalCount"] >= 3
    active = editor.data(ACTIVE)["activeNotifications"]
    assert {n["title"] for n in active} >= {"Compressed air maintenance", "Welcome to shopdb"}
    assert all(n["isActive"] for n in active)
    assert active[0]["severity"] == "WARNING"  # most severe first
    only_active = editor.data(LIST, {"activeOnly": True})["notifications"]["nodes"]
    assert {n["id"] for n in only_active} == {n["id"] for n in active}
    upcoming = [n for n in everything["nodes"] if n["title"] == "Network switch firmware update"]
    assert upcoming and not upcoming[0]["isActive"]


def test_create_update_delete_with_targets_and_audit(
    editor: Client, targets: dict[str, list[dict[str, Any]]]
) -> None:
    location, asset = targets["locations"][0], targets["assets"][0]
    notice = create(editor, severity="CRITICAL", locationIds=[location["id"]],
                    assetIds=[asset["id"]], endsAt=iso(timedelta(hours=2)))
    assert notice["isActive"] and notice["createdBy"] == "editor"
    assert notice["locations"] == [location] and notice["assets"] == [asset]
    assert notice["id"] in {n["id"] for n in editor.data(ACTIVE)["activeNotifications"]}

    later = iso(timedelta(days=1))
    updated = editor.data(UPDATE, {"id": notice["id"], "input": {
        "title": "Moved", "startsAt": later, "endsAt": None, "assetIds": []}})["updateNotification"]
    assert updated["errors"] == []
    changed = updated["notification"]
    assert (changed["title"], changed["isActive"], changed["endsAt"], changed["assets"]) == \
        ("Moved", False, None, [])
    assert changed["locations"] == [location] and changed["message"] == "Mind the gap."

    history = editor.data(HISTORY, {"id": notice["id"]})["auditLog"]["nodes"]
    assert [n["action"] for n in history] == ["update", "create"]
    fields = {c["field"] for c in history[0]["changes"]}
    assert fields == {"title", "startsat", "endsat", "assets"}

    deleted = editor.data(DELETE, {"id": notice["id"]})["deleteNotification"]
    assert deleted == {"deletedId": notice["id"], "errors": []}
    assert editor.data("query($id: ID!) { notification(id: $id) { id } }",
                       {"id": notice["id"]})["notification"] is None
    assert editor.data(HISTORY, {"id": notice["id"]})["auditLog"]["nodes"][0]["action"] == "delete"


def test_typed_errors(editor: Client) -> None:
    cases = [({"title": " ", "message": "x"}, ["input", "title"], "REQUIRED"),
             ({"title": "x", "message": ""}, ["input", "message"], "REQUIRED"),
             ({"title": "x" * 201, "message": "x"}, ["input", "title"], "INVALID"),
             ({"title": "x", "message": "x", "startsAt": iso(), "endsAt": iso(-timedelta(hours=1))},
              ["input", "endsAt"], "INVALID"),
             ({"title": "x", "message": "x", "locationIds": ["987654"]},
              ["input", "locationIds", "0"], "NOT_FOUND"),
             ({"title": "x", "message": "x", "assetIds": ["987654"]},
              ["input", "assetIds", "0"], "NOT_FOUND")]
    for values, field, code in cases:
        payload = editor.data(CREATE, {"input": values})["createNotification"]
        assert payload["notification"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)], values
    missing = editor.data(UPDATE, {"id": "987654", "input": {"title": "x"}})["updateNotification"]
    assert [e["code"] for e in missing["errors"]] == ["NOT_FOUND"]
    missing = editor.data(DELETE, {"id": "987654"})["deleteNotification"]
    assert [e["code"] for e in missing["errors"]] == ["NOT_FOUND"]


def test_permissions(site: PluginSite) -> None:
    anon = Client(site.server.url)
    assert error_codes(anon.execute(ACTIVE)) == ["UNAUTHENTICATED"]
    viewer = site.clients["viewer"]
    assert viewer.data(ACTIVE)["activeNotifications"]
    body = viewer.execute(CREATE, {"input": {"title": "x", "message": "y"}})
    assert error_codes(body) == ["FORBIDDEN"]


def request_statements(site: PluginSite) -> list[str]:
    return [s for s in site.server.counter.statements
            if "FROM settings" not in s and "FROM pluginstates" not in s]


def test_statement_count_same_for_10_and_100(
    site: PluginSite, editor: Client, targets: dict[str, list[dict[str, Any]]]
) -> None:
    total = editor.data(LIST, {"first": 0})["notifications"]["totalCount"]
    for n in range(max(0, 101 - total)):
        create(editor, locationIds=[targets["locations"][n % 3]["id"]],
               assetIds=[a["id"] for a in targets["assets"][: n % 4]])
    counts = []
    for first in (10, 100):
        site.server.counter.reset()
        nodes = editor.data(PAGE, {"first": first})["notifications"]["nodes"]
        assert len(nodes) == first and any(n["assets"] for n in nodes)
        counts.append(len(request_statements(site)))
    assert counts[0] == counts[1], counts


def test_disable_and_enable_keeps_data(site: PluginSite) -> None:
    admin = site.clients["admin"]
    notice = create(admin, title="survives a toggle")
    assert admin.data(TOGGLE, {"enabled": False})["setPluginEnabled"]["errors"] == []
    try:
        body = admin.execute(ACTIVE)
        assert body.get("data") is None
        assert any("activeNotifications" in e["message"] for e in body["errors"])
    finally:
        assert admin.data(TOGGLE, {"enabled": True})["setPluginEnabled"]["errors"] == []
    again = admin.data("query($id: ID!) { notification(id: $id) { title } }", {"id": notice["id"]})
    assert again["notification"] == {"title": "survives a toggle"}
