"""Account self-service over HTTP: my password, my sessions, my API tokens; admins see
last login, its address and the account's source; logins are audited for admins only."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.harness import Client, Server, error_codes, login

SESSIONS = "{ mySessions { id address userAgent current lastUsedAt createdAt } }"
CHANGE = """mutation($c: String!, $n: String!) { changeMyPassword(currentPassword: $c, newPassword: $n)
  { user { username } errors { code field message } } }"""
LOGIN = """mutation($u: String!, $p: String!) { login(username: $u, password: $p)
  { accessToken refreshToken errors { code } } }"""
REFRESH = """mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken errors { code } } }"""


def _new_user(admin: Client, password: str = "first-pass-1") -> str:
    name = f"acct-{uuid.uuid4().hex[:8]}"
    created = admin.data("""mutation($i: UserInput!) { createUser(input: $i) { errors { code } } }""",
                         {"i": {"username": name, "password": password, "role": "VIEWER"}})
    assert created["createUser"]["errors"] == []
    return name


def _session(server: Server, name: str, password: str, agent: str) -> tuple[Client, str]:
    """Log in as a client with its own User-Agent; (client with the access token, refresh)."""
    http = httpx.Client(timeout=30, headers={"user-agent": agent})
    result = Client(server.url, None, http).data(LOGIN, {"u": name, "p": password})["login"]
    assert result["errors"] == []
    return Client(server.url, result["accessToken"], http), result["refreshToken"]


def test_change_my_password_ends_other_sessions(server: Server, admin: Client) -> None:
    name = _new_user(admin)
    mine, _ = _session(server, name, "first-pass-1", "browser-A")
    other, other_refresh = _session(server, name, "first-pass-1", "browser-B")
    wrong = mine.data(CHANGE, {"c": "not-it-at-all", "n": "second-pass-2"})["changeMyPassword"]
    assert [e["code"] for e in wrong["errors"]] == ["INVALID_CREDENTIALS"]
    short = mine.data(CHANGE, {"c": "first-pass-1", "n": "short"})["changeMyPassword"]
    assert short["errors"][0]["code"] == "INVALID" and short["errors"][0]["field"] == ["newPassword"]
    done = mine.data(CHANGE, {"c": "first-pass-1", "n": "second-pass-2"})["changeMyPassword"]
    assert done == {"user": {"username": name}, "errors": []}
    assert "UNAUTHENTICATED" in error_codes(other.execute("{ mySessions { id } }"))
    anonymous = Client(server.url)
    assert anonymous.data(REFRESH, {"t": other_refresh})["refreshToken"]["errors"] != []
    assert login(anonymous, name, "first-pass-1")["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert login(anonymous, name, "second-pass-2")["errors"] == []


def test_sessions_list_and_revoke(server: Server, admin: Client) -> None:
    name = _new_user(admin)
    a, _ = _session(server, name, "first-pass-1", "browser-A")
    _, b_refresh = _session(server, name, "first-pass-1", "browser-B")
    c, _ = _session(server, name, "first-pass-1", "browser-C")
    sessions = a.data(SESSIONS)["mySessions"]
    assert sorted(s["userAgent"] for s in sessions) == ["browser-A", "browser-B", "browser-C"]
    assert {s["address"] for s in sessions} == {"127.0.0.1"}
    b_id = next(s["id"] for s in sessions if s["userAgent"] == "browser-B")
    # someone else's session is not found, whoever asks
    assert admin.data("mutation($i: ID!) { revokeMySession(id: $i) { revoked errors { code } } }",
                      {"i": b_id})["revokeMySession"]["errors"][0]["code"] == "NOT_FOUND"
    done = a.data("mutation($i: ID!) { revokeMySession(id: $i) { revoked errors { code } } }",
                  {"i": b_id})["revokeMySession"]
    assert done == {"revoked": 1, "errors": []}
    assert Client(server.url).data(REFRESH, {"t": b_refresh})["refreshToken"]["errors"] != []
    assert sorted(s["userAgent"] for s in a.data(SESSIONS)["mySessions"]) == ["browser-A",
                                                                             "browser-C"]
    # C's client holds its refresh cookie too: that session is C's own and stays
    assert c.data("mutation { revokeMyOtherSessions { revoked } }")[
        "revokeMyOtherSessions"]["revoked"] == 1
    assert [s["userAgent"] for s in c.data(SESSIONS)["mySessions"]] == ["browser-C"]
    # a caller without any refresh cookie has no current session: all of them end
    bare = Client(server.url, c.token)
    assert bare.data("mutation { revokeMyOtherSessions { revoked } }")[
        "revokeMyOtherSessions"]["revoked"] == 1
    assert bare.data(SESSIONS)["mySessions"] == []


def test_cookie_session_is_marked_current_and_kept(server: Server, admin: Client) -> None:
    name = _new_user(admin)
    _session(server, name, "first-pass-1", "browser-A")
    http = httpx.Client(timeout=30, headers={"user-agent": "browser-cookie"})
    http.post(f"{server.url}/graphql", json={"query": LOGIN, "variables": {"u": name,
                                                                              "p": "first-pass-1"}})

    def ask(query: str) -> dict[str, Any]:
        body: dict[str, Any] = http.post(f"{server.url}/graphql", json={"query": query}, headers={
            "x-csrf-token": http.cookies.get("shopdb_csrf") or ""}).json()
        return body["data"]

    current = [s["userAgent"] for s in ask(SESSIONS)["mySessions"] if s["current"]]
    assert current == ["browser-cookie"]
    assert ask("mutation { revokeMyOtherSessions { revoked } }")["revokeMyOtherSessions"] == {
        "revoked": 1}
    assert [s["userAgent"] for s in ask(SESSIONS)["mySessions"]] == ["browser-cookie"]


def test_my_api_tokens(server: Server, admin: Client, editor: Client) -> None:
    created = admin.data("""mutation { createApiToken(input: {name: "mine", scopes: ["read"]})
                            { apiToken { id } } }""")["createApiToken"]["apiToken"]["id"]
    assert created in [t["id"] for t in admin.data("{ myApiTokens { id } }")["myApiTokens"]]
    assert created not in [t["id"] for t in editor.data("{ myApiTokens { id } }")["myApiTokens"]]
    revoke = "mutation($i: ID!) { revokeMyApiToken(id: $i) { apiToken { revokedAt } errors { code } } }"
    assert editor.data(revoke, {"i": created})["revokeMyApiToken"]["errors"][0]["code"] == "NOT_FOUND"
    done = admin.data(revoke, {"i": created})["revokeMyApiToken"]
    assert done["errors"] == [] and done["apiToken"]["revokedAt"]


def test_api_token_callers_have_no_account_to_manage(server: Server, admin: Client) -> None:
    secret = admin.data("""mutation { createApiToken(input: {name: "bot", scopes: ["read"]})
                           { secret } }""")["createApiToken"]["secret"]
    assert "UNAUTHENTICATED" in error_codes(Client(server.url, secret).execute(SESSIONS))
    assert "UNAUTHENTICATED" in error_codes(Client(server.url).execute(SESSIONS))


AUDIT = """{ auditLog(filter: {objectType: "login"}, first: 200)
  { edges { node { action objectId source changes { field new } } } } }"""


def test_logins_audited_for_admins_only(server: Server, admin: Client, editor: Client,
                                         viewer: Client) -> None:
    name = _new_user(admin)
    anonymous = Client(server.url)
    ghost = f"ghost-{uuid.uuid4().hex[:6]}"
    assert login(anonymous, ghost, "whatever-1")["errors"]
    assert login(anonymous, name, "first-pass-1")["errors"] == []
    nodes = [e["node"] for e in admin.data(AUDIT)["auditLog"]["edges"]]
    failed = [n for n in nodes if n["objectId"] == ghost]
    assert [n["action"] for n in failed] == ["login_failed"]
    assert {"field": "address", "new": "127.0.0.1"} in failed[0]["changes"]
    assert any(n["objectId"] == name and n["action"] == "login" for n in nodes)
    assert "ghost" not in str(admin.data("{ users { username } }"))
    for caller in (editor, viewer):
        body = caller.execute(AUDIT)
        edges = (body.get("data") or {}).get("auditLog", {}) or {}
        assert not edges or edges.get("edges") == [], body


def test_admin_sees_last_login_and_source(server: Server, admin: Client) -> None:
    name = _new_user(admin)
    login(Client(server.url), name, "first-pass-1")
    users = admin.data("{ users { username lastLoginAt lastLoginAddress authSource } }")["users"]
    row = next(u for u in users if u["username"] == name)
    assert row["lastLoginAt"] and row["lastLoginAddress"] == "127.0.0.1"
    assert row["authSource"] == "LOCAL"


def test_refresh_keeps_the_session_start_and_notes_the_client(server: Server, admin: Client) -> None:
    name = _new_user(admin)
    a, refresh = _session(server, name, "first-pass-1", "browser-A")
    started = a.data(SESSIONS)["mySessions"][0]["createdAt"]
    later = httpx.Client(timeout=30, headers={"user-agent": "browser-A-updated"})
    renewed = Client(server.url, None, later).data(REFRESH, {"t": refresh})["refreshToken"]
    assert renewed["errors"] == []
    sessions = a.data(SESSIONS)["mySessions"]
    assert [(s["userAgent"], s["createdAt"]) for s in sessions] == [("browser-A-updated", started)]
