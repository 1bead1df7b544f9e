"""Shared fixtures: one migrated, seeded database and one live server per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import (
    PASSWORDS,
    Client,
    Server,
    fresh_database,
    login,
    prepare,
    test_settings,
)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        prepare(test_settings(url))
        yield url


@pytest.fixture(scope="session")
def server(database_url: str) -> Iterator[Server]:
    # `make test` runs the SQLite and MariaDB suites side by side on two cores, so a burst
    # of requests here may wait for CPU, not for a stall; the bounded pool wait itself is
    # tested by servers of their own with a 0.3 s timeout (tests/core/test_connections.py).
    srv = Server(test_settings(database_url, db_pool_timeout=20)).start()
    yield srv
    srv.stop()  # which checks that the session's writes kept the asset counts exact


@pytest.fixture(scope="session")
def tokens(server: Server) -> dict[str, str]:
    anonymous = Client(server.url)
    return {role: login(anonymous, role, pw)["accessToken"] for role, pw in PASSWORDS.items()}


@pytest.fixture
def anon(server: Server) -> Client:
    return Client(server.url)


@pytest.fixture
def admin(server: Server, tokens: dict[str, str]) -> Client:
    return Client(server.url, tokens["admin"])


@pytest.fixture
def editor(server: Server, tokens: dict[str, str]) -> Client:
    return Client(server.url, tokens["editor"])


@pytest.fixture
def viewer(server: Server, tokens: dict[str, str]) -> Client:
    return Client(server.url, tokens["viewer"])


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
