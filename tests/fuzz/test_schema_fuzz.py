"""Schema-driven fuzzing: generated queries and mutations, per root field and role, must
each get a GraphQL JSON answer - never a 5xx, a non-GraphQL body or a masked server error.

Valid operations (hypothesis-graphql's POSITIVE mode) reach the resolvers with odd but
well-typed arguments; invalid ones (NEGATIVE mode) check that validation answers cleanly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, queries

from tests.fuzz.conftest import Sessions
from tests.fuzz.oracle import contract_problems, send
from tests.fuzz.strategies import CUSTOM_SCALARS, FUZZ_SETTINGS, ROLES, root_fields
from tests.harness import Server, fresh_database, prepare, test_settings

# Fields whose generated calls could take the fuzzing session itself away (disable the
# admin, turn plugins and so root fields off): each runs as admin on a server of its own.
ISOLATED = frozenset({"updateUser", "setPluginEnabled"})
# Fields that may end the caller's session: log in again afterwards.
SESSION_ENDING = frozenset({"logout", "refreshToken", "updateUser", "changeMyPassword",
                            "revokeMySession", "revokeMyOtherSessions"})


@pytest.fixture(scope="package")
def live_schema(fuzz_server: Server, sessions: Sessions, http: httpx.Client) -> graphql.GraphQLSchema:
    """The schema as served (the fuzz targets what clients see, not the committed file)."""
    response = http.post(f"{fuzz_server.url}/graphql", timeout=30,
                         json={"query": graphql.get_introspection_query()},
                         headers={"authorization": f"Bearer {sessions.token('admin')}"})
    return graphql.build_client_schema(response.json()["data"])


@pytest.fixture
def target(request: pytest.FixtureRequest, fuzz_server: Server, sessions: Sessions,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Sessions]]:
    """The server URL and sessions to fuzz ``field`` on: the shared fuzz server, or a fresh
    one for the ISOLATED fields as admin."""
    field, role = request.node.callspec.params["field"], request.node.callspec.params["role"]
    if field not in ISOLATED or role != "admin":
        yield fuzz_server.url, sessions
        return
    with fresh_database(tmp_path_factory.mktemp("isolated")) as url:
        prepare(test_settings(url), demo=True)
        srv = Server(test_settings(url)).start()
        try:
            yield srv.url, Sessions(srv.url)
        finally:
            srv.stop()


def _post(http: httpx.Client, url: str, token: str | None, operation: str) -> None:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    answer = send(http, f"{url}/graphql", json={"query": operation}, headers=headers)
    problems = contract_problems(answer)
    assert not problems, f"{problems[0]}\n--- operation ---\n{operation}"


def _fuzz(data: st.DataObject, strategy: st.SearchStrategy[str], http: httpx.Client,
          target: tuple[str, Sessions], role: str) -> None:
    url, sessions = target
    operation = data.draw(strategy, label="operation")
    _post(http, url, sessions.token(role), operation)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", root_fields("Query"))
def test_generated_queries(field: str, role: str, live_schema: graphql.GraphQLSchema,
                           target: tuple[str, Sessions], http: httpx.Client) -> None:
    query_type = live_schema.query_type
    assert query_type is not None, "the served schema has no Query type"
    if field not in query_type.fields:
        pytest.skip(f"{field} is not served (its plugin is disabled)")
    strategy = queries(live_schema, fields=[field], custom_scalars=CUSTOM_SCALARS)

    @FUZZ_SETTINGS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _fuzz(data, strategy, http, target, role)

    run()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", root_fields("Mutation"))
def test_generated_mutations(field: str, role: str, live_schema: graphql.GraphQLSchema,
                             target: tuple[str, Sessions], http: httpx.Client) -> None:
    mutation_type = live_schema.mutation_type
    if mutation_type is None or field not in mutation_type.fields:
        pytest.skip(f"{field} is not served (its plugin is disabled)")
    strategy = mutations(live_schema, fields=[field], custom_scalars=CUSTOM_SCALARS)

    @FUZZ_SETTINGS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _fuzz(data, strategy, http, target, role)

    try:
        run()
    finally:
        if field in SESSION_ENDING:
            target[1].forget(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("root", ["query", "mutation"])
def test_invalid_operations(root: str, role: str, live_schema: graphql.GraphQLSchema,
                            fuzz_server: Server, sessions: Sessions, http: httpx.Client) -> None:
    """Operations with one schema violation each (wrong type, missing argument, unknown
    enum value) are refused by validation with a GraphQL error, never a 500."""
    make: Any = queries if root == "query" else mutations
    strategy = make(live_schema, custom_scalars=CUSTOM_SCALARS, mode=Mode.NEGATIVE)

    @FUZZ_SETTINGS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _fuzz(data, strategy, http, (fuzz_server.url, sessions), role)

    run()
