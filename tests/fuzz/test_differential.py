"""Differential test: the fast execution path answers exactly as graphql-core's executor.

Two servers on one demo database: one executes with the plain-leaf shortcut (the default,
shopdb_gql/graphql/execution.py), the other with ``SHOPDB_EXECUTION=graphql-core``.
Queries generated from the live schema for every root field (random selections over the
types reachable from it, inline fragments on interfaces, odd arguments that make resolvers
fail and null out non-null fields) are decorated at random with aliases and with
``@skip``/``@include`` on literals and on a variable, then sent to both, as an admin and as
a viewer (who is refused parts, so errors and null propagation are exercised). The answers
must be byte-identical: status, data, errors with their paths and locations, field order.
Only the request ids in masked errors differ between two requests, and are blanked.

This is the contract any faster executor (issue #18's compiled plans) must keep.
``SHOPDB_FUZZ_EXAMPLES`` sets the operations per root field and role (``make bench``: many).
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
from collections.abc import Iterator
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_graphql import queries
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from shopdb_gql.graphql.execution import FastLeafExecutionContext
from tests import harness
from tests.fuzz.strategies import CUSTOM_SCALARS, FUZZ_SETTINGS, root_fields
from tests.harness import PASSWORDS, Client, Server, fresh_database, login, prepare

REQUEST_ID = re.compile(rb"[0-9a-f]{32}")


class Twins:
    def __init__(self, fast: Server, core: Server) -> None:
        self.fast, self.core = fast, core
        # Signed in through the reference executor; both must know who is asking.
        self.tokens = {role: login(Client(core.url), role, PASSWORDS[role])["accessToken"]
                       for role in ("admin", "viewer")}
        self.http = httpx.Client(timeout=30)
        for role in self.tokens:
            for answer in self.both({"query": "{ me { username role } }"}, role):
                assert answer.json()["data"]["me"]["username"] == role, answer.text

    def both(self, body: dict[str, Any], role: str) -> tuple[httpx.Response, httpx.Response]:
        headers = {"authorization": f"Bearer {self.tokens[role]}"}
        return (self.http.post(f"{self.fast.url}/graphql", json=body, headers=headers),
                self.http.post(f"{self.core.url}/graphql", json=body, headers=headers))


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Twins]:
    with fresh_database(tmp_path_factory.mktemp("differential")) as url:
        prepare(harness.test_settings(url), demo=True)
        fast = Server(harness.test_settings(url, execution="fast")).start()
        core = Server(harness.test_settings(url, execution="graphql-core")).start()
        try:
            # Two executors indeed (else the comparison below would prove nothing).
            executors = [server.runtime.served.schema.execution_context_class
                         for server in (fast, core) if server.runtime.served is not None]
            assert executors == [FastLeafExecutionContext, StrawberryGraphQLCoreExecutionContext]
            pair = Twins(fast, core)
            yield pair
            pair.http.close()
        finally:
            fast.stop()
            core.stop()


@pytest.fixture(scope="module")
def live_schema(twins: Twins) -> graphql.GraphQLSchema:
    body = {"query": graphql.get_introspection_query()}
    answer, _ = twins.both(body, "admin")
    return graphql.build_client_schema(answer.json()["data"])


def _name(value: str) -> graphql.NameNode:
    return graphql.NameNode(value=value)


def _directive(name: str, condition: graphql.ValueNode) -> graphql.DirectiveNode:
    return graphql.DirectiveNode(name=_name(name), arguments=(
        graphql.ArgumentNode(name=_name("if"), value=condition),))


def decorate(operation: str, rnd: random.Random) -> tuple[str, dict[str, Any]]:
    """``operation`` with aliases and @skip/@include added at random (some on a ``$on``
    variable, whose value is drawn too)."""
    numbers = itertools.count()
    uses_variable = False

    class Decorate(graphql.Visitor):
        def enter_field(self, node: graphql.FieldNode, *_: Any) -> graphql.FieldNode:
            nonlocal uses_variable
            changes: dict[str, Any] = {}
            if rnd.random() < 0.25:
                changes["alias"] = _name(f"a{next(numbers)}_{node.name.value}")
            roll, added = rnd.random(), None
            if roll < 0.2:
                added = _directive("skip" if roll < 0.1 else "include",
                                   graphql.BooleanValueNode(value=rnd.random() < 0.5))
            elif roll < 0.3:
                uses_variable = True
                added = _directive("include" if rnd.random() < 0.5 else "skip",
                                   graphql.VariableNode(name=_name("on")))
            if added is not None:
                changes["directives"] = (*(node.directives or ()), added)
            return dataclasses.replace(node, **changes) if changes else node

    document = graphql.visit(graphql.parse(operation), Decorate())
    variables: dict[str, Any] = {}
    if uses_variable:
        on = graphql.VariableDefinitionNode(
            variable=graphql.VariableNode(name=_name("on")),
            type=graphql.NonNullTypeNode(type=graphql.NamedTypeNode(name=_name("Boolean"))))
        document = dataclasses.replace(document, definitions=tuple(
            dataclasses.replace(d, variable_definitions=(*(d.variable_definitions or ()), on))
            if isinstance(d, graphql.OperationDefinitionNode) else d
            for d in document.definitions))
        variables["on"] = rnd.random() < 0.5
    return graphql.print_ast(document), variables


def test_decorate_adds_aliases_directives_and_a_variable() -> None:
    query = "{ assets(first: 2) { nodes { id name status { name } } } }"
    seen: set[str] = set()
    for seed in range(40):
        decorated, variables = decorate(query, random.Random(seed))
        graphql.parse(decorated)  # still a document
        seen |= {m for m in ("@skip", "@include", "$on", "a0_") if m in decorated}
        assert ("$on" in decorated) == ("on" in variables)
    assert seen == {"@skip", "@include", "$on", "a0_"}


def _same(fast: httpx.Response, core: httpx.Response, body: dict[str, Any]) -> None:
    shown = f"\n--- operation ---\n{body['query']}\n--- variables ---\n{body['variables']}"
    assert fast.status_code == core.status_code, (
        f"status {fast.status_code} (fast) vs {core.status_code} (graphql-core){shown}")
    assert REQUEST_ID.sub(b"<id>", fast.content) == REQUEST_ID.sub(b"<id>", core.content), (
        f"fast:\n{fast.text[:2000]}\ngraphql-core:\n{core.text[:2000]}{shown}")


@pytest.mark.parametrize("role", ["admin", "viewer"])
@pytest.mark.parametrize("field", root_fields("Query"))
def test_fast_execution_answers_as_graphql_core(field: str, role: str, twins: Twins,
                                                live_schema: graphql.GraphQLSchema) -> None:
    query_type = live_schema.query_type
    assert query_type is not None and field in query_type.fields, f"{field} is not served"
    strategy = queries(live_schema, fields=[field], custom_scalars=CUSTOM_SCALARS)
    answered = 0

    @FUZZ_SETTINGS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        nonlocal answered
        operation = data.draw(strategy, label="operation")
        query, variables = decorate(operation, data.draw(st.randoms(use_true_random=False)))
        body = {"query": query, "variables": variables}
        fast, core = twins.both(body, role)
        _same(fast, core, body)
        answered += fast.status_code == 200 and fast.json().get("data") is not None

    run()
    if role == "admin":  # the admin may read every root field: some answers carry data
        assert answered > 0, "no generated operation answered with data"
