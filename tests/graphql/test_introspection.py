"""SHOPDB_INTROSPECTION over HTTP: who may ask for ``__schema``/``__type``, per mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shopdb_gql.settings import Access, Environment, Settings
from tests.harness import PASSWORDS, Client, Server, error_codes, login
from tests.harness import test_settings as settings_for

SCHEMA = "{ __schema { types { name } } }"
TYPE = "{ __type(name: \"Asset\") { name } }"
HIDDEN = [  # the same question disguised: alias, fragment, inline fragment, second operation
    "{ s: __schema { queryType { name } } }",
    "query { ...F } fragment F on Query { __schema { queryType { name } } }",
    "{ ... on Query { __type(name: \"Asset\") { name } } }",
    "{ me { id } __schema { queryType { name } } }",
]
STRONG_SECRET = "q8Zr2vN0xLwT5yB1cD7eF3gH9jK4mP6sU0aVbXcYdZ"


@pytest.fixture(scope="module")
def servers(database_url: str) -> Iterator[dict[str, Server]]:
    """One server per explicit mode, and one in production with the default."""
    made = {mode.value: Server(settings_for(database_url, introspection=mode)).start()
            for mode in (Access.AUTHENTICATED, Access.OFF)}
    made["production"] = Server(settings_for(
        database_url, env="production", secret_key=STRONG_SECRET, cookie_secure=True,
        allow_sqlite_in_production=True)).start()
    yield made
    for server in made.values():
        server.stop()


def _token(server: Server, role: str = "viewer") -> str:
    token: str = login(Client(server.url), role, PASSWORDS[role])["accessToken"]
    return token


def _refused(body: dict[str, Any]) -> bool:
    return body.get("data") is None and error_codes(body) == ["FORBIDDEN"]


def test_defaults_by_environment() -> None:
    production = Settings(_env_file=None, env=Environment.PRODUCTION)  # type: ignore[call-arg]
    development = Settings(_env_file=None)  # type: ignore[call-arg]
    assert production.introspection_access is Access.AUTHENTICATED
    assert production.graphiql_access is Access.AUTHENTICATED
    assert development.introspection_access is Access.ON
    assert development.graphiql_access is Access.ON


def test_on_lets_anonymous_callers_introspect(anon: Client) -> None:
    types = anon.data(SCHEMA)["__schema"]["types"]
    assert len(types) > 100
    assert anon.data(TYPE)["__type"] == {"name": "Asset"}


def test_production_default_refuses_anonymous_introspection(servers: dict[str, Server]) -> None:
    server = servers["production"]
    body = Client(server.url).execute(SCHEMA)
    assert _refused(body), body
    assert "signing in" in body["errors"][0]["message"]
    signed_in = Client(server.url, _token(server))
    assert len(signed_in.data(SCHEMA)["__schema"]["types"]) > 100


@pytest.mark.parametrize("query", [SCHEMA, TYPE, *HIDDEN])
def test_authenticated_mode_refuses_every_shape_to_anonymous(servers: dict[str, Server],
                                                             query: str) -> None:
    server = servers["authenticated"]
    assert _refused(Client(server.url).execute(query))
    assert Client(server.url, _token(server)).execute(query).get("errors") is None


def test_typename_stays_allowed_for_anonymous(servers: dict[str, Server]) -> None:
    for mode in ("authenticated", "off", "production"):
        assert Client(servers[mode].url).data("{ __typename }") == {"__typename": "Query"}


def test_off_refuses_everyone_even_admins(servers: dict[str, Server]) -> None:
    server = servers["off"]
    for client in (Client(server.url), Client(server.url, _token(server, "admin"))):
        body = client.execute(TYPE)
        assert _refused(body), body
        assert "disabled" in body["errors"][0]["message"]


def test_refusal_runs_nothing_else_in_the_document(servers: dict[str, Server]) -> None:
    server = servers["authenticated"]
    server.counter.reset()
    body = Client(server.url).execute("{ assets(first: 5) { totalCount } __schema { types { name } } }")
    assert _refused(body)
    assert server.counter.count == 0


def test_empty_value_means_the_environment_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPDB_INTROSPECTION", "")
    monkeypatch.setenv("SHOPDB_GRAPHIQL", "off")
    settings = Settings(_env_file=None, env=Environment.PRODUCTION)  # type: ignore[call-arg]
    assert settings.introspection_access is Access.AUTHENTICATED
    assert settings.graphiql_access is Access.OFF
