"""``notificationEvents`` over graphql-transport-ws with a real websocket client: auth, events,
and delivery to subscribers on every worker of ``shopdb serve --workers 2``."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests import harness
from tests.plugins.bundled import PluginSite, plugin_site, private_plugins_dir

SUBSCRIBE = "subscription { notificationEvents { kind at notification { id title locations { name } } } }"
CREATE = """mutation($title: String!) { createNotification(input: {title: $title, message: "m"}) {
  notification { id } errors { code } } }"""
UPDATE = """mutation($id: ID!) {
  updateNotification(id: $id, input: {title: "edited"}) { errors { code } } }"""
SHOPDB = Path(sys.executable).parent / "shopdb"


def ws_url(http_url: str) -> str:
    return http_url.replace("http://", "ws://") + "/graphql"


async def subscriber(url: str, token: str | None) -> ClientConnection:
    """A socket that sent connection_init (with the token) and subscribed; ack checked."""
    ws = await connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert ack["type"] == "connection_ack", ack
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    return ws


async def next_event(ws: ClientConnection, notice_id: str, within: float = 8) -> dict[str, Any]:
    """The next event about ``notice_id`` (others' events are skipped)."""
    async with asyncio.timeout(within):
        while True:
            message = json.loads(await ws.recv())
            assert message["type"] == "next", message
            event: dict[str, Any] = message["payload"]["data"]["notificationEvents"]
            if event["notification"]["id"] == notice_id:
                return event


def create_notice(url: str, token: str, title: str) -> str:
    body = harness.Client(url, token).data(CREATE, {"title": title})["createNotification"]
    assert body["errors"] == []
    return str(body["notification"]["id"])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PluginSite]:
    with plugin_site(Path(tmp_path_factory.mktemp("live")), "notifications") as s:
        yield s


def test_connection_without_valid_token_is_refused(site: PluginSite) -> None:
    async def refused(token: str | None) -> int | None:
        async with connect(ws_url(site.server.url),
                           subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            payload = {"Authorization": f"Bearer {token}"} if token else {}
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
            return ws.close_code

    assert asyncio.run(refused(None)) == 4403
    assert asyncio.run(refused("not-a-jwt")) == 4403


def test_subscriber_receives_activated_then_updated(site: PluginSite) -> None:
    token = site.clients["editor"].token
    assert token

    async def scenario() -> list[dict[str, Any]]:
        ws = await subscriber(ws_url(site.server.url), site.clients["viewer"].token)
        try:
            await asyncio.sleep(1.5)  # the poller has read its baseline
            notice = await asyncio.to_thread(create_notice, site.server.url, token, "live one")
            first = await next_event(ws, notice)
            await asyncio.to_thread(harness.Client(site.server.url, token).data, UPDATE,
                                    {"id": notice})
            second = await next_event(ws, notice)
            return [first, second]
        finally:
            await ws.close()

    first, second = asyncio.run(scenario())
    assert (first["kind"], first["notification"]["title"]) == ("ACTIVATED", "live one")
    assert (second["kind"], second["notification"]["title"]) == ("UPDATED", "edited")


def _worker_pids_with_connections(port: int) -> set[str]:
    """PIDs holding established server-side connections on ``port`` (via ``ss``)."""
    out = subprocess.run(["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True, check=False).stdout
    return {part.split("pid=")[1].split(",")[0] for part in out.split() if "pid=" in part}


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[str]:
    plugins = private_plugins_dir(tmp_path, ["notifications"])
    with harness.fresh_database(tmp_path) as url:
        harness.prepare(harness.test_settings(url, bundled_plugins_dir=plugins), demo=False)
        port = harness.free_port()
        env = {"SHOPDB_DATABASE_URL": url, "SHOPDB_ENV": "test",
               "SHOPDB_BUNDLED_PLUGINS_DIR": str(plugins), "SHOPDB_PLUGIN_PATHS": "[]",
               "SHOPDB_LOG_LEVEL": "WARNING"}
        base = f"http://127.0.0.1:{port}"
        with harness.spawned([str(SHOPDB), "serve", "--workers", "2", "--port", str(port)],
                             f"{base}/readyz", tmp_path / "serve.log", env=env, cwd=tmp_path):
            yield base


@pytest.mark.slow
def test_every_worker_delivers_to_its_subscribers(two_workers: str) -> None:
    base = two_workers
    port = int(base.rsplit(":", 1)[1])
    token = harness.login(harness.Client(base), "editor", harness.PASSWORDS["editor"])["accessToken"]

    async def scenario() -> tuple[set[str], list[dict[str, Any]]]:
        sockets: list[ClientConnection] = []
        try:
            pids: set[str] = set()
            while len(sockets) < 6 or (len(pids) < 2 and len(sockets) < 40):
                sockets.append(await subscriber(ws_url(base), token))
                pids = await asyncio.to_thread(_worker_pids_with_connections, port)
            await asyncio.sleep(1.5)
            notice = await asyncio.to_thread(create_notice, base, token, "everyone")
            events = await asyncio.gather(*(next_event(ws, notice, within=10) for ws in sockets))
            return pids, list(events)
        finally:
            await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)

    pids, events = asyncio.run(scenario())
    assert len(pids) == 2, f"sockets did not reach both workers: {pids}"
    assert [e["kind"] for e in events] == ["ACTIVATED"] * len(events)
    assert all(e["notification"]["title"] == "everyone" for e in events)
