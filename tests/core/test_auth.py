"""Authentication over HTTP: login, refresh rotation, cookies and CSRF, throttling, API tokens."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from shopdb_gql.core.models import ApiToken
from shopdb_gql.db.base import utcnow
from tests.harness import LOGIN, PASSWORDS, Client, Server, error_codes, login

ASSETS = "{ assets(first: 1) { totalCount } }"
ME = "{ me { username role } }"
REFRESH = """mutation($r: String) {
  refreshToken(refreshToken: $r) { accessToken refreshToken user { username } errors { code message } }
}"""
CREATE_USER = """mutation($u: String!, $p: String!, $r: Role!) {
  createUser(input: {username: $u, password: $p, role: $r}) { user { id username } errors { code } }
}"""
CREATE_TOKEN = """mutation($n: String!, $s: [String!]!, $d: Int) {
  createApiToken(input: {name: $n, scopes: $s, expiresInDays: $d}) {
    apiToken { id name prefix scopes expiresAt revokedAt } secret errors { code message }
  }
}"""
WRITE = 'mutation { setAssetNotes(id: "987654321", notes: "x") { errors { code } } }'


def new_user(admin: Client, role: str = "viewer") -> tuple[str, str]:
    """Create a user with a unique name; return (username, password)."""
    username, password = f"u{uuid.uuid4().hex[:12]}", f"pw-{uuid.uuid4().hex}"
    created = admin.data(CREATE_USER, {"u": username, "p": password, "r": role.upper()})["createUser"]
    assert created["errors"] == [] and created["user"]["username"] == username
    return username, password


def new_token(admin: Client, scopes: list[str], days: int | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = admin.data(
        CREATE_TOKEN, {"n": f"t-{uuid.uuid4().hex[:8]}", "s": scopes, "d": days})["createApiToken"]
    assert payload["errors"] == [], payload
    return payload


def unauthenticated(client: Client, query: str = ASSETS) -> str:
    """Run ``query``; assert it failed with UNAUTHENTICATED and return the message."""
    body = client.execute(query)
    assert error_codes(body) == ["UNAUTHENTICATED"], body
    message: str = body["errors"][0]["message"]
    return message


@pytest.fixture
def browser(server: Server) -> Iterator[Client]:
    """A client with its own cookie jar, like a browser tab."""
    with httpx.Client(timeout=30) as http:
        yield Client(server.url, None, http)


# --- login / refresh / logout -----------------------------------------------------------------

def test_login_returns_tokens_and_user(anon: Client) -> None:
    result = login(anon, "editor", PASSWORDS["editor"])
    assert result["errors"] == []
    assert result["accessToken"] and result["refreshToken"]
    assert result["user"]["role"] == "EDITOR"
    assert anon.as_token(result["accessToken"]).data(ME)["me"] == {"username": "editor",
                                                                   "role": "EDITOR"}


def test_wrong_password_is_invalid_credentials(admin: Client, anon: Client) -> None:
    username, _ = new_user(admin)
    result = login(anon, username, "not-the-password")
    assert [e["code"] for e in result["errors"]] == ["INVALID_CREDENTIALS"]
    assert result["accessToken"] is None and result["refreshToken"] is None
    unknown = login(anon, f"nobody-{uuid.uuid4().hex[:8]}", "whatever-pass")
    assert [e["code"] for e in unknown["errors"]] == ["INVALID_CREDENTIALS"]


def test_refresh_rotates_and_reuse_revokes_the_family(admin: Client, anon: Client) -> None:
    username, password = new_user(admin)
    first = login(anon, username, password)["refreshToken"]

    rotated = anon.data(REFRESH, {"r": first})["refreshToken"]
    assert rotated["errors"] == [] and rotated["user"]["username"] == username
    second = rotated["refreshToken"]
    assert second and second != first
    assert anon.as_token(rotated["accessToken"]).data(ME)["me"]["username"] == username

    reused = anon.data(REFRESH, {"r": first})["refreshToken"]
    assert [e["code"] for e in reused["errors"]] == ["INVALID_CREDENTIALS"]
    assert reused["accessToken"] is None
    # The reuse looks like theft: the successor of the reused token is revoked too.
    after_theft = anon.data(REFRESH, {"r": second})["refreshToken"]
    assert [e["code"] for e in after_theft["errors"]] == ["INVALID_CREDENTIALS"]


def test_unknown_refresh_token_is_refused(anon: Client) -> None:
    result = anon.data(REFRESH, {"r": "not-a-refresh-token"})["refreshToken"]
    assert [e["code"] for e in result["errors"]] == ["INVALID_CREDENTIALS"]
    assert result["accessToken"] is None


# --- browser sessions: cookies and CSRF ---------------------------------------------------------

def _set_cookies(response: httpx.Response) -> dict[str, str]:
    """Set-Cookie headers by cookie name (lowercased header text)."""
    headers = response.headers.get_list("set-cookie")
    return {h.split("=", 1)[0]: h.lower() for h in headers}


def test_login_sets_session_cookies(admin: Client, browser: Client) -> None:
    username, password = new_user(admin)
    response = browser.post(LOGIN, {"u": username, "p": password})
    assert response.status_code == 200
    cookies = _set_cookies(response)
    assert {"shopdb_access", "shopdb_refresh", "shopdb_csrf"} <= set(cookies)
    assert "httponly" in cookies["shopdb_access"] and "path=/;" in cookies["shopdb_access"] + ";"
    assert "httponly" in cookies["shopdb_refresh"] and "path=/graphql" in cookies["shopdb_refresh"]
    assert "httponly" not in cookies["shopdb_csrf"]
    assert response.json()["data"]["login"]["refreshToken"] == browser.http.cookies["shopdb_refresh"]


def test_cookie_session_needs_the_csrf_header(admin: Client, browser: Client) -> None:
    username, password = new_user(admin)
    assert browser.post(LOGIN, {"u": username, "p": password}).status_code == 200
    csrf = browser.http.cookies["shopdb_csrf"]

    refused = browser.post(ASSETS).json()
    assert error_codes(refused) == ["UNAUTHENTICATED"]
    assert "csrf" in refused["errors"][0]["message"].lower()
    wrong = browser.post(ASSETS, headers={"X-CSRF-Token": "wrong" + csrf}).json()
    assert error_codes(wrong) == ["UNAUTHENTICATED"]

    ok = browser.post(ASSETS, headers={"X-CSRF-Token": csrf}).json()
    assert "errors" not in ok and ok["data"]["assets"]["totalCount"] >= 200
    me = browser.post(ME, headers={"X-CSRF-Token": csrf}).json()
    assert me["data"]["me"]["username"] == username


def test_cookie_refresh_needs_the_csrf_header(admin: Client, browser: Client) -> None:
    username, password = new_user(admin)
    browser.post(LOGIN, {"u": username, "p": password})
    old_refresh = browser.http.cookies["shopdb_refresh"]

    refused = browser.post(REFRESH).json()["data"]["refreshToken"]
    assert refused["accessToken"] is None and refused["errors"]

    csrf = browser.http.cookies["shopdb_csrf"]
    ok = browser.post(REFRESH, headers={"X-CSRF-Token": csrf}).json()["data"]["refreshToken"]
    assert ok["errors"] == [] and ok["user"]["username"] == username
    assert browser.http.cookies["shopdb_refresh"] == ok["refreshToken"] != old_refresh


def test_logout_revokes_the_refresh_cookie(admin: Client, anon: Client, browser: Client) -> None:
    username, password = new_user(admin)
    browser.post(LOGIN, {"u": username, "p": password})
    refresh = browser.http.cookies["shopdb_refresh"]
    csrf = browser.http.cookies["shopdb_csrf"]

    response = browser.post("mutation { logout { ok errors { code } } }",
                            headers={"X-CSRF-Token": csrf})
    assert response.json()["data"]["logout"] == {"ok": True, "errors": []}
    assert "shopdb_access" not in browser.http.cookies
    assert "shopdb_refresh" not in browser.http.cookies

    result = anon.data(REFRESH, {"r": refresh})["refreshToken"]
    assert [e["code"] for e in result["errors"]] == ["INVALID_CREDENTIALS"]


# --- throttling ------------------------------------------------------------------------------------

def test_five_failures_throttle_the_username(admin: Client, anon: Client) -> None:
    username, password = new_user(admin)
    for _ in range(5):
        failed = login(anon, username, "wrong-password")
        assert [e["code"] for e in failed["errors"]] == ["INVALID_CREDENTIALS"]
    throttled = login(anon, username, password)
    assert [e["code"] for e in throttled["errors"]] == ["THROTTLED"]
    assert throttled["accessToken"] is None and throttled["refreshToken"] is None


# --- access tokens: forged, garbage --------------------------------------------------------------

def test_me_for_user_and_anonymous(admin: Client, viewer: Client, anon: Client) -> None:
    assert viewer.data(ME)["me"] == {"username": "viewer", "role": "VIEWER"}
    assert admin.data(ME)["me"]["username"] == "admin"
    assert anon.data(ME)["me"] is None


def test_anonymous_is_unauthenticated(anon: Client) -> None:
    assert "authentication required" in unauthenticated(anon).lower()


def test_forged_jwt_is_refused(anon: Client) -> None:
    forged = jwt.encode({"sub": "1", "name": "admin", "role": "admin", "typ": "access",
                         "exp": utcnow() + timedelta(minutes=5)},
                        "someone-elses-key-0123456789abcdef", algorithm="HS256")
    assert "invalid" in unauthenticated(anon.as_token(forged)).lower()
    assert anon.as_token(forged).data(ME)["me"] is None


def test_garbage_bearer_and_wrong_scheme_are_refused(anon: Client, server: Server) -> None:
    unauthenticated(anon.as_token("garbage"))
    unauthenticated(anon.as_token("shp_deadbeef_not-a-real-secret"))
    response = anon.post(ASSETS, headers={"authorization": "Basic YWRtaW46YWRtaW4="})
    assert error_codes(response.json()) == ["UNAUTHENTICATED"]


# --- API tokens ---------------------------------------------------------------------------------------

def test_api_token_secret_is_shown_once(admin: Client) -> None:
    created = new_token(admin, ["read"])
    secret = created["secret"]
    assert secret.startswith("shp_") and created["apiToken"]["prefix"] in secret
    assert created["apiToken"]["scopes"] == ["read"]

    listed = admin.execute("{ apiTokens { id name prefix scopes expiresAt lastUsedAt revokedAt } }")
    ids = [t["id"] for t in listed["data"]["apiTokens"]]
    assert created["apiToken"]["id"] in ids
    assert secret not in str(listed)
    fields = admin.data('{ __type(name: "ApiToken") { fields { name } } }')["__type"]["fields"]
    assert "secret" not in {f["name"] for f in fields}


def test_read_token_reads_but_cannot_write(admin: Client, anon: Client) -> None:
    token = anon.as_token(new_token(admin, ["read"])["secret"])
    assert token.data(ASSETS)["assets"]["totalCount"] >= 200
    assert token.data(ME)["me"] is None  # tokens are not users
    body = token.execute(WRITE)
    assert error_codes(body) == ["FORBIDDEN"]
    assert "write" in body["errors"][0]["message"]


def test_write_token_passes_the_write_check(admin: Client, anon: Client) -> None:
    token = anon.as_token(new_token(admin, ["write"])["secret"])
    result = token.data(WRITE)["setAssetNotes"]
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]


def test_revoked_token_is_unauthenticated(admin: Client, anon: Client) -> None:
    created = new_token(admin, ["read"])
    token = anon.as_token(created["secret"])
    assert token.data(ASSETS)["assets"]["totalCount"] >= 200

    revoked = admin.data('mutation($id: ID!) { revokeApiToken(id: $id) { apiToken { revokedAt } '
                         'errors { code } } }', {"id": created["apiToken"]["id"]})["revokeApiToken"]
    assert revoked["errors"] == [] and revoked["apiToken"]["revokedAt"]
    assert "revoked" in unauthenticated(token).lower()


def _expire_token(database_url: str, token_id: int) -> None:
    async def run() -> None:
        engine = create_async_engine(database_url)
        try:
            async with engine.begin() as conn:
                await conn.execute(update(ApiToken).where(ApiToken.id == token_id)
                                   .values(expiresat=utcnow() - timedelta(minutes=1)))
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_expired_token_is_unauthenticated(admin: Client, anon: Client, database_url: str) -> None:
    created = new_token(admin, ["read"], days=1)
    assert created["apiToken"]["expiresAt"]
    token = anon.as_token(created["secret"])
    assert token.data(ASSETS)["assets"]["totalCount"] >= 200

    _expire_token(database_url, int(created["apiToken"]["id"]))
    assert "expired" in unauthenticated(token).lower()


def test_only_admins_create_tokens(editor: Client, anon: Client) -> None:
    variables = {"n": "nope", "s": ["read"], "d": None}
    assert error_codes(editor.execute(CREATE_TOKEN, variables)) == ["FORBIDDEN"]
    assert error_codes(anon.execute(CREATE_TOKEN, variables)) == ["UNAUTHENTICATED"]


def test_invalid_token_scope_is_a_payload_error(admin: Client) -> None:
    payload = admin.data(CREATE_TOKEN, {"n": "bad-scope", "s": ["root"], "d": None})["createApiToken"]
    assert [e["code"] for e in payload["errors"]] == ["INVALID"]
    assert payload["secret"] is None and payload["apiToken"] is None
