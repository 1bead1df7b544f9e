"""Production doors: forwarded headers only from trusted proxies, /metrics behind a token,
weak secrets and unsafe CORS origins refused (hardening #5, #14)."""

from __future__ import annotations

import random
import secrets
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from shopdb_gql.settings import MIN_SECRET_BITS, ConfigurationError, Settings, secret_bits
from tests import harness
from tests.harness import LOGIN, Client, Server, login

STRONG = secrets.token_urlsafe(48)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server]]:
    """The same database served twice: trusting no proxy, and trusting 127.0.0.1 and
    198.51.100.0/24 (a proxy chain)."""
    with harness.fresh_database(tmp_path_factory.mktemp("proxies")) as url:
        harness.prepare(harness.test_settings(url), demo=False)
        plain = Server(harness.test_settings(url)).start()
        trusting = Server(harness.test_settings(
            url, trusted_proxies=["127.0.0.1", "198.51.100.0/24"])).start()
        yield plain, trusting
        plain.stop()
        trusting.stop()


def failed_login_address(server: Server, headers: dict[str, str]) -> str:
    """Where the server thinks a failed login came from (its audit entry says)."""
    name = f"nobody-{secrets.token_hex(4)}"
    Client(server.url).post(LOGIN, {"u": name, "p": "wrong"}, headers)
    admin = Client(server.url, login(Client(server.url), "admin", harness.PASSWORDS["admin"])
                   ["accessToken"])
    entry = admin.data("""query($id: String!) { auditLog(filter: {objectType: "login",
      objectId: $id}) { nodes { summary } } }""", {"id": name})["auditLog"]["nodes"][0]
    summary: str = entry["summary"]
    return summary.rsplit(" from ", 1)[1]


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(proxied: tuple[Server, Server]
                                                              ) -> None:
    plain, trusting = proxied
    forged = {"x-forwarded-for": "203.0.113.66"}
    assert failed_login_address(plain, forged) == "127.0.0.1"
    assert failed_login_address(trusting, forged) == "203.0.113.66"
    # A client's own left-most entry proves nothing: the right-most untrusted one counts.
    chain = {"x-forwarded-for": "10.9.9.9, 203.0.113.7, 198.51.100.20"}
    assert failed_login_address(trusting, chain) == "203.0.113.7"
    assert failed_login_address(trusting, {"x-forwarded-for": "not-an-address"}) == "127.0.0.1"


def test_login_delays_follow_the_real_address(proxied: tuple[Server, Server]) -> None:
    _, trusting = proxied
    guesser = Client(trusting.url)
    attacker = {"x-forwarded-for": "203.0.113.99"}
    for _ in range(5):
        guesser.post(LOGIN, {"u": "admin", "p": "wrong"}, attacker)
    held = guesser.post(LOGIN, {"u": "admin", "p": harness.PASSWORDS["admin"]}, attacker).json()
    assert held["data"]["login"]["errors"][0]["code"] == "THROTTLED"
    # The admin at their own desk is not held back by the guesser elsewhere.
    desk = {"x-forwarded-for": "203.0.113.10"}
    mine = guesser.post(LOGIN, {"u": "admin", "p": harness.PASSWORDS["admin"]}, desk).json()
    assert mine["data"]["login"]["accessToken"]


def production(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"env": "production", "secret_key": STRONG, "cookie_secure": True,
                              "allow_sqlite_in_production": True}
    values.update(overrides)
    return harness.test_settings(f"sqlite+aiosqlite:///{tmp_path / 'prod.sqlite3'}", **values)


@pytest.mark.parametrize("secret", [
    "abcdefghijabcdefghijabcdefghijab", "a" * 64, "0123456789" * 5,
    "Password1!Password1!Password1!Pw",
    # Nearly periodic: a repeat with a tail (the estimate before session 15 passed these).
    "Password1!Password1!Password1!Pwx", "Summer2024!Summer2024!Summer2024!x",
    "changemechangemechangeme-changeme"])
def test_guessable_secrets_are_refused(tmp_path: Path, secret: str) -> None:
    with pytest.raises(ConfigurationError, match="SHOPDB_SECRET_KEY is weak"):
        production(tmp_path, secret_key=secret).validate_for_production()


@pytest.mark.parametrize("secret", [STRONG, secrets.token_hex(16), secrets.token_urlsafe(24)])
def test_random_secrets_pass(tmp_path: Path, secret: str) -> None:
    production(tmp_path, secret_key=secret).validate_for_production()


@pytest.mark.parametrize(("alphabet", "length"), [
    ("0123456789abcdef", 32),  # openssl rand -hex 16, secrets.token_hex(16)
    (string.ascii_letters + string.digits + "-_", 32),  # secrets.token_urlsafe(24)
])
def test_random_secrets_are_never_taken_for_weak(alphabet: str, length: int) -> None:
    """2,000 random secrets of 128 bits (seeded: the same draws every run) all pass: the
    estimate used to refuse about 1 % of 32 hex characters."""
    rng = random.Random(18)
    lowest = min(secret_bits("".join(rng.choice(alphabet) for _ in range(length)))
                 for _ in range(2000))
    assert lowest >= MIN_SECRET_BITS, lowest


@pytest.mark.parametrize(("origin", "why"), [
    ("null", "'null'"), ("*", "'\\*'"), ("https://ok.example.com/path", "not an origin"),
    ("http://plant.example.com", "plain http"), ("ftp://x", "not an origin")])
def test_unsafe_cors_origins_are_refused_in_production(tmp_path: Path, origin: str,
                                                       why: str) -> None:
    with pytest.raises(ConfigurationError, match=why):
        production(tmp_path, cors_origins=[origin]).validate_for_production()
    production(tmp_path, cors_origins=["https://inventory.plant.example.com",
                                       "http://localhost:5173"]).validate_for_production()


def test_trusted_proxies_must_be_addresses() -> None:
    with pytest.raises(ValidationError, match="SHOPDB_TRUSTED_PROXIES"):
        Settings(_env_file=None, trusted_proxies="10.0.0.1,proxy.local")  # type: ignore[call-arg,arg-type]


def test_metrics_need_a_token_in_production(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'prod.sqlite3'}"
    harness.prepare(harness.test_settings(database), demo=False)
    token = secrets.token_urlsafe(32)
    closed = Server(production(tmp_path)).start()
    guarded = Server(production(tmp_path, metrics_token=token)).start()
    try:
        assert httpx.get(f"{closed.url}/metrics").status_code == 404
        assert httpx.get(f"{guarded.url}/metrics").status_code == 401
        wrong = httpx.get(f"{guarded.url}/metrics", headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401
        scraped = httpx.get(f"{guarded.url}/metrics", headers={"authorization": f"Bearer {token}"})
        assert scraped.status_code == 200 and "shopdb_graphql_requests" in scraped.text
    finally:
        closed.stop()
        guarded.stop()
