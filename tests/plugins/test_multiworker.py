"""A toggle reaches every worker process of ``shopdb serve --workers 2``."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import harness
from tests.plugins.conftest import PLUGINS_DIR

SHOPDB = Path(sys.executable).parent / "shopdb"
PROPAGATION_SECONDS = 2.0
STREAK = 20
WIDGETS = "{ dummyWidgets(first: 1) { totalCount } }"


def post(url: str, query: str, token: str, variables: dict[str, object] | None = None) -> dict[str, object]:
    """One request on a fresh connection, so that consecutive requests spread over the workers."""
    response = httpx.post(f"{url}/graphql", json={"query": query, "variables": variables or {}},
                          headers={"authorization": f"Bearer {token}", "connection": "close"},
                          timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def sees_plugin_disabled(body: dict[str, object]) -> bool:
    errors = body.get("errors")
    return isinstance(errors, list) and any(
        "Cannot query field 'dummyWidgets'" in str(e.get("message")) for e in errors)


@pytest.fixture
def two_workers(dummy_database: str, tmp_path: Path) -> Iterator[str]:
    port = harness.free_port()
    env = {"SHOPDB_DATABASE_URL": dummy_database, "SHOPDB_ENV": "test",
           "SHOPDB_PLUGIN_PATHS": str(PLUGINS_DIR), "SHOPDB_LOG_LEVEL": "WARNING"}
    url = f"http://127.0.0.1:{port}"
    with harness.spawned([str(SHOPDB), "serve", "--workers", "2", "--port", str(port)],
                         f"{url}/readyz", tmp_path / "serve.log", env=env, cwd=tmp_path):
        yield url


@pytest.mark.slow
def test_disable_reaches_every_worker(two_workers: str) -> None:
    url = two_workers
    anonymous = harness.Client(url)
    token = harness.login(anonymous, "admin", harness.PASSWORDS["admin"])["accessToken"]
    for _ in range(STREAK):
        assert not post(url, WIDGETS, token).get("errors")

    toggled = post(url, """mutation { setPluginEnabled(name: "dummy", enabled: false) {
        plugin { enabled } errors { code } } }""", token)
    assert toggled["data"] == {"setPluginEnabled": {"plugin": {"enabled": False}, "errors": []}}
    toggled_at = time.monotonic()

    # A streak of consecutive requests that all see the new schema must begin within the bound.
    streak, streak_started = 0, None
    while streak < STREAK:
        if sees_plugin_disabled(post(url, WIDGETS, token)):
            if streak == 0:
                streak_started = time.monotonic()
            streak += 1
        else:
            streak, streak_started = 0, None
            assert time.monotonic() - toggled_at < PROPAGATION_SECONDS, \
                "a worker still served the old schema after the propagation bound"
    assert streak_started is not None
    assert streak_started - toggled_at < PROPAGATION_SECONDS
