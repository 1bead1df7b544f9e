"""The plain-leaf fast path gives exactly graphql-core's results, errors included."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import GraphQLObjectType
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from shopdb_gql.graphql.execution import FastLeafExecutionContext, leaf_plan


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.interface
class Thing:
    id: strawberry.ID
    name: str


@strawberry.type
class Widget(Thing):
    colour: Colour
    made: datetime
    weight: float | None
    count: int
    label: str  # set to None below: a null in a non-null field must still be an error

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def scaled(self, factor: int = 2) -> int:
        return self.count * factor


def widgets() -> list[Widget]:
    made = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return [Widget(id=strawberry.ID(str(i)), name=f"w{i}", colour=Colour.RED if i % 2 else Colour.BLUE,
                   made=made, weight=None if i % 3 else 1.5, count=i,
                   label=None if i == 3 else f"L{i}")  # type: ignore[arg-type]
            for i in range(6)]


@strawberry.type
class Query:
    @strawberry.field
    def things(self) -> list[Thing]:
        return list(widgets())

    @strawberry.field
    async def widgets(self) -> list[Widget | None]:
        return list(widgets())

    @strawberry.field
    def bad_count(self) -> int:
        return "many"  # type: ignore[return-value]


QUERIES = [
    "{ things { __typename id name ... on Widget { colour made weight count shout scaled(factor: 3) } } }",
    "{ widgets { id name label } }",
    "{ widgets { id weight made colour } }",
    "{ widgets { id label } }",
    "{ badCount }",
    "{ a: things { id } b: things { name } }",
]


def run(query: str, *, fast: bool, extensions: list[Any] | None = None) -> dict[str, Any]:
    schema = strawberry.Schema(query=Query, types=[Widget], extensions=extensions or [],
                               execution_context_class=FastLeafExecutionContext if fast else None)
    result = asyncio.run(schema.execute(query))
    return {"data": result.data,
            "errors": sorted((e.message, tuple(e.path or ())) for e in result.errors or [])}


@pytest.mark.parametrize("query", QUERIES)
def test_fast_path_matches_graphql_core(query: str) -> None:
    assert run(query, fast=True) == run(query, fast=False)


def test_errors_are_reported_where_graphql_core_reports_them() -> None:
    result = run("{ widgets { id label } }", fast=True)
    assert result["errors"] == [("Cannot return null for non-nullable field Widget.label.",
                                 ("widgets", 3, "label"))]
    assert result["data"]["widgets"][3] is None and result["data"]["widgets"][2]["label"] == "L2"
    result = run("{ badCount }", fast=True)
    assert result == {"data": None,
                      "errors": [("Int cannot represent non-integer value: 'many'", ("badCount",))]}


def test_only_plain_argument_free_leaves_take_the_fast_path() -> None:
    schema = strawberry.Schema(query=Query, types=[Widget])
    widget = schema._schema.type_map["Widget"]
    assert isinstance(widget, GraphQLObjectType)
    plans = {name: leaf_plan(field) for name, field in widget.fields.items()}
    assert {name for name, plan in plans.items() if plan is not None} == {
        "id", "name", "colour", "made", "weight", "count", "label"}
    assert plans["label"] is not None and plans["label"][2] is True
    assert plans["weight"] is not None and plans["weight"][2] is False


def test_plain_leaves_do_not_reach_graphql_cores_field_execution(
        monkeypatch: pytest.MonkeyPatch) -> None:
    reached: list[str] = []
    slow = StrawberryGraphQLCoreExecutionContext.execute_field

    def spy(self: Any, parent_type: Any, source: Any, fields: Any, *args: Any) -> Any:
        reached.append(f"{parent_type.name}.{fields[0].node.name.value}")
        return slow(self, parent_type, source, fields, *args)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_field", spy)
    result = run("{ widgets { id name colour weight shout } }", fast=True)
    assert result["errors"] == [] and len(result["data"]["widgets"]) == 6
    assert sorted(set(reached)) == ["Query.widgets", "Widget.shout"], reached


class Upper(SchemaExtension):
    """A resolve hook (graphql-core middleware): every field must still go through it."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        value = _next(root, info, *args, **kwargs)
        return value.upper() if isinstance(value, str) and info.field_name == "name" else value


def test_resolve_hooks_still_see_every_field() -> None:
    result = run("{ widgets { name } }", fast=True, extensions=[Upper])
    assert [w["name"] for w in result["data"]["widgets"]] == [f"W{i}" for i in range(6)]
