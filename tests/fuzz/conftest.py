"""The fuzz server: the real app on a database of its own (generated mutations delete and
rename at random, so they must never touch the session database other tests read)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.harness import PASSWORDS, Client, Server, fresh_database, login, prepare, test_settings


@pytest.fixture(scope="package")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with fresh_database(tmp_path_factory.mktemp("fuzzdb")) as url:
        prepare(test_settings(url))
        srv = Server(test_settings(url)).start()
        yield srv
        srv.stop()


class Sessions:
    """Access tokens per role, logged in lazily and again after a test logged them out."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._tokens: dict[str, str] = {}

    def token(self, role: str) -> str | None:
        if role == "anonymous":
            return None
        if role not in self._tokens:
            self._tokens[role] = login(Client(self.url), role, PASSWORDS[role])["accessToken"]
        return self._tokens[role]

    def forget(self, role: str) -> None:
        self._tokens.pop(role, None)


@pytest.fixture(scope="package")
def sessions(fuzz_server: Server) -> Sessions:
    return Sessions(fuzz_server.url)


@pytest.fixture(scope="package")
def http() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client
