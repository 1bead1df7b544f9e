"""Directory sign-in against a real OpenLDAP (tests/ldap_rig.py: Debian's slapd with the
memberOf overlay, nested groups, a disabled person, StartTLS and ldaps with a test CA), over
HTTP through the login mutation, and the ``shopdb auth check`` / ``shopdb user sync``
commands in subprocesses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shopdb_gql.auth.ldap import Directory, DirectoryUnavailable
from shopdb_gql.settings import Environment, Settings
from tests import ldap_rig
from tests.harness import PASSWORDS, Client, Server, fresh_database, login, prepare
from tests.harness import test_settings as make_settings

pytestmark = pytest.mark.once
SHOPDB = Path(sys.executable).parent / "shopdb"
LOGIN = """mutation($u: String!, $p: String!) { login(username: $u, password: $p) {
  accessToken user { id username role authSource email displayName } errors { code message } } }"""
ME = "{ me { username role authSource } }"


@dataclass
class Directory_:
    rig: ldap_rig.Rig
    url: str  # the shopdb database
    server: Server

    def settings(self, **overrides: Any) -> Settings:
        return make_settings(self.url, **self.rig.settings(**overrides))


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory_]:
    if ldap_rig.slapd() is None:
        print("SKIPPING LDAP: Debian's slapd is not installed (make test installs it as root: "
              "apt-get install slapd ldap-utils)")
        pytest.skip("slapd is not installed")
    tmp = tmp_path_factory.mktemp("ldap")
    with ldap_rig.running(tmp / "slapd") as rig, fresh_database(tmp) as url:
        prepare(make_settings(url), demo=False)
        server = Server(make_settings(url, login_max_failures=100, ldap_sync_seconds=0,
                                      **rig.settings())).start()
        try:
            yield Directory_(rig, url, server)
        finally:
            server.stop()


def sign_in(server: Server | str, username: str, password: str) -> dict[str, Any]:
    url = server if isinstance(server, str) else server.url
    result: dict[str, Any] = Client(url).data(LOGIN, {"u": username, "p": password})["login"]
    return result


def error_of(result: dict[str, Any]) -> str:
    assert result["accessToken"] is None and result["errors"], result
    code: str = result["errors"][0]["code"]
    return code


def signed_in(session: Client) -> bool:
    """Whether the access token still stands for someone (a dead one reads as anonymous)."""
    body = session.execute(ME)
    return not body.get("errors") and body["data"]["me"] is not None


def admin_of(server: Server) -> Client:
    return Client(server.url, login(Client(server.url), "admin", PASSWORDS["admin"])["accessToken"])


def test_people_sign_in_with_their_directory_password_and_get_the_role_of_their_groups(
        directory: Directory_) -> None:
    server = directory.server
    alice = sign_in(server, "alice", ldap_rig.PASSWORDS["alice"])
    assert alice["errors"] == []
    # alice is in maintenance-leads, which is in shop-admins: a nested admin.
    assert alice["user"] == {"id": alice["user"]["id"], "username": "alice", "role": "ADMIN",
                             "authSource": "LDAP", "email": "alice@example.org",
                             "displayName": "Alice Adler"}
    assert Client(server.url, alice["accessToken"]).data(ME)["me"] == {
        "username": "alice", "role": "ADMIN", "authSource": "LDAP"}
    assert sign_in(server, "bob", ldap_rig.PASSWORDS["bob"])["user"]["role"] == "EDITOR"
    # "Shop-Viewers" is configured by name in another case than the directory's.
    assert sign_in(server, "carol", ldap_rig.PASSWORDS["carol"])["user"]["role"] == "VIEWER"
    # The second sign-in finds the same account.
    again = sign_in(server, "alice", ldap_rig.PASSWORDS["alice"])
    assert again["user"]["id"] == alice["user"]["id"]
    users = admin_of(server).data("{ users { username authSource lastLoginAt lastLoginAddress } }")
    mine = {u["username"]: u for u in users["users"]}
    assert mine["alice"]["authSource"] == "LDAP" and mine["admin"]["authSource"] == "LOCAL"
    assert mine["alice"]["lastLoginAt"] and mine["alice"]["lastLoginAddress"] == "127.0.0.1"
    audit = admin_of(server).data("""{ auditLog(first: 50, filter: {objectType: "login"}) { edges { node {
        action summary changes { field new } } } } }""")["auditLog"]["edges"]
    logins = [e["node"] for e in audit if e["node"]["action"] == "login"
              and e["node"]["summary"].startswith("alice ")]
    assert logins and {"field": "authsource", "new": "ldap"} in logins[0]["changes"]


def test_wrong_unknown_empty_and_hostile_credentials_are_refused_alike(
        directory: Directory_) -> None:
    server = directory.server
    for username, password in [("alice", "wrong"), ("alice", ""), ("nobody", "x" * 12),
                               ("*", "x"), ("alice)(uid=*", "x"), ("alice*", "alice-ldap-pw"),
                               ("uid=alice,ou=people,dc=example,dc=org", "alice-ldap-pw"),
                               ("al\x00ice", "alice-ldap-pw")]:
        result = sign_in(server, username, password)
        assert error_of(result) == "INVALID_CREDENTIALS", (username, result)
        assert result["errors"][0]["message"] == "Wrong username or password"
    audit = admin_of(server).data("""{ auditLog(first: 50, filter: {objectType: "login"}) { edges { node {
        action summary } } } }""")["auditLog"]["edges"]
    assert any(e["node"]["action"] == "login_failed" and e["node"]["summary"].startswith("nobody ")
               for e in audit)


def test_an_account_without_a_password_is_refused_not_an_outage(directory: Directory_) -> None:
    """frank has no password in the directory: his refusal is his, not an outage, so the
    next person signs in at once (ldap.py treats every refused personal bind this way)."""
    frank = sign_in(directory.server, "frank", "whatever-he-types")
    assert error_of(frank) == "INVALID_CREDENTIALS", frank
    assert sign_in(directory.server, "carol", ldap_rig.PASSWORDS["carol"])["errors"] == []


def test_disabled_and_unmapped_directory_accounts_are_refused_with_the_reason(
        directory: Directory_) -> None:
    server = directory.server
    dave = sign_in(server, "dave", ldap_rig.PASSWORDS["dave"])
    assert error_of(dave) == "INVALID_CREDENTIALS"
    assert "disabled" in dave["errors"][0]["message"]
    erin = sign_in(server, "erin", ldap_rig.PASSWORDS["erin"])
    assert error_of(erin) == "INVALID_CREDENTIALS"
    assert "no group" in erin["errors"][0]["message"]
    users = {u["username"] for u in admin_of(server).data("{ users { username } }")["users"]}
    assert "dave" not in users and "erin" not in users  # refused people get no account
    audit = admin_of(server).data("""{ auditLog(first: 80, filter: {objectType: "login"}) { edges { node {
        action summary } } } }""")["auditLog"]["edges"]
    failed = [e["node"]["summary"] for e in audit if e["node"]["action"] == "login_failed"]
    assert any(s.startswith("erin ") and "(no_role)" in s for s in failed), failed
    assert any(s.startswith("dave ") and "(disabled)" in s for s in failed), failed


def test_a_local_account_signs_in_beside_the_directory_and_keeps_its_name(
        directory: Directory_) -> None:
    # "admin" is a local account: its password is checked here, never sent to the directory.
    result = sign_in(directory.server, "admin", PASSWORDS["admin"])
    assert result["errors"] == [] and result["user"]["authSource"] == "LOCAL"
    assert error_of(sign_in(directory.server, "admin", "wrong-password")) == "INVALID_CREDENTIALS"
    # A directory account cannot take a password here.
    admin = admin_of(directory.server)
    bob = sign_in(directory.server, "bob", ldap_rig.PASSWORDS["bob"])["user"]
    refused = admin.data("""mutation($id: ID!) { updateUser(id: $id, input: {password: "x-long-password-1"})
        { errors { code message field } } }""", {"id": bob["id"]})["updateUser"]["errors"]
    assert refused[0]["code"] == "INVALID" and "LDAP" in refused[0]["message"]


def test_a_group_change_takes_effect_at_the_next_sign_in(directory: Directory_) -> None:
    rig, server = directory.rig, directory.server
    carol = ldap_rig.person("carol")
    rig.add_member("shop-editors", carol)
    try:
        assert sign_in(server, "carol", ldap_rig.PASSWORDS["carol"])["user"]["role"] == "EDITOR"
    finally:
        rig.remove_member("shop-editors", carol)
    assert sign_in(server, "carol", ldap_rig.PASSWORDS["carol"])["user"]["role"] == "VIEWER"


def test_memberof_alone_gives_the_direct_groups(directory: Directory_) -> None:
    """With no group search, the memberOf overlay's attribute is what the role comes from."""
    settings = directory.settings(ldap_group_filter="")
    account = Directory(settings).authenticate("bob", ldap_rig.PASSWORDS["bob"])
    assert account is not None
    assert account.groups == [ldap_rig.group("shop-editors")] and account.role == "editor"


def test_starttls_and_ldaps_check_the_certificate(directory: Directory_) -> None:
    ok = Directory(directory.settings()).authenticate("bob", ldap_rig.PASSWORDS["bob"])
    assert ok is not None and ok.role == "editor"
    secure = directory.settings(ldap_url=directory.rig.ldaps_url)
    assert Directory(secure).authenticate("bob", ldap_rig.PASSWORDS["bob"]) is not None
    for untrusted in (directory.settings(ldap_ca_file=""),
                      directory.settings(ldap_url=directory.rig.ldaps_url, ldap_ca_file="")):
        with pytest.raises(DirectoryUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
            Directory(untrusted).authenticate("bob", ldap_rig.PASSWORDS["bob"])


def test_direct_bind_without_a_service_account(directory: Directory_) -> None:
    settings = directory.settings(ldap_bind_dn="", ldap_bind_password="",
                                  ldap_user_dn_template=f"uid={{username}},{ldap_rig.PEOPLE}")
    account = Directory(settings).authenticate("alice", ldap_rig.PASSWORDS["alice"])
    assert account is not None and account.role == "admin"
    assert Directory(settings).authenticate("alice", "wrong") is None
    assert Directory(settings).authenticate("alice,ou=x", "alice-ldap-pw") is None


@dataclass
class BlackHole:
    address: str
    held: list[socket.socket]


@pytest.fixture
def black_hole() -> Iterator[BlackHole]:
    """A TCP port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield BlackHole(f"127.0.0.1:{listener.getsockname()[1]}", held)
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


def test_directory_down_local_accounts_still_sign_in_directory_users_get_a_clear_error(
        directory: Directory_, black_hole: BlackHole) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead_port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    hole = black_hole.address
    for url in (f"ldap://127.0.0.1:{dead_port}", f"ldap://{hole}", f"ldaps://{hole}"):
        server = Server(directory.settings(ldap_url=url, ldap_timeout_seconds=1,
                                           login_max_failures=100, ldap_sync_seconds=0)).start()
        try:
            started = time.monotonic()
            result = sign_in(server, "alice", ldap_rig.PASSWORDS["alice"])
            took = time.monotonic() - started
            assert error_of(result) == "DIRECTORY_UNAVAILABLE", (url, result)
            assert "Local accounts can still sign in" in result["errors"][0]["message"]
            # Bounded, not a hang: one second per step at most (generous for a busy machine).
            assert took < 20, (url, took)
            local = sign_in(server, "admin", PASSWORDS["admin"])
            assert local["errors"] == [] and local["accessToken"], url
            # Right after, the next directory sign-in fails at once, without a new connection.
            seen = len(black_hole.held)
            again = sign_in(server, "bob", ldap_rig.PASSWORDS["bob"])
            assert error_of(again) == "DIRECTORY_UNAVAILABLE"
            assert len(black_hole.held) == seen, url
        finally:
            server.stop()


def test_a_burst_of_directory_sign_ins_during_an_outage_does_not_hold_up_local_ones(
        directory: Directory_, black_hole: BlackHole) -> None:
    server = Server(directory.settings(ldap_url=f"ldap://{black_hole.address}",
                                       ldap_timeout_seconds=2, login_max_failures=100,
                                       ldap_sync_seconds=0)).start()
    try:
        results: list[tuple[float, dict[str, Any]]] = []

        def attempt(n: int) -> None:
            result = sign_in(server, f"person{n}", "some-password")
            results.append((time.monotonic(), result))

        burst = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
        for thread in burst:
            thread.start()
        time.sleep(0.3)  # the directory's threads are all waiting on the black hole now
        local = sign_in(server, "admin", PASSWORDS["admin"])
        local_done = time.monotonic()
        for thread in burst:
            thread.join(60)
        assert local["errors"] == [] and local["accessToken"]
        assert len(results) == 12
        assert {error_of(r) for _, r in results} == {"DIRECTORY_UNAVAILABLE"}
        # The local sign-in did not wait for the directory's threads: it was done before
        # the first directory attempt gave up.
        assert local_done < min(done for done, _ in results)
    finally:
        server.stop()


def _shopdb(directory: Directory_, *args: str, stdin: str = "",
            **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPDB_")}
    values = {**directory.rig.settings(), **settings}
    for key, value in values.items():
        env[f"SHOPDB_{key.upper()}"] = ",".join(value) if isinstance(value, list) else str(value)
    env.update(SHOPDB_DATABASE_URL=directory.url, SHOPDB_ENV="test")
    return subprocess.run([str(SHOPDB), *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_auth_check_prints_the_account_groups_and_role(directory: Directory_) -> None:
    done = _shopdb(directory, "auth", "check", "alice")
    assert done.returncode == 0, done.stderr
    assert "account    uid=alice,ou=people,dc=example,dc=org" in done.stdout
    assert ldap_rig.group("maintenance-leads") in done.stdout
    assert ldap_rig.group("shop-admins") in done.stdout  # nested
    assert "role       admin" in done.stdout and "alice can sign in as admin" in done.stdout
    erin = _shopdb(directory, "auth", "check", "erin")
    assert erin.returncode == 1 and "role       none" in erin.stdout
    assert "erin would be refused" in erin.stderr
    dave = _shopdb(directory, "auth", "check", "dave")
    assert dave.returncode == 1 and "disabled   YES" in dave.stdout
    nobody = _shopdb(directory, "auth", "check", "nobody")
    assert nobody.returncode == 1 and "not found under ou=people" in nobody.stderr
    wrong = _shopdb(directory, "auth", "check", "alice", ldap_bind_password="wrong")
    assert wrong.returncode == 1 and "service account's bind was refused" in wrong.stderr
    untrusted = _shopdb(directory, "auth", "check", "alice", ldap_ca_file="")
    assert untrusted.returncode == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
    own = _shopdb(directory, "auth", "check", "bob", "--password-stdin",
                  stdin=ldap_rig.PASSWORDS["bob"] + "\n")
    assert own.returncode == 0 and "password accepted" in own.stdout, own.stderr
    for done in (erin, dave, nobody, wrong, untrusted):
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_leavers_are_disabled_by_user_sync_and_their_sessions_and_tokens_stop(
        directory: Directory_) -> None:
    rig, server = directory.rig, directory.server
    alice = sign_in(server, "alice", ldap_rig.PASSWORDS["alice"])
    session = Client(server.url, alice["accessToken"])
    secret = session.data("""mutation { createApiToken(input: {name: "alice's", scopes: ["read"]})
        { secret } }""")["createApiToken"]["secret"]
    token = Client(server.url, secret)
    assert token.data("{ assets(first: 1) { totalCount } }")
    rig.remove_member("maintenance-leads", ldap_rig.person("alice"))
    try:
        done = _shopdb(directory, "user", "sync")
        assert done.returncode == 0, done.stderr
        assert "disabled alice (in no mapped group)" in done.stdout
        deadline = time.monotonic() + 5  # accounts are read again within a second
        while time.monotonic() < deadline and signed_in(session):
            time.sleep(0.2)
        assert not signed_in(session)
        assert token.execute("{ assets(first: 1) { totalCount } }").get("errors")
        assert error_of(sign_in(server, "alice", ldap_rig.PASSWORDS["alice"])) == "INVALID_CREDENTIALS"
        users = {u["username"]: u for u in admin_of(server).data(
            "{ users { username isActive } }")["users"]}
        assert users["alice"]["isActive"] is False
    finally:
        rig.add_member("maintenance-leads", ldap_rig.person("alice"))
    # Back in the group: the directory lets alice in again, and the account is enabled.
    back = sign_in(server, "alice", ldap_rig.PASSWORDS["alice"])
    assert back["errors"] == [] and back["user"]["role"] == "ADMIN"
    # The API token a leaver made stays dead: it was revoked, not only paused.
    assert token.execute("{ assets(first: 1) { totalCount } }").get("errors")
    done = _shopdb(directory, "user", "sync")
    assert done.returncode == 0 and "0 disabled" in done.stdout, done.stdout


def test_an_admins_disable_sticks_whatever_the_directory_says(directory: Directory_) -> None:
    server = directory.server
    carol = sign_in(server, "carol", ldap_rig.PASSWORDS["carol"])["user"]
    admin = admin_of(server)
    admin.data("""mutation($id: ID!) { updateUser(id: $id, input: {isActive: false})
        { user { isActive } } }""", {"id": carol["id"]})
    try:
        refused = sign_in(server, "carol", ldap_rig.PASSWORDS["carol"])
        assert error_of(refused) == "INVALID_CREDENTIALS"
        assert "disabled here" in refused["errors"][0]["message"]
    finally:
        admin.data("""mutation($id: ID!) { updateUser(id: $id, input: {isActive: true})
            { user { isActive } } }""", {"id": carol["id"]})
    assert sign_in(server, "carol", ldap_rig.PASSWORDS["carol"])["errors"] == []


def test_the_periodic_recheck_ends_a_disabled_persons_session_within_seconds(
        directory: Directory_) -> None:
    rig = directory.rig
    server = Server(directory.settings(ldap_sync_seconds=1, login_max_failures=100)).start()
    try:
        bob = sign_in(server, "bob", ldap_rig.PASSWORDS["bob"])
        session = Client(server.url, bob["accessToken"])
        assert session.data(ME)["me"]["role"] == "EDITOR"
        rig.set_attribute(ldap_rig.person("bob"), "employeeType", "disabled")
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and signed_in(session):
                time.sleep(0.3)
            assert not signed_in(session), "bob's session outlived the directory"
            log = admin_of(server).data("""{ auditLog(first: 20, filter: {objectType: "user"}) { edges {
                node { summary source } } } }""")["auditLog"]["edges"]
            assert any(e["node"]["summary"] == "bob disabled: disabled in the directory"
                       and e["node"]["source"] == "directory" for e in log), log
        finally:
            rig.set_attribute(ldap_rig.person("bob"), "employeeType", "staff")
        assert sign_in(server, "bob", ldap_rig.PASSWORDS["bob"])["errors"] == []
    finally:
        server.stop()


def test_production_refuses_plain_ldap_and_unchecked_certificates() -> None:
    problems = Settings(_env_file=None, env=Environment.PRODUCTION,  # type: ignore[call-arg]
                        ldap_url="ldap://dc1.corp.example", ldap_bind_dn="CN=svc,DC=corp",
                        ldap_user_base="DC=corp", ldap_start_tls=False,
                        ldap_verify_certificates=False).production_problems()
    assert any("unencrypted" in p for p in problems)
    assert any("VERIFY_CERTIFICATES" in p for p in problems)
    odd = Settings(_env_file=None, ldap_url="http://dc1", ldap_user_filter="(uid=x)")  # type: ignore[call-arg]
    problems = odd.ldap_problems()
    assert any("not an ldap://" in p for p in problems)
    assert any("{username}" in p for p in problems)
    assert any("BIND_DN" in p for p in problems)
