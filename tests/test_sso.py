"""Single sign-on with a real OpenID Connect provider (tests/oidc, npm oidc-provider), over
HTTP: the code flow through the provider's login and consent pages, roles from the groups
claim, the error paths (each a redirect to the login page with a code, never a 500)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from shopdb_gql.auth.oidc import SsoError, validate_id_token
from shopdb_gql.settings import Settings
from tests.harness import Client, Server, free_port, fresh_database, prepare
from tests.harness import test_settings as make_settings
from tests.oidc_rig import CLIENT_ID, CLIENT_SECRET, GROUP_SETTINGS, oidc_provider


@dataclass
class Rig:
    server: Server
    issuer: str


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    tmp = tmp_path_factory.mktemp("sso")
    port = free_port()
    with fresh_database(tmp) as url:
        prepare(make_settings(url), demo=False)
        settings = make_settings(url, oidc_issuer=f"http://127.0.0.1:{port}",
                                 oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
                                 oidc_scopes="openid profile email groups",
                                 oidc_button_label="Sign in with Test IdP", **GROUP_SETTINGS)
        server = Server(settings)
        with oidc_provider([f"{server.url}/auth/oidc/callback"], [f"{server.url}/login"],
                           tmp / "provider.log", port=port) as issuer:
            server.start()
            yield Rig(server, issuer)
            server.stop()


def _form(html: str, base: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert action, html[:2000]
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"',
                             html))
    return urljoin(base, unescape(action.group(1))), fields


def sign_in(rig: Rig, username: str, http: httpx.Client | None = None,
            next_path: str = "/assets") -> tuple[httpx.Client, httpx.Response]:
    """The browser's part of the code flow, done by hand: our login route, the provider's
    login and consent pages, back to our callback. Returns the callback's response."""
    http = http or httpx.Client(timeout=30)
    response = http.get(f"{rig.server.url}/auth/oidc/login", params={"next": next_path})
    for _ in range(20):
        if response.is_redirect:
            target = urljoin(str(response.url), response.headers["location"])
            if target.startswith(f"{rig.server.url}/auth/oidc/callback"):
                return http, http.get(target)
            response = http.get(target)
            continue
        assert response.status_code == 200, response.text[:2000]
        action, fields = _form(response.text, str(response.url))
        if 'name="login"' in response.text:
            fields.update(login=username, password="anything")
        response = http.post(action, data=fields)
    raise AssertionError("the flow did not come back to the callback")


def _sso_error(response: httpx.Response) -> str | None:
    assert response.status_code == 303, response.text[:500]
    return parse_qs(urlparse(response.headers["location"]).query).get("sso_error", [None])[0]


def _me(rig: Rig, http: httpx.Client) -> dict[str, Any]:
    response = http.post(f"{rig.server.url}/graphql",
                         json={"query": "{ me { username role authSource email lastLoginAddress } }"},
                         headers={"x-csrf-token": http.cookies.get("shopdb_csrf") or ""})
    body: dict[str, Any] = response.json()
    return body


def test_login_page_learns_the_button(rig: Rig) -> None:
    data = Client(rig.server.url).data("{ singleSignOn { enabled buttonLabel loginUrl } }")
    assert data["singleSignOn"] == {"enabled": True, "buttonLabel": "Sign in with Test IdP",
                                    "loginUrl": "/auth/oidc/login"}


def test_login_redirect_carries_pkce_state_and_nonce(rig: Rig) -> None:
    response = httpx.get(f"{rig.server.url}/auth/oidc/login")
    assert response.status_code == 303
    target = urlparse(response.headers["location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}" == rig.issuer
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43 and query["state"][0] and query["nonce"][0]
    flow = response.headers["set-cookie"]
    assert "shopdb_oidc_flow=" in flow and "HttpOnly" in flow and "Path=/auth/oidc" in flow


def test_editor_by_group_name(rig: Rig) -> None:
    http, response = sign_in(rig, "ada")
    assert response.status_code == 303 and response.headers["location"] == "/assets"
    me = _me(rig, http)["data"]["me"]
    assert me == {"username": "ada", "role": "EDITOR", "authSource": "OIDC",
                  "email": "ada@example.test", "lastLoginAddress": "127.0.0.1"}


def test_admin_by_group_dn_and_audited(rig: Rig) -> None:
    http, response = sign_in(rig, "grace")
    assert _sso_error(response) is None
    assert _me(rig, http)["data"]["me"]["role"] == "ADMIN"
    admin = Client(rig.server.url, _token(rig, "admin", "admin-pass-1"))
    entries = admin.data('{ auditLog(filter: {objectType: "login"}, first: 50) '
                         '{ edges { node { action objectId source changes { field new } } } } }')
    nodes = [e["node"] for e in entries["auditLog"]["edges"]]
    mine = [n for n in nodes if n["objectId"] == "grace" and n["action"] == "login"]
    assert mine and mine[0]["source"] == "oidc"
    assert {"field": "address", "new": "127.0.0.1"} in mine[0]["changes"]


def test_no_mapped_group_is_refused_without_an_account(rig: Rig) -> None:
    http, response = sign_in(rig, "mallory")
    assert _sso_error(response) == "no_role"
    assert _me(rig, http)["data"]["me"] is None
    admin = Client(rig.server.url, _token(rig, "admin", "admin-pass-1"))
    users = [u["username"] for u in admin.data("{ users { username } }")["users"]]
    assert "mallory" not in users


def test_local_account_is_never_taken_over(rig: Rig) -> None:
    http, response = sign_in(rig, "editor")
    assert _sso_error(response) is None
    me = _me(rig, http)["data"]["me"]
    assert me["username"] == "editor-2" and me["role"] == "VIEWER"
    assert Client(rig.server.url, _token(rig, "editor", "editor-pass-1")).data(
        "{ me { role authSource } }")["me"] == {"role": "EDITOR", "authSource": "LOCAL"}


def test_second_sign_in_finds_the_same_account(rig: Rig) -> None:
    sign_in(rig, "victor")
    http, _ = sign_in(rig, "victor")
    assert _me(rig, http)["data"]["me"]["username"] == "victor"


def test_callback_without_sign_in_in_progress(rig: Rig) -> None:
    response = httpx.get(f"{rig.server.url}/auth/oidc/callback?code=x&state=y")
    assert _sso_error(response) == "bad_state"


def _started(rig: Rig) -> tuple[httpx.Client, str]:
    http = httpx.Client(timeout=30)
    response = http.get(f"{rig.server.url}/auth/oidc/login")
    state = parse_qs(urlparse(response.headers["location"]).query)["state"][0]
    return http, state


def test_wrong_state(rig: Rig) -> None:
    http, _ = _started(rig)
    response = http.get(f"{rig.server.url}/auth/oidc/callback",
                        params={"code": "x", "state": "forged"})
    assert _sso_error(response) == "bad_state"


def test_missing_code_and_denied(rig: Rig) -> None:
    http, state = _started(rig)
    assert _sso_error(http.get(f"{rig.server.url}/auth/oidc/callback",
                               params={"state": state})) == "missing_code"
    http, state = _started(rig)
    assert _sso_error(http.get(f"{rig.server.url}/auth/oidc/callback",
                               params={"state": state, "error": "access_denied"})) == "denied"


def test_forged_code_is_refused_by_the_provider(rig: Rig) -> None:
    http, state = _started(rig)
    assert _sso_error(http.get(f"{rig.server.url}/auth/oidc/callback",
                               params={"state": state, "code": "forged"})) == "token_failed"


def test_next_never_leaves_the_site(rig: Rig) -> None:
    _, response = sign_in(rig, "ada", next_path="//evil.example/x")
    assert response.headers["location"] == "/"


def test_logout_goes_to_the_provider(rig: Rig) -> None:
    http, _ = sign_in(rig, "ada")
    response = http.get(f"{rig.server.url}/auth/oidc/logout")
    target = urlparse(response.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{rig.issuer}/session/end"
    assert parse_qs(target.query)["post_logout_redirect_uri"] == [f"{rig.server.url}/login"]
    assert 'shopdb_access=""' in response.headers.get_list("set-cookie")[0] or any(
        c.startswith("shopdb_access=") and "Max-Age=0" in c
        for c in response.headers.get_list("set-cookie"))


def test_provider_down(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        prepare(make_settings(url), demo=False)
        server = Server(make_settings(url, oidc_issuer=f"http://127.0.0.1:{free_port()}",
                                      oidc_client_id="x")).start()
        try:
            assert _sso_error(httpx.get(f"{server.url}/auth/oidc/login")) == "provider_unavailable"
        finally:
            server.stop()


def _token(rig: Rig, username: str, password: str) -> str:
    from tests.harness import login

    token: str = login(Client(rig.server.url), username, password)["accessToken"]
    return token


# --- ID token checks, with a key of our own standing in for the provider's ---------------

KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
META = {"issuer": "https://idp.example", "jwks": {"keys": [KEY.as_dict(private=False)]},
        "id_token_signing_alg_values_supported": ["RS256"]}
SETTINGS = Settings(_env_file=None, oidc_client_id="shopdb")  # type: ignore[call-arg]


def _id_token(**claims: Any) -> str:
    now = int(time.time())
    base = {"iss": "https://idp.example", "aud": "shopdb", "sub": "u1", "iat": now,
            "exp": now + 300, "nonce": "n1"}
    return jwt.encode({"alg": "RS256", "kid": "k1"}, {**base, **claims}, KEY)


def test_id_token_checks() -> None:
    assert validate_id_token(META, SETTINGS, _id_token(), "n1")["sub"] == "u1"
    for bad in ({"nonce": "other"}, {"aud": "someone-else"}, {"iss": "https://evil.example"},
                {"exp": int(time.time()) - 3600}, {"aud": ["shopdb", "other"]}):
        with pytest.raises(SsoError) as info:
            validate_id_token(META, SETTINGS, _id_token(**bad), "n1")
        assert info.value.code == "invalid_token", bad


def test_id_token_signed_by_someone_else_or_unsigned() -> None:
    other = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    forged = jwt.encode({"alg": "RS256", "kid": "k1"}, {"iss": "https://idp.example",
                                                        "aud": "shopdb", "sub": "u1",
                                                        "nonce": "n1", "iat": 1,
                                                        "exp": int(time.time()) + 300}, other)
    head = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    unsigned = f"{head}.{_id_token().split('.')[1]}."
    for token in (forged, unsigned):
        with pytest.raises(SsoError):
            validate_id_token(META, SETTINGS, token, "n1")


def test_directory_account_has_no_password_here(rig: Rig) -> None:
    http, _ = sign_in(rig, "ada")
    body = http.post(f"{rig.server.url}/graphql", json={"query": """mutation {
        changeMyPassword(currentPassword: "x", newPassword: "long-enough-1")
        { errors { code message } } }"""},
                     headers={"x-csrf-token": http.cookies.get("shopdb_csrf") or ""}).json()
    errors = body["data"]["changeMyPassword"]["errors"]
    assert errors[0]["code"] == "INVALID" and "directory (OIDC)" in errors[0]["message"]


def test_disabled_account_is_refused(rig: Rig) -> None:
    http, _ = sign_in(rig, "victor")
    victor_id = _me_id(rig, http)
    admin = Client(rig.server.url, _token(rig, "admin", "admin-pass-1"))
    updated = admin.data("""mutation($i: ID!) { updateUser(id: $i, input: {isActive: false})
                            { errors { code } } }""", {"i": victor_id})
    assert updated["updateUser"]["errors"] == []
    _, response = sign_in(rig, "victor")
    assert _sso_error(response) == "disabled"
    assert _me(rig, http)["data"]["me"] is None  # the old session ended with the account


def _me_id(rig: Rig, http: httpx.Client) -> str:
    body = http.post(f"{rig.server.url}/graphql", json={"query": "{ me { id } }"},
                     headers={"x-csrf-token": http.cookies.get("shopdb_csrf") or ""}).json()
    return str(body["data"]["me"]["id"])
