"""Events out (#17 part 5): changes become events after they commit; webhooks get them
POSTed, signed, retried and logged, and a slow receiver never holds up the request. A real
HTTP receiver runs in the test; the app runs over HTTP on its own database."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests import harness
from tests.harness import Client

pytestmark = pytest.mark.once

CREATE_HOOK = """mutation($input: WebhookInput!) { createWebhook(input: $input) {
  webhook { id name url events isActive } secret errors { code field message } } }"""
UPDATE_HOOK = """mutation($id: ID!, $input: WebhookUpdateInput!) { updateWebhook(id: $id, input: $input) {
  webhook { isActive events } errors { code message } } }"""
DELIVERIES = """query($id: ID) { webhookDeliveries(webhookId: $id, first: 200) {
  id eventType status attempts responseCode error payload } }"""
PING = """mutation($id: ID!) { pingWebhook(id: $id) { delivery { id } errors { code } } }"""
PC = """mutation($input: ComputerInput!) { createComputer(input: $input) {
  computer { id hostname } errors { code message } } }"""
UPDATE_PC = """mutation($id: ID!, $input: ComputerUpdateInput!) { updateComputer(id: $id, input: $input) {
  computer { id } errors { code message } } }"""


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    done_at: float = 0.0

    @property
    def event(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.body)
        return value


@dataclass
class Receiver:
    """A webhook receiver: records every POST; ``answer`` decides each status (and delay)."""

    url: str = ""
    got: list[Received] = field(default_factory=list)
    answer: Callable[[int], tuple[int, float]] = lambda n: (200, 0.0)

    def wait_for(self, predicate: Callable[[Received], bool], count: int = 1,
                 timeout: float = 15) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [r for r in list(self.got) if predicate(r)]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no {count} matching deliveries in {timeout} s: "
                             f"{[r.event.get('type') for r in self.got]}")


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    box = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            received = Received({k.lower(): v for k, v in self.headers.items()}, body)
            box.got.append(received)
            status, delay = box.answer(len(box.got))
            time.sleep(delay)
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok")
            received.done_at = time.monotonic()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield box
    server.shutdown()


@dataclass
class Site:
    server: harness.Server
    admin: Client
    editor: Client


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp: Path = tmp_path_factory.mktemp("webhooks")
    with harness.fresh_database(tmp) as url:
        harness.prepare(harness.test_settings(url))
        server = harness.Server(harness.test_settings(
            url, webhook_retry_seconds=0.2, webhook_max_attempts=3,
            webhook_timeout_seconds=2, webhook_allow_loopback=True)).start()
        try:
            anonymous = Client(server.url)
            tokens = {r: harness.login(anonymous, r, p)["accessToken"]
                      for r, p in harness.PASSWORDS.items()}
            yield Site(server, anonymous.as_token(tokens["admin"]), anonymous.as_token(tokens["editor"]))
        finally:
            server.stop()


def hook(site: Site, receiver: Receiver, events: list[str], **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = site.admin.data(CREATE_HOOK, {"input": {
        "name": f"test {uuid.uuid4().hex[:6]}", "url": receiver.url, "events": events,
        **extra}})["createWebhook"]
    assert payload["errors"] == [], payload
    return payload


def pc(site: Site) -> dict[str, Any]:
    name = f"WH-{uuid.uuid4().hex[:8]}"
    made: dict[str, Any] = site.editor.data(PC, {"input": {"name": name, "hostname": name}})[
        "createComputer"]
    assert made["errors"] == [], made
    computer: dict[str, Any] = made["computer"]
    return computer


def test_a_change_is_posted_signed_after_it_commits(site: Site, receiver: Receiver) -> None:
    made = hook(site, receiver, ["asset.created", "asset.updated"])
    secret = made["secret"]
    assert secret and len(secret) >= 32
    assert "secret" not in json.dumps(site.admin.data("{ webhooks { id name url events } }"))
    computer = pc(site)
    [got] = receiver.wait_for(lambda r: r.event["type"] == "asset.created"
                              and r.event["data"]["id"] == computer["id"])
    event = got.event
    assert event["data"]["actor"] == "editor" and event["data"]["objectType"] == "asset"
    assert event["data"]["changes"]["hostname"]["new"] == computer["hostname"]
    assert got.headers["x-shopdb-event"] == "asset.created"
    stamp = got.headers["x-shopdb-timestamp"]
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + got.body, hashlib.sha256)
    assert got.headers["x-shopdb-signature"] == f"sha256={expected.hexdigest()}"
    site.editor.data(UPDATE_PC, {"id": computer["id"], "input": {"notes": "moved"}})
    [update] = receiver.wait_for(lambda r: r.event["type"] == "asset.updated"
                                 and r.event["data"]["id"] == computer["id"])
    assert update.event["data"]["changes"]["notes"] == {"old": None, "new": "moved"}
    log = site.admin.data(DELIVERIES, {"id": made["webhook"]["id"]})["webhookDeliveries"]
    mine = [d for d in log if d["payload"]["data"]["id"] == computer["id"]]
    assert {d["status"] for d in mine} == {"delivered"} and all(d["responseCode"] == 200 for d in mine)
    site.admin.data(UPDATE_HOOK, {"id": made["webhook"]["id"], "input": {"isActive": False}})


def test_a_refused_change_sends_nothing(site: Site, receiver: Receiver) -> None:
    made = hook(site, receiver, ["asset.created"])
    computer = pc(site)
    receiver.wait_for(lambda r: r.event["data"].get("id") == computer["id"])
    before = len(site.admin.data(DELIVERIES, {"id": made["webhook"]["id"]})["webhookDeliveries"])
    # The same hostname again: refused with CONFLICT, rolled back, so no event either.
    refused = site.editor.data(PC, {"input": {"name": "dup", "hostname": computer["hostname"]}})
    assert refused["createComputer"]["errors"][0]["code"] == "CONFLICT"
    time.sleep(1.5)
    after = site.admin.data(DELIVERIES, {"id": made["webhook"]["id"]})["webhookDeliveries"]
    assert len(after) == before
    site.admin.data(UPDATE_HOOK, {"id": made["webhook"]["id"], "input": {"isActive": False}})
    pc(site)  # an inactive webhook queues nothing
    time.sleep(0.5)
    assert len(site.admin.data(DELIVERIES, {"id": made["webhook"]["id"]})["webhookDeliveries"]) == before


def test_failures_are_retried_then_given_up_and_logged(site: Site, receiver: Receiver) -> None:
    made = hook(site, receiver, ["webhook.ping"])
    hook_id = made["webhook"]["id"]
    first = len(receiver.got)
    receiver.answer = lambda n: (500, 0.0) if n - first <= 2 else (200, 0.0)
    try:
        ping = site.admin.data(PING, {"id": hook_id})
        delivery_id = ping["pingWebhook"]["delivery"]["id"]
        receiver.wait_for(lambda r: r.headers["x-shopdb-delivery"] == delivery_id, count=3)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            [entry] = [d for d in site.admin.data(DELIVERIES, {"id": hook_id})["webhookDeliveries"]
                       if d["id"] == delivery_id]
            if entry["status"] != "pending":
                break
            time.sleep(0.1)
        assert entry["status"] == "delivered" and entry["attempts"] == 3, entry
        # Always failing: three attempts, then failed with the reason.
        receiver.answer = lambda n: (503, 0.0)
        again = site.admin.data(PING, {"id": hook_id})
        failing = again["pingWebhook"]["delivery"]["id"]
        receiver.wait_for(lambda r: r.headers["x-shopdb-delivery"] == failing, count=3)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            [entry] = [d for d in site.admin.data(DELIVERIES, {"id": hook_id})["webhookDeliveries"]
                       if d["id"] == failing]
            if entry["status"] == "failed":
                break
            time.sleep(0.1)
        assert entry["status"] == "failed" and entry["attempts"] == 3
        assert entry["responseCode"] == 503 and entry["error"].startswith("HTTP 503")
        # An admin sends it again once the receiver is fixed.
        receiver.answer = lambda n: (200, 0.0)
        site.admin.data(f'mutation {{ redeliverWebhookDelivery(id: "{failing}") {{ errors {{ code }} }} }}')
        receiver.wait_for(lambda r: r.headers["x-shopdb-delivery"] == failing, count=4)
    finally:
        receiver.answer = lambda n: (200, 0.0)


def test_a_slow_receiver_never_holds_up_the_request(site: Site, receiver: Receiver) -> None:
    made = hook(site, receiver, ["asset.created"])
    receiver.answer = lambda n: (200, 1.5)
    try:
        computer = pc(site)
        returned = time.monotonic()
        [got] = receiver.wait_for(lambda r: r.event["data"].get("id") == computer["id"]
                                  and r.done_at > 0)
        assert returned < got.done_at  # the mutation answered while the receiver still worked
    finally:
        receiver.answer = lambda n: (200, 0.0)
        site.admin.data(UPDATE_HOOK, {"id": made["webhook"]["id"], "input": {"isActive": False}})


def test_ingest_batches_and_plugin_toggles_are_events(site: Site, receiver: Receiver) -> None:
    made = hook(site, receiver, ["ingest.batch_done", "plugin.toggled", "asset.created"])
    source = f"collector-{uuid.uuid4().hex[:6]}"
    done = site.admin.data("""mutation($s: String!, $r: [ComputerRecord!]!) {
        ingestComputers(source: $s, records: $r) { batchId created } }""",
        {"s": source, "r": [{"hostname": f"ING-{uuid.uuid4().hex[:6]}"},
                            {"hostname": f"ING-{uuid.uuid4().hex[:6]}"}]})["ingestComputers"]
    [batch] = receiver.wait_for(lambda r: r.event["type"] == "ingest.batch_done"
                                and r.event["data"]["source"] == source)
    assert batch.event["data"] == {"kind": "computer", "batchId": done["batchId"],
                                   "source": source, "actor": "admin", "created": 2,
                                   "updated": 0, "unchanged": 0, "rejected": 0}
    # Each record's asset is an event too, with the batch id (one insert for the outbox).
    created = receiver.wait_for(lambda r: r.event["type"] == "asset.created"
                                and r.event["data"]["batchId"] == done["batchId"], count=2)
    assert {c.event["data"]["source"] for c in created} == {source}
    toggle = """mutation($e: Boolean!) { setPluginEnabled(name: "notifications", enabled: $e) {
        errors { message } } }"""
    site.admin.data(toggle, {"e": False})
    site.admin.data(toggle, {"e": True})
    toggled = receiver.wait_for(lambda r: r.event["type"] == "plugin.toggled", count=2)
    assert [t.event["data"]["enabled"] for t in toggled[-2:]] == [False, True]
    assert toggled[-1].event["data"]["plugin"] == "notifications"
    site.admin.data(UPDATE_HOOK, {"id": made["webhook"]["id"], "input": {"isActive": False}})


def test_only_admins_manage_webhooks_and_bad_input_is_refused(site: Site, receiver: Receiver) -> None:
    refused = site.editor.execute("{ webhooks { id } }")
    assert harness.error_codes(refused) == ["FORBIDDEN"]
    cases: list[tuple[dict[str, Any], str]] = [
                       ({"url": "ftp://example.org/x"}, "url"),
                       ({"url": "http://user:pw@example.org/x"}, "url"),
                       ({"url": "not a url"}, "url"),
                       ({"events": ["nope.never"]}, "events"), ({"events": []}, "events"),
                       ({"secret": "short"}, "secret"), ({"name": "  "}, "name")]
    for bad, at in cases:
        values = {"name": "x", "url": receiver.url, "events": ["asset.created"], **bad}
        errors = site.admin.data(CREATE_HOOK, {"input": values})["createWebhook"]["errors"]
        assert [e["field"] for e in errors] == [["input", at]], (bad, errors)
        assert errors[0]["code"] == "INVALID"
    types = site.admin.data("{ webhookEventTypes { name description } }")["webhookEventTypes"]
    assert {"asset.created", "ingest.batch_done", "plugin.toggled"} <= {t["name"] for t in types}
    made = hook(site, receiver, ["asset.deleted"], secret="a-secret-of-my-own-1234")
    assert made["secret"] is None  # given, so not echoed back
    gone = site.admin.data(f'mutation {{ deleteWebhook(id: "{made["webhook"]["id"]}") {{ deletedId }} }}')
    assert gone["deleteWebhook"]["deletedId"] == made["webhook"]["id"]
    assert site.admin.data(DELIVERIES, {"id": made["webhook"]["id"]})["webhookDeliveries"] == []


def test_webhooks_may_not_reach_the_server_itself_or_link_local_addresses(
        tmp_path: Path, receiver: Receiver) -> None:
    """With SHOPDB_WEBHOOK_ALLOW_LOOPBACK off (the default), an admin cannot aim the server
    at its own ports or a cloud metadata service, by URL or by a name that resolves there."""
    with harness.fresh_database(tmp_path) as url:
        harness.prepare(harness.test_settings(url), demo=False)
        server = harness.Server(harness.test_settings(url, webhook_retry_seconds=0.2)).start()
        try:
            admin = Client(server.url).as_token(
                harness.login(Client(server.url), "admin", harness.PASSWORDS["admin"])["accessToken"])
            for target in ("http://127.0.0.1:8000/graphql", "http://localhost/x",
                           "http://169.254.169.254/latest/meta-data", "http://[::1]:22/",
                           "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/"):
                errors = admin.data(CREATE_HOOK, {"input": {
                    "name": "probe", "url": target, "events": ["webhook.ping"]}})["createWebhook"]["errors"]
                assert [e["field"] for e in errors] == [["input", "url"]], (target, errors)
            # A spelling that only resolves to this machine passes the form (127.1 is
            # 127.0.0.1 to the resolver), but is refused when sent.
            made = admin.data(CREATE_HOOK, {"input": {"name": "sneaky", "events": ["webhook.ping"],
                                                      "url": "http://127.1:9/x"}})["createWebhook"]
            assert made["errors"] == []
            sent = admin.data(PING, {"id": made["webhook"]["id"]})["pingWebhook"]["delivery"]["id"]
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                [entry] = [d for d in admin.data(DELIVERIES, {"id": made["webhook"]["id"]})[
                    "webhookDeliveries"] if d["id"] == sent]
                if entry["status"] != "pending":
                    break
                time.sleep(0.1)
            assert entry["status"] == "failed" and "not allowed" in entry["error"], entry
            assert entry["attempts"] == 1  # refused at once, not retried
        finally:
            server.stop()


@pytest.mark.parametrize("database", ["sqlite", "mariadb"])
def test_two_workers_send_each_delivery_exactly_once(tmp_path: Path, receiver: Receiver,
                                                     database: str) -> None:
    """Two server processes' senders share the delivery table: each delivery is claimed by
    one of them, never sent twice."""
    if database == "mariadb" and not harness.mysql_answers():
        print("SKIPPING MariaDB: nothing answers on 127.0.0.1:3306")
        pytest.skip("no MariaDB/MySQL on 127.0.0.1:3306")
    databases = harness.local_mysql_database() if database == "mariadb" else harness.fresh_database(tmp_path)
    with databases as url:
        harness.prepare(harness.test_settings(url), demo=False)
        settings = harness.test_settings(url, webhook_allow_loopback=True, webhook_retry_seconds=0.2)
        first, second = harness.Server(settings).start(), harness.Server(settings).start()
        try:
            admin = Client(first.url).as_token(
                harness.login(Client(first.url), "admin", harness.PASSWORDS["admin"])["accessToken"])
            name = f"twice? {uuid.uuid4().hex[:8]}"  # the receiver outlives this database
            made = admin.data(CREATE_HOOK, {"input": {"name": name, "url": receiver.url,
                                                      "events": ["webhook.ping"]}})["createWebhook"]
            hook_id = made["webhook"]["id"]
            # Pings through both servers: each wakes its own sender, both poll the table.
            other = Client(second.url, admin.token)
            sent = [(admin if n % 2 else other).data(PING, {"id": hook_id})["pingWebhook"][
                "delivery"]["id"] for n in range(30)]
            receiver.wait_for(lambda r: r.event["data"].get("name") == name, count=30)
            time.sleep(1.5)  # anything sent twice would have arrived by now
            got = [r for r in receiver.got if r.event.get("data", {}).get("name") == name]
            ids = [r.headers["x-shopdb-delivery"] for r in got]
            assert sorted(ids) == sorted(sent), (len(ids), len(sent))
        finally:
            first.stop()
            second.stop()


def test_each_database_has_its_own_webhooks(site: Site, receiver: Receiver, tmp_path: Path) -> None:
    """Subscriptions are cached per database: a second site in the same process (tests run
    several) never queues deliveries for the first one's webhooks."""
    made = hook(site, receiver, ["asset.created"])
    with harness.fresh_database(tmp_path) as url:
        harness.prepare(harness.test_settings(url), demo=False)
        other = harness.Server(harness.test_settings(url, webhook_allow_loopback=True)).start()
        try:
            editor = Client(other.url).as_token(
                harness.login(Client(other.url), "editor", harness.PASSWORDS["editor"])["accessToken"])
            pc(site)  # the first site's subscriptions are freshly read now...
            name = f"OTHER-{uuid.uuid4().hex[:6]}"  # ...and the second site writes at once
            made_there = editor.data(PC, {"input": {"name": name, "hostname": name}})["createComputer"]
            assert made_there["errors"] == [], made_there
            admin = Client(other.url).as_token(
                harness.login(Client(other.url), "admin", harness.PASSWORDS["admin"])["accessToken"])
            assert admin.data(DELIVERIES, {"id": None})["webhookDeliveries"] == []
        finally:
            other.stop()
    site.admin.data(UPDATE_HOOK, {"id": made["webhook"]["id"], "input": {"isActive": False}})
