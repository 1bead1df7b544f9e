"""Execution only: the bench query run by graphql-core, the fast path and compiled plans.

The document of ``tests/benchmarks/run.py`` is parsed and validated once; each executor then
runs it with graphql-core's ``execute`` (what Strawberry calls, with Strawberry's
``is_awaitable``) over the same 100 objects held in memory, in one event loop, rounds
interleaved so a busy machine slows all three alike. No HTTP, no database, no extensions.
Two schemas of the query's shape:

- ``attributes``: every field below ``assets`` a plain attribute (``tests/benchmarks/floor.py``);
- ``resolvers``: as the real schema is built: ``nodes`` is a list of an interface (a type
  resolved per node, ``is_type_of`` checked), and ``status``, ``location``, ``position`` and
  ``relationships`` are resolvers taking ``info`` that answer from a cache synchronously
  (as the real ones do when the page's loaders are warm, docs/adr/008). Also timed alone:
  those resolvers through their GraphQL resolve functions (Strawberry's wrappers) with their
  ResolveInfo, resolve_type and is_type_of, as graphql-core and the fast path call them,
  so their own share shows; compiled plans call the resolvers without the wrapper.

    python -m tests.benchmarks.execution [ROUNDS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import (
    ExecutionResult,
    GraphQLInterfaceType,
    GraphQLObjectType,
    execute,
    parse,
    validate,
)
from graphql.pyutils import Path
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from shopdb_gql.graphql.compiled import CompiledExecutionContext
from shopdb_gql.graphql.execution import FastLeafExecutionContext
from tests.benchmarks.floor import Link, Named, Node, Position, Source
from tests.benchmarks.run import QUERY

EXECUTORS: dict[str, type[StrawberryGraphQLCoreExecutionContext]] = {
    "graphql-core": StrawberryGraphQLCoreExecutionContext,
    "fast": FastLeafExecutionContext,
    "compiled": CompiledExecutionContext,
}
N = 100
STRAWBERRY = "resolvers' own work"


def plain_nodes() -> list[Node]:
    return [Node(id=strawberry.ID(str(i)), asset_tag=f"B-{i:06d}", name=f"bench-{i}",
                 kind="computer", serial_number=None if i % 4 else f"SN{i}",
                 status=Named(name="in use"),
                 location=Named(name="Hall 2") if i % 5 else None,
                 position=Position(x=i * 1.5, y=i * 0.5, source=Source.ASSET) if i % 3 else None,
                 relationships=[Link(type="connected", target_id=strawberry.ID(str(i + 1)))]
                 * (i % 3))
            for i in range(N)]


@strawberry.type
class Page:
    total_count: int
    nodes: list[Node]


@strawberry.type
class AttributesQuery:
    @strawberry.field
    async def assets(self, first: int = 50) -> Page:
        return Page(total_count=N, nodes=NODES[:first])


NODES = plain_nodes()
CACHE: dict[str, Node] = {str(n.id): n for n in NODES}


@strawberry.interface
class Asset:
    id: strawberry.ID
    asset_tag: str
    name: str
    kind: str
    serial_number: str | None

    @strawberry.field
    def status(self, info: strawberry.Info) -> Named:
        return CACHE[self.id].status

    @strawberry.field
    def location(self, info: strawberry.Info) -> Named | None:
        return CACHE[self.id].location

    @strawberry.field
    def position(self, info: strawberry.Info) -> Position | None:
        return CACHE[self.id].position

    @strawberry.field
    def relationships(self, info: strawberry.Info) -> list[Link]:
        return CACHE[self.id].relationships


@strawberry.type
class Computer(Asset):
    hostname: str | None = None


@strawberry.type
class AssetPage:
    total_count: int
    nodes: list[Asset]


COMPUTERS = [Computer(id=n.id, asset_tag=n.asset_tag, name=n.name, kind=n.kind,
                      serial_number=n.serial_number) for n in NODES]


@strawberry.type
class ResolversQuery:
    @strawberry.field
    async def assets(self, first: int = 50) -> AssetPage:
        return AssetPage(total_count=N, nodes=list(COMPUTERS[:first]))


SCHEMAS = {"attributes": strawberry.Schema(query=AttributesQuery),
           "resolvers": strawberry.Schema(query=ResolversQuery, types=[Computer])}


async def run_once(schema: strawberry.Schema, document: Any, executor: type) -> ExecutionResult:
    result: Any = execute(schema._schema, document, executor_class=executor,
                          is_awaitable=optimized_is_awaitable)  # type: ignore[arg-type]
    return await result if optimized_is_awaitable(result) else result


def resolver_work(document: Any) -> Callable[[], None]:
    """What any executor of the ``resolvers`` shape must do besides its own bookkeeping: per
    node, the four resolvers with a ResolveInfo each, the interface's resolve_type and the
    type's is_type_of (Strawberry's code, the same under every executor)."""
    schema = SCHEMAS["resolvers"]._schema
    executor = CompiledExecutionContext.build(schema, document)
    assert isinstance(executor, CompiledExecutionContext)
    computer, asset = schema.type_map["Computer"], schema.type_map["Asset"]
    assert isinstance(computer, GraphQLObjectType) and isinstance(asset, GraphQLInterfaceType)
    fields = [computer.fields[name] for name in ("status", "location", "position", "relationships")]
    nodes = [document.definitions[0].selection_set.selections[0]]
    resolve_type, is_type_of = asset.resolve_type, computer.is_type_of
    assert resolve_type is not None and is_type_of is not None

    def run() -> None:
        for index, node in enumerate(COMPUTERS):
            path = Path(Path(None, "nodes", "AssetPage"), index, None)
            for field in fields:
                info = executor.build_resolve_info(field, nodes, computer, Path(path, "x", None))
                field.resolve(node, info)
            resolve_type(node, info, asset)
            is_type_of(node, info)
    return run


async def measure(rounds: int, per_round: int) -> dict[str, dict[str, float]]:
    document = parse(QUERY)
    timings: dict[str, dict[str, list[float]]] = {s: {e: [] for e in EXECUTORS} for s in SCHEMAS}
    for shape, schema in SCHEMAS.items():
        assert not validate(schema._schema, document)
        answers = {name: await run_once(schema, document, cls) for name, cls in EXECUTORS.items()}
        assert all(a == answers["graphql-core"] for a in answers.values()), shape
        assert not answers["graphql-core"].errors, answers["graphql-core"].errors
    work, floor = resolver_work(document), timings["resolvers"].setdefault(STRAWBERRY, [])
    for _ in range(rounds):
        for shape, schema in SCHEMAS.items():
            for name, cls in EXECUTORS.items():
                start = time.perf_counter()
                for _ in range(per_round):
                    await run_once(schema, document, cls)
                timings[shape][name].append((time.perf_counter() - start) / per_round * 1000)
        start = time.perf_counter()
        for _ in range(per_round):
            work()
        floor.append((time.perf_counter() - start) / per_round * 1000)
    return {shape: {name: statistics.median(ms) for name, ms in by_executor.items()}
            for shape, by_executor in timings.items()}


def main(rounds: int = 15) -> None:
    medians = asyncio.run(measure(rounds, per_round=20))
    print(f"execution only, assets(first: {N}) with nested fields; median ms per execution "
          f"over {rounds} interleaved rounds of 20")
    for shape, by_executor in medians.items():
        core, own = by_executor["graphql-core"], by_executor.pop(STRAWBERRY, 0.0)
        cells = "  ".join(f"{name} {ms:6.2f} ms ({core / ms:4.2f}x)"
                          for name, ms in by_executor.items())
        print(f"{shape:10}  {cells}")
        if own:  # compiled plans call these resolvers without Strawberry's wrapper
            overhead = "  ".join(f"{name} {by_executor[name] - own:5.2f} ms"
                                 for name in ("graphql-core", "fast"))
            print(f"{'':10}  of which Strawberry's resolvers through their wrappers "
                  f"{own:.2f} ms (graphql-core and fast call them so; compiled calls the "
                  f"functions directly, plans.direct_resolver); the rest: {overhead}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
