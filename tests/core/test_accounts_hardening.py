"""Accounts: current role and state on every request, atomic refresh rotation, throttling
that slows guessing without locking anyone out, logins audited for admins only."""

from __future__ import annotations

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.harness import LOGIN, Client, Server, error_codes, login

CREATE_USER = """mutation($i: UserInput!) { createUser(input: $i) { user { id } errors { code } } }"""
UPDATE_USER = """mutation($id: ID!, $i: UserUpdateInput!) { updateUser(id: $id, input: $i) {
  user { id role isActive } errors { code } } }"""
NEW_LOCATION = """mutation($n: String!) { createLocation(input: {name: $n}) {
  location { id } errors { code } } }"""
TOKEN = "mutation($i: ApiTokenInput!) { createApiToken(input: $i) { secret errors { code } } }"
REFRESH = """mutation($t: String) { refreshToken(refreshToken: $t) { accessToken refreshToken
  errors { code message } } }"""
PASSWORD = "a-good-password-1"


def new_user(admin: Client, role: str) -> tuple[str, str]:
    name = f"u-{uuid.uuid4().hex[:8]}"
    made = admin.data(CREATE_USER, {"i": {"username": name, "password": PASSWORD, "role": role}})
    assert made["createUser"]["errors"] == []
    user_id: str = made["createUser"]["user"]["id"]
    return name, user_id


def wait_for(check: Any, seconds: float = 5.0) -> Any:
    """Poll ``check`` until it returns a truthy value (accounts are re-read within ~1 s)."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_a_demoted_admin_loses_admin_rights_within_seconds(server: Server, admin: Client) -> None:
    name, user_id = new_user(admin, "ADMIN")
    theirs = Client(server.url, login(Client(server.url), name, PASSWORD)["accessToken"])
    assert "errors" not in theirs.execute("{ users { id } }")
    admin.data(UPDATE_USER, {"id": user_id, "i": {"role": "VIEWER"}})
    assert wait_for(lambda: error_codes(theirs.execute("{ users { id } }")) == ["FORBIDDEN"])
    # Still a viewer: reading works.
    assert "errors" not in theirs.execute("{ assets(first: 1) { totalCount } }")


def test_a_disabled_user_and_their_api_tokens_stop_at_once(server: Server, admin: Client) -> None:
    name, user_id = new_user(admin, "ADMIN")
    access = login(Client(server.url), name, PASSWORD)["accessToken"]
    theirs = Client(server.url, access)
    secret = theirs.data(TOKEN, {"i": {"name": f"t-{name}", "scopes": ["write"]}})
    their_token = Client(server.url, secret["createApiToken"]["secret"])
    assert "errors" not in their_token.execute("{ assets(first: 1) { totalCount } }")
    admin.data(UPDATE_USER, {"id": user_id, "i": {"isActive": False}})
    def refused() -> dict[str, Any] | None:
        body = theirs.execute(NEW_LOCATION, {"n": f"L-{uuid.uuid4().hex}"})
        return body if error_codes(body) == ["UNAUTHENTICATED"] else None

    body = wait_for(refused)
    assert body and body["data"] is None
    assert error_codes(their_token.execute("{ assets(first: 1) { totalCount } }")) == [
        "UNAUTHENTICATED"]
    # Enabled again: the API token works again; the old access token stays dead (its
    # session was ended), a new login works.
    admin.data(UPDATE_USER, {"id": user_id, "i": {"isActive": True}})
    assert wait_for(lambda: "errors" not in their_token.execute(
        "{ assets(first: 1) { totalCount } }"))
    assert error_codes(theirs.execute("{ assets(first: 1) { totalCount } }")) == [
        "UNAUTHENTICATED"]
    assert login(Client(server.url), name, PASSWORD)["accessToken"]


def test_a_password_change_ends_every_session(server: Server, admin: Client) -> None:
    name, user_id = new_user(admin, "EDITOR")
    session = login(Client(server.url), name, PASSWORD)
    admin.data(UPDATE_USER, {"id": user_id, "i": {"password": "another-password-2"}})
    old = Client(server.url, session["accessToken"])
    assert wait_for(lambda: error_codes(old.execute("{ me { id } }")) in (["UNAUTHENTICATED"], [])
                    and old.execute("{ me { id } }")["data"]["me"] is None)
    refreshed = Client(server.url).data(REFRESH, {"t": session["refreshToken"]})["refreshToken"]
    assert refreshed["accessToken"] is None and refreshed["errors"][0]["code"] == (
        "INVALID_CREDENTIALS")


def test_one_refresh_token_exchanged_eight_times_at_once_wins_once(server: Server,
                                                                   admin: Client) -> None:
    name, _ = new_user(admin, "VIEWER")
    for _trial in range(3):
        refresh = login(Client(server.url), name, PASSWORD)["refreshToken"]

        def exchange(_: int, refresh: str = refresh) -> dict[str, Any]:
            client = Client(server.url, None, httpx.Client(timeout=60))
            result: dict[str, Any] = client.data(REFRESH, {"t": refresh})["refreshToken"]
            return result

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(exchange, range(8)))
        winners = [r for r in results if r["accessToken"]]
        assert len(winners) == 1, results
        assert all(r["errors"][0]["code"] == "INVALID_CREDENTIALS" for r in results
                   if not r["accessToken"])


def test_failures_slow_the_guesser_down_but_never_lock_the_owner_out(server: Server,
                                                                     admin: Client) -> None:
    name, _ = new_user(admin, "VIEWER")
    guesser = Client(server.url)
    codes = []
    for _ in range(5):
        body = guesser.post(LOGIN, {"u": name, "p": "wrong-guess"}).json()
        codes.append(body["data"]["login"]["errors"][0]["code"])
    assert codes == ["INVALID_CREDENTIALS"] * 5
    # The next attempt, even with the right password, must wait: 2 s, doubling with each
    # further failure (never a lock an attacker could keep shut).
    throttled = guesser.post(LOGIN, {"u": name, "p": PASSWORD}).json()["data"]["login"]
    assert [e["code"] for e in throttled["errors"]] == ["THROTTLED"]
    stated = re.search(r"try again in (\d+) s", throttled["errors"][0]["message"])
    assert stated is not None
    seconds = int(stated[1])
    assert 1 <= seconds <= 2
    time.sleep(seconds + 0.2)
    assert login(Client(server.url), name, PASSWORD)["accessToken"]


def test_logins_are_audited_for_admins_only(admin: Client, viewer: Client, anon: Client) -> None:
    name, _ = new_user(admin, "VIEWER")
    assert anon.data(LOGIN, {"u": name, "p": "not-it"})["login"]["errors"]
    login(anon, name, PASSWORD)
    query = """query($id: String!) { auditLog(filter: {objectType: "login", objectId: $id}) {
      totalCount nodes { action summary actorName } } }"""
    entries = admin.data(query, {"id": name})["auditLog"]
    assert {e["action"] for e in entries["nodes"]} == {"login", "login_failed"}
    assert all("127.0.0.1" in e["summary"] for e in entries["nodes"])
    assert all("not-it" not in str(e) and PASSWORD not in str(e) for e in entries["nodes"])
    hidden = viewer.data(query, {"id": name})["auditLog"]
    assert hidden == {"totalCount": 0, "nodes": []}
    everything = viewer.data('{ auditLog(first: 500) { nodes { objectType } } }')["auditLog"]
    assert not {"user", "apitoken", "login"} & {n["objectType"] for n in everything["nodes"]}
