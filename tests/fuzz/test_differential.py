"""Differential test: the faster executors answer exactly as graphql-core's executor.

Three servers on one demo database: one executes from compiled plans (the default,
``SHOPDB_EXECUTION=compiled``, shopdb_gql/graphql/compiled.py), one with the plain-leaf
shortcut (``fast``, shopdb_gql/graphql/execution.py), the reference with ``graphql-core``.
Queries generated from the live schema for every root field (random selections over the
types reachable from it, inline fragments on interfaces, odd arguments that make resolvers
fail and null out non-null fields) are rewritten at random as clients write them: aliases,
``@skip``/``@include`` on literals and on a variable, argument values sent as typed
variables, inline fragments turned into named fragments; then sent to all three, as an admin and as
a viewer (who is refused parts, so errors and null propagation are exercised). The answers
must be byte-identical: status, data, errors with their paths and locations, field order.
Only the request ids in masked errors differ between two requests, and are blanked; a pair
that differs is asked again once (a value that moves with the clock may tick between the
two), and must then match.

This is the contract any faster executor must keep; each one is compared with graphql-core.
``SHOPDB_FUZZ_EXAMPLES`` sets the operations per root field and role (``make bench``: many).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
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

from shopdb_gql.graphql.compiled import CompiledExecutionContext
from shopdb_gql.graphql.execution import FastLeafExecutionContext
from tests import harness
from tests.fuzz.strategies import CUSTOM_SCALARS, FUZZ_SETTINGS, root_fields
from tests.harness import PASSWORDS, Client, Server, fresh_database, login, prepare

REQUEST_ID = re.compile(rb"[0-9a-f]{32}")


REFERENCE = "graphql-core"
CANDIDATES = ("fast", "compiled")


class Twins:
    """The candidate executors' servers and the reference's, answering the same requests."""

    def __init__(self, servers: dict[str, Server]) -> None:
        self.servers = servers
        # Signed in through the reference executor; all must know who is asking.
        self.tokens = {role: login(Client(servers[REFERENCE].url), role,
                                   PASSWORDS[role])["accessToken"]
                       for role in ("admin", "viewer")}
        self.http = httpx.Client(timeout=30)
        for role in self.tokens:
            for answer in self.all({"query": "{ me { username role } }"}, role).values():
                assert answer.json()["data"]["me"]["username"] == role, answer.text

    def all(self, body: dict[str, Any], role: str) -> dict[str, httpx.Response]:
        headers = {"authorization": f"Bearer {self.tokens[role]}"}
        return {name: self.http.post(f"{server.url}/graphql", json=body, headers=headers)
                for name, server in self.servers.items()}


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Twins]:
    with fresh_database(tmp_path_factory.mktemp("differential")) as url:
        prepare(harness.test_settings(url), demo=True)
        servers: dict[str, Server] = {}
        try:
            for name in (*CANDIDATES, REFERENCE):
                servers[name] = Server(harness.test_settings(url, execution=name)).start()
            # Three executors indeed (else the comparison below would prove nothing).
            executors = [server.runtime.served.schema.execution_context_class
                         for server in servers.values() if server.runtime.served is not None]
            assert executors == [FastLeafExecutionContext, CompiledExecutionContext,
                                 StrawberryGraphQLCoreExecutionContext]
            pair = Twins(servers)
            # ...and the compiled server ran its queries from plans, not all on the fallback
            # (a schema extension with a resolve hook would quietly turn compilation off).
            served = servers["compiled"].runtime.served
            assert served is not None
            entries = CompiledExecutionContext.plans.entries(served.schema._schema).values()
            assert any(plan is not None for entry in entries for plan in entry.plans.values())
            yield pair
            pair.http.close()
        finally:
            for server in servers.values():
                server.stop()


@pytest.fixture(scope="module")
def live_schema(twins: Twins) -> graphql.GraphQLSchema:
    body = {"query": graphql.get_introspection_query()}
    answer = twins.all(body, "admin")[REFERENCE]
    return graphql.build_client_schema(answer.json()["data"])


def _name(value: str) -> graphql.NameNode:
    return graphql.NameNode(value=value)


def _directive(name: str, condition: graphql.ValueNode) -> graphql.DirectiveNode:
    return graphql.DirectiveNode(name=_name(name), arguments=(
        graphql.ArgumentNode(name=_name("if"), value=condition),))


def _variable(name: str, type_: graphql.GraphQLInputType) -> graphql.VariableDefinitionNode:
    return graphql.VariableDefinitionNode(variable=graphql.VariableNode(name=_name(name)),
                                          type=graphql.parse_type(str(type_)))


def _as_json(literal: graphql.ValueNode) -> tuple[bool, Any]:
    """(True, the JSON value a client would send for ``literal``), or (False, None) when
    JSON cannot carry it (an infinite float)."""
    if any(isinstance(n, graphql.VariableNode) for n in _walk(literal)):
        return False, None
    value = graphql.value_from_ast_untyped(literal)
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False, None
    return True, value


def _walk(node: graphql.ValueNode) -> Iterator[graphql.ValueNode]:
    yield node
    if isinstance(node, graphql.ListValueNode):
        for item in node.values:
            yield from _walk(item)
    elif isinstance(node, graphql.ObjectValueNode):
        for entry in node.fields:
            yield from _walk(entry.value)


def decorate(operation: str, rnd: random.Random,
             schema: graphql.GraphQLSchema | None = None) -> tuple[str, dict[str, Any]]:
    """``operation`` rewritten at random as clients write it: aliases; @skip/@include on
    literals and on a ``$on`` variable; argument literals sent as typed variables instead
    (with ``schema``); inline fragments turned into named fragment spreads."""
    numbers = itertools.count()
    definitions: list[graphql.VariableDefinitionNode] = []
    variables: dict[str, Any] = {}
    fragments: list[graphql.FragmentDefinitionNode] = []
    type_info = graphql.TypeInfo(schema) if schema is not None else None

    class Decorate(graphql.Visitor):
        def enter_field(self, node: graphql.FieldNode, *_: Any) -> graphql.FieldNode:
            changes: dict[str, Any] = {}
            if rnd.random() < 0.25:
                changes["alias"] = _name(f"a{next(numbers)}_{node.name.value}")
            roll, added = rnd.random(), None
            if roll < 0.2:
                added = _directive("skip" if roll < 0.1 else "include",
                                   graphql.BooleanValueNode(value=rnd.random() < 0.5))
            elif roll < 0.3:
                if "on" not in variables:
                    definitions.append(_variable("on", graphql.GraphQLNonNull(graphql.GraphQLBoolean)))
                    variables["on"] = rnd.random() < 0.5
                added = _directive("include" if rnd.random() < 0.5 else "skip",
                                   graphql.VariableNode(name=_name("on")))
            if added is not None:
                changes["directives"] = (*(node.directives or ()), added)
            return dataclasses.replace(node, **changes) if changes else node

        def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> graphql.ArgumentNode:
            input_type = type_info.get_input_type() if type_info is not None else None
            if input_type is None or rnd.random() >= 0.35:
                return node
            sendable, value = _as_json(node.value)
            if not sendable:
                return node
            name = f"v{next(numbers)}"
            definitions.append(_variable(name, input_type))
            variables[name] = value
            return dataclasses.replace(node, value=graphql.VariableNode(name=_name(name)))

        def leave_inline_fragment(self, node: graphql.InlineFragmentNode,
                                  *_: Any) -> graphql.Node:
            if node.type_condition is None or rnd.random() >= 0.4:
                return node
            name = _name(f"F{next(numbers)}")
            fragments.append(graphql.FragmentDefinitionNode(
                name=name, type_condition=node.type_condition, directives=(),
                variable_definitions=None, selection_set=node.selection_set))
            return graphql.FragmentSpreadNode(name=name, directives=node.directives or ())

    visitor: graphql.Visitor = Decorate()
    if type_info is not None:
        visitor = graphql.TypeInfoVisitor(type_info, visitor)
    document = graphql.visit(graphql.parse(operation), visitor)
    document = dataclasses.replace(document, definitions=(*(
        dataclasses.replace(d, variable_definitions=(*(d.variable_definitions or ()), *definitions))
        if isinstance(d, graphql.OperationDefinitionNode) else d
        for d in document.definitions), *fragments))
    return graphql.print_ast(document), variables


def test_decorate_keeps_the_operation_valid_and_uses_every_rewrite() -> None:
    schema = graphql.build_schema((harness.ROOT / "schema.graphql").read_text())
    query = """{ search(text: "pc", first: 3) { id asset { id ... on Computer { hostname } } }
      assets(first: 2, filter: {kinds: ["computer"]}) { nodes { id name status { name } } } }"""
    seen: set[str] = set()
    for seed in range(60):
        decorated, variables = decorate(query, random.Random(seed), schema)
        assert graphql.validate(schema, graphql.parse(decorated)) == [], decorated
        seen |= {m for m in ("@skip", "@include", "$on", "a0_", "$v", "fragment F")
                 if m in decorated}
        for name, value in variables.items():
            assert f"${name}:" in decorated
            json.dumps(value, allow_nan=False)
    assert seen == {"@skip", "@include", "$on", "a0_", "$v", "fragment F"}


def _alike(answers: dict[str, httpx.Response]) -> bool:
    core = answers[REFERENCE]
    return all(answer.status_code == core.status_code
               and REQUEST_ID.sub(b"<id>", answer.content) == REQUEST_ID.sub(b"<id>", core.content)
               for answer in answers.values())


def _same(answers: dict[str, httpx.Response], body: dict[str, Any]) -> None:
    shown = f"\n--- operation ---\n{body['query']}\n--- variables ---\n{body['variables']}"
    core = answers[REFERENCE]
    for name in CANDIDATES:
        answer = answers[name]
        assert answer.status_code == core.status_code, (
            f"status {answer.status_code} ({name}) vs {core.status_code} (graphql-core){shown}")
        assert REQUEST_ID.sub(b"<id>", answer.content) == REQUEST_ID.sub(b"<id>", core.content), (
            f"{name}:\n{answer.text[:2000]}\ngraphql-core:\n{core.text[:2000]}{shown}")


@pytest.mark.parametrize("role", ["admin", "viewer"])
@pytest.mark.parametrize("field", root_fields("Query"))
def test_faster_executors_answer_as_graphql_core(field: str, role: str, twins: Twins,
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
        query, variables = decorate(operation, data.draw(st.randoms(use_true_random=False)),
                                    live_schema)
        body = {"query": query, "variables": variables}
        answers = twins.all(body, role)
        if not _alike(answers):
            # Asked again once: a value that moves with the clock (the dashboard's
            # "changed in the last 24 hours" link) may have ticked between the two requests;
            # an executor's difference does not go away.
            answers = twins.all(body, role)
        _same(answers, body)
        core = answers[REFERENCE]
        answered += core.status_code == 200 and core.json().get("data") is not None

    run()
    if role == "admin":  # the admin may read every root field: some answers carry data
        assert answered > 0, "no generated operation answered with data"
