"""Compiled execution answers as graphql-core, caches its plans per document and schema, and
hands what it does not cover to the normal path."""

from __future__ import annotations

import asyncio
import gc
import json
import weakref
from collections.abc import AsyncGenerator, Iterator
from enum import Enum
from typing import Annotated, Any

import pytest
import strawberry
from graphql import GraphQLEnumType, GraphQLObjectType, GraphQLScalarType
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.permission import BasePermission

from shopdb_gql.graphql.compiled import CompiledExecutionContext, awaitable_by_class
from shopdb_gql.graphql.plans import (
    Completion,
    PlanCache,
    SelectionPlan,
    decided_by_class,
    direct_resolver,
    leaf_coercer,
)

SEEN: list[Any] = []  # the raw ResolveInfo each call of Part.seen got


class Never(BasePermission):
    message = "Not for you"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return False


@strawberry.enum
class Shade(Enum):
    LIGHT = "light"  # a value that is not its name
    DARK = "DARK"


@strawberry.type
class Label:
    text: str


async def _label_later(text: str) -> Label:
    await asyncio.sleep(0)
    return Label(text=text)


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Part(Named):
    number: int
    code: str = "c"  # set to None below: a null in a non-null field must still be an error
    # Plain enum attributes: members, and (set below) a raw value and one that is neither.
    shade: Shade = Shade.LIGHT
    maybe_shade: Shade | None = None

    @strawberry.field
    def broken(self) -> str:
        raise ValueError(f"part {self.number} is broken")

    @strawberry.field
    async def later(self) -> int:
        await asyncio.sleep(0)
        return self.number * 10

    @strawberry.field
    async def broken_later(self) -> int:
        await asyncio.sleep(0)
        raise ValueError(f"part {self.number} failed later")

    # Resolvers compiled plans call directly (plans.direct_resolver): Info under its usual
    # name and another (passed by position), keyword-only Info (passed by name), no Info at
    # all; and one a permission class wraps, which they do not.
    @strawberry.field
    def where(self, info: strawberry.Info) -> str:
        return f"{info.field_name} {info.path.as_list()} {self.name}"

    @strawberry.field
    def also(self, inf: strawberry.Info) -> str:
        return f"{inf.python_name} {type(inf.context).__name__}"

    @strawberry.field
    def keyed(self, *, info: strawberry.Info) -> str:
        return f"{info.field_name} {info.path.as_list()} {self.number}"

    @strawberry.field
    def doubled(self) -> int:
        return self.number * 2

    # Objects from resolvers taking only self (the executor's loop completes them in place):
    # an object, an error, an awaitable, a null in a non-null field.
    @strawberry.field
    def label(self) -> Label | None:
        if self.number == 1:
            raise ValueError("part 1 has no label")
        if self.number == 2:
            return _label_later("later 2")  # type: ignore[return-value]
        return Label(text=f"label {self.number}")

    @strawberry.field
    def sure_label(self) -> Label:
        return None if self.number == 1 else Label(text="sure")  # type: ignore[return-value]

    @strawberry.field
    def seen(self, info: strawberry.Info) -> int:
        SEEN.append(info._raw_info)
        return self.number

    @strawberry.field(permission_classes=[Never])
    def secret(self) -> str | None:
        return "leaked"


@strawberry.type
class Tool(Named):
    size: float | None


@strawberry.type
class Box:
    label: str
    parts: list[Part]
    maybe_parts: list[Part | None] | None
    # Lists that are not lists (a tuple, a generator) and a value that is no list at all.
    tupled: list[Part] | None = None

    @strawberry.field
    def first(self) -> Part:
        return self.parts[0]

    @strawberry.field
    def generated(self) -> list[Part]:
        return (p for p in self.parts)  # type: ignore[return-value]

    @strawberry.field
    def scalar(self) -> list[int] | None:
        return 7  # type: ignore[return-value]

    @strawberry.field
    def text(self) -> list[str] | None:
        return "abc"  # type: ignore[return-value]

    # Lists of a plain-leaves object: items made in the list's loop, or not (a null, an
    # error as a value, an awaitable, a null in a list of non-null items).
    @strawberry.field
    def labels(self) -> list[Label | None]:
        return [Label(text="a"), None, ValueError("bad label"),  # type: ignore[list-item]
                _label_later("later"), Label(text=None)]  # type: ignore[arg-type, list-item]

    @strawberry.field
    def sure_labels(self) -> list[Label] | None:
        return [Label(text="a"), None]  # type: ignore[list-item]


Thing = Annotated[Part | Tool, strawberry.union("Thing")]


def parts() -> list[Part]:
    made = [Part(name=f"p{i}", number=i, code=None if i == 1 else f"c{i}")  # type: ignore[arg-type]
            for i in range(3)]
    made[0].maybe_shade = Shade.DARK
    made[1].maybe_shade = "light"  # type: ignore[assignment]  # a raw value
    made[2].maybe_shade = "purple"  # type: ignore[assignment]  # neither: an error
    made[2].shade = Shade.DARK
    return made


@strawberry.type
class Query:
    @strawberry.field
    def box(self) -> Box | None:
        return Box(label="b", parts=parts(), maybe_parts=[*parts(), None],
                   tupled=tuple(parts()))  # type: ignore[arg-type]

    @strawberry.field
    async def named(self) -> list[Named]:
        return [*parts(), Tool(name="t", size=None)]

    @strawberry.field
    def things(self) -> list[Thing]:
        return [*parts(), Tool(name="t", size=2.5)]

    @strawberry.field
    def wrong(self) -> list[Named]:
        return [Box(label="not named", parts=[], maybe_parts=None)]  # type: ignore[list-item]

    @strawberry.field
    def echo(self, words: list[str], times: int = 1) -> str:
        words.append("!")  # a resolver that mutates its argument must not see it next time
        return " ".join(words * times)


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> int:
        return 1


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncGenerator[int, None]:
        for i in range(2):
            yield i


class Upper(SchemaExtension):
    """A resolve hook (graphql-core middleware): with one present nothing is compiled."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        value = _next(root, info, *args, **kwargs)
        return value.upper() if isinstance(value, str) and info.field_name == "name" else value


def schema(compiled: bool = True, extensions: list[Any] | None = None) -> strawberry.Schema:
    return strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription,
                             types=[Part, Tool], extensions=[ParserCache, *(extensions or [])],
                             execution_context_class=CompiledExecutionContext if compiled else None)


@pytest.fixture(autouse=True)
def plans(monkeypatch: pytest.MonkeyPatch) -> Iterator[PlanCache]:
    cache = PlanCache(operations=8, variants=4)
    monkeypatch.setattr(CompiledExecutionContext, "plans", cache)
    yield cache


def answer(s: strawberry.Schema, query: str, variables: dict[str, Any] | None = None) -> str:
    result = asyncio.run(s.execute(query, variable_values=variables))
    return json.dumps({"data": result.data, "errors": [e.formatted for e in result.errors or []]})


QUERIES = [
    "{ box { label parts { name number } first { number } } }",
    # a resolver error in a non-null field nulls the nearest nullable parent (box)
    "{ box { label parts { number broken } } }",
    "{ box { maybeParts { number broken } } }",
    "{ box { parts { number later brokenLater } } }",
    "{ box { maybeParts { number brokenLater } label } named { name } }",
    "{ named { __typename name ... on Part { number later } ... on Tool { size } } }",
    "{ things { __typename ... on Named { name } ... on Part { broken } ... on Tool { size } } }",
    "{ things { ... P } } fragment P on Part { number n: name }",
    "{ wrong { name } }",
    "{ box { maybeParts { number code } label } }",
    "{ box { parts { code } } named { ... on Part { code } } }",
    '{ a: echo(words: ["x", "y"], times: 2) b: echo(words: ["z"]) }',
    "{ box { a: label b: label parts { number } parts { name } } }",
    "{ box { parts { where also doubled secret w: where } } named { ... on Part { where } } }",
    "{ box { parts { keyed k: keyed } } named { ... on Part { keyed } } }",
    "{ box { parts { shade maybeShade } } things { ... on Part { shade s: maybeShade } } }",
    "{ box { tupled { number } generated { name } scalar label } }",
    "{ box { text label } }",
    "{ box { parts { number label { text } } maybeParts { label { __typename text } } } }",
    "{ box { maybeParts { number sureLabel { text } label { text } } label } }",
    "{ named { ... on Part { sureLabel { text } label { t: text } } } }",
    "{ box { labels { text } sureLabels { text } label } }",
    "{ box { labels { __typename t: text } } }",
]


@pytest.mark.parametrize("query", QUERIES)
def test_answers_as_graphql_core(query: str, plans: PlanCache) -> None:
    compiled, reference = schema(), schema(compiled=False)
    for _ in range(2):  # compiled on the first run, from the cache on the second
        assert answer(compiled, query) == answer(reference, query)
    assert plans.compiled == 1


def test_strawberry_resolvers_nothing_wraps_are_called_directly() -> None:
    """Strawberry's per-call wrapper is skipped only where it would do nothing but call the
    resolver: never past a permission class, an argument or a plain attribute."""
    part = schema()._schema.get_type("Part")
    assert isinstance(part, GraphQLObjectType)
    direct = {name for name, field in part.fields.items() if direct_resolver(
        schema()._schema, field) is not None}
    assert direct == {"where", "also", "keyed", "doubled", "seen", "broken", "later",
                      "brokenLater", "label", "sureLabel"}
    query = schema()._schema.query_type
    assert query is not None and direct_resolver(schema()._schema, query.fields["echo"]) is None
    answered = json.loads(answer(schema(),
                                 "{ box { parts { where also keyed doubled secret } } }"))
    assert answered["data"]["box"]["parts"][2] == {
        "where": "where ['box', 'parts', 2, 'where'] p2", "also": "also NoneType",
        "keyed": "keyed ['box', 'parts', 2, 'keyed'] 2", "doubled": 4, "secret": None}
    assert {e["message"] for e in answered["errors"]} == {"Not for you"}


def test_no_resolve_info_for_direct_resolvers_without_info(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A resolver called directly that takes no Info gets none built (an asset's status,
    location, position and relationships read ``current_loaders()`` for this); one that
    takes an Info, or that Strawberry's wrapper calls (a permission class), still does."""
    built: list[str] = []
    original = CompiledExecutionContext.build_resolve_info

    def counted(self: CompiledExecutionContext, *args: Any) -> Any:
        info = original(self, *args)
        built.append(info.field_name)
        return info

    monkeypatch.setattr(CompiledExecutionContext, "build_resolve_info", counted)
    answer(schema(), "{ box { first { doubled } parts { doubled where secret } } }")
    assert "doubled" not in built
    assert built.count("where") == built.count("secret") == 3
    assert "first" in built  # returns a Part, whose is_type_of takes an info


def test_resolvers_get_the_resolve_info_graphql_core_would_build() -> None:
    """The compiled path makes ResolveInfo tuples itself (after the first, which the base
    class builds): the same class and the same values, field by field, as the reference."""
    query = ("query Q($n: Int) { box { parts { seen } first { seen } } "
             "named { ... on Part { seen @skip(if: false) } } e: echo(words: [], times: $n) }")

    def infos(compiled: bool) -> list[tuple[Any, ...]]:
        SEEN.clear()
        asyncio.run(schema(compiled).execute(query, variable_values={"n": 1}, root_value="root",
                                             context_value={"who": "tester"}))
        return [(type(i).__name__, i._fields, i.field_name, [n.loc.start for n in i.field_nodes],
                 str(i.return_type), i.parent_type.name, i.path.as_list(),
                 sorted(i.fragments), i.root_value, i.operation.name.value, i.variable_values,
                 i.context, i.is_awaitable.__name__, *(type(v).__name__ for v in i[12:]))
                for i in SEEN]

    built = infos(compiled=True)
    assert len(built) == 7
    # this execution's own values (its abort signal, helpers bound to it) in every one
    assert all(all(a is b for a, b in zip(i[5:], SEEN[0][5:], strict=True)) for i in SEEN)
    assert built == infos(compiled=False)


def test_null_propagation_path_and_location() -> None:
    result = json.loads(answer(schema(), "{ box { label parts { number broken } } }"))
    # broken: String! in [Part!]! in a nullable box: the first error nulls the box, and
    # nothing under a nulled position is reported again
    assert result["data"] == {"box": None}
    assert [(e["path"], e["locations"]) for e in result["errors"]] == [
        (["box", "parts", 0, "broken"], [{"line": 1, "column": 30}])]


def test_the_plan_is_reused_for_the_same_document(plans: PlanCache) -> None:
    s = schema()
    seen: list[Any] = []

    class Spy(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            seen.append(self.execution_context.graphql_document)
            yield

    s = schema(extensions=[Spy])
    for _ in range(3):
        answer(s, "{ box { label } }")
    # Strawberry's parse cache hands out one document per query text: the plans' key holds.
    assert seen[0] is seen[1] is seen[2]
    assert plans.compiled == 1
    answer(s, "{ box { label } }", {"unused": 1})
    answer(s, "query Other { box { label } }")
    assert plans.compiled == 2


def test_a_new_schema_compiles_again_and_drops_the_old_plans(plans: PlanCache) -> None:
    first = schema()
    answer(first, "{ box { label } }")
    second = schema()
    answer(second, "{ box { label } }")
    assert plans.compiled == 2
    assert len(plans.entries(first._schema)) == len(plans.entries(second._schema)) == 1
    gone = weakref.ref(first._schema)
    del first
    gc.collect()
    assert gone() is None  # the plans did not keep the old schema alive


def test_the_cache_is_bounded(plans: PlanCache) -> None:
    s = schema()
    for i in range(30):
        answer(s, f"{{ box {{ label{' label' * i} }} }}")
    assert plans.compiled == 30
    entries = plans.entries(s._schema)
    assert len(entries) == plans.operations
    query = "query($a: Boolean!, $b: Boolean!, $c: Boolean!) { box { label @skip(if: $a) " \
            "l2: label @include(if: $b) l3: label @skip(if: $c) } }"
    for a in (True, False):
        for b in (True, False):
            for c in (True, False):
                answer(s, query, {"a": a, "b": b, "c": c})
    assert max(len(entry.plans) for entry in entries.values()) == plans.variants


def test_skip_and_include_on_variables(plans: PlanCache) -> None:
    query = """query($on: Boolean!) { box { label @include(if: $on) ... on Box @skip(if: $on) {
                 parts { number } } ... F } } fragment F on Box { first @include(if: $on) { name } }"""
    compiled, reference = schema(), schema(compiled=False)
    for on in (True, False, True, False):
        assert answer(compiled, query, {"on": on}) == answer(reference, query, {"on": on})
    assert plans.compiled == 2  # one plan per value of $on


def test_arguments_from_variables_are_read_per_request() -> None:
    query = "query($w: [String!]!) { echo(words: $w) }"
    s = schema()
    assert json.loads(answer(s, query, {"w": ["a"]}))["data"] == {"echo": "a !"}
    assert json.loads(answer(s, query, {"w": ["b"]}))["data"] == {"echo": "b !"}
    literal = '{ echo(words: ["a"]) }'
    assert answer(s, literal) == answer(s, literal)  # the pre-coerced list was not mutated


@pytest.mark.parametrize("query", [
    "mutation { touch }",
    "{ __schema { queryType { name } } }",
    '{ __type(name: "Part") { name } box { label } }',
])
def test_what_is_not_compiled_takes_the_normal_path(query: str, plans: PlanCache) -> None:
    compiled = schema()
    assert answer(compiled, query) == answer(schema(compiled=False), query)
    assert not any(entry.plans.get(()) for entry in plans.entries(compiled._schema).values())


def test_subscriptions_take_the_normal_path(plans: PlanCache) -> None:
    async def collect() -> list[Any]:
        stream = await schema().subscribe("subscription { ticks }")
        return [event.data async for event in stream]

    assert asyncio.run(collect()) == [{"ticks": 0}, {"ticks": 1}]
    assert plans.compiled == 0


def test_resolve_hooks_disable_compilation(plans: PlanCache) -> None:
    result = json.loads(answer(schema(extensions=[Upper]), "{ named { name } }"))
    assert [n["name"] for n in result["data"]["named"]] == ["P0", "P1", "P2", "T"]
    assert plans.compiled == 0


SDL = """
interface Node { id: ID! }
type Item implements Node { id: ID! size: Int! tags: [String!] }
type Other implements Node { id: ID! }
union Any = Item | Other
type Query {
  nodes: [Node]
  anys: [Any!]
  stream: [Int!]
  late: [Item]
  bad: [Node]
}
"""


def core_schema() -> Any:
    """A graphql-core schema without Strawberry: fields without a resolver (graphql-core's
    default resolver), an awaitable resolve_type, awaitable is_type_of, awaitable list items,
    an async iterable for a list, and a type name that does not exist."""
    from graphql import build_schema

    built = build_schema(SDL)

    async def later(value: Any) -> Any:
        await asyncio.sleep(0)
        return value

    def resolve_node(value: Any, *_: Any) -> Any:
        return later(value["kind"]) if value["kind"] == "Item" else value["kind"]

    built.type_map["Node"].resolve_type = resolve_node  # type: ignore[attr-defined]
    built.type_map["Any"].resolve_type = resolve_node  # type: ignore[attr-defined]
    built.type_map["Item"].is_type_of = lambda value, _: later(value["kind"] == "Item")  # type: ignore[attr-defined]
    return built


def items() -> list[Any]:
    return [{"kind": "Item", "id": "1", "size": 3, "tags": ["a", None]},
            {"kind": "Other", "id": "2"},
            {"kind": "Item", "id": "3", "size": None, "tags": []}]


async def stream() -> AsyncGenerator[int, None]:
    for i in range(3):
        yield i


ROOT = {"nodes": lambda *_: items(), "anys": lambda *_: items(), "stream": lambda *_: stream(),
        "late": lambda *_: [asyncio.sleep(0, result=item) for item in items()[:1]] + [None],
        "bad": lambda *_: [{"kind": "Nowhere", "id": "9"}]}

CORE_QUERIES = [
    "{ nodes { id ... on Item { size tags } } }",
    "{ anys { __typename ... on Item { id size } ... on Other { id } } }",
    "{ stream }",
    "{ late { id size } }",
    "{ bad { id } }",
]


@pytest.mark.parametrize("query", CORE_QUERIES)
def test_answers_as_graphql_core_on_a_plain_graphql_core_schema(query: str,
                                                                 plans: PlanCache) -> None:
    from graphql import execute, parse

    built, document = core_schema(), parse(query)

    async def run(executor: Any) -> str:
        result = execute(built, document, root_value=ROOT, executor_class=executor)
        if asyncio.iscoroutine(result):
            result = await result
        return json.dumps(result.formatted)  # type: ignore[union-attr]

    compiled = asyncio.run(run(CompiledExecutionContext))
    assert compiled == asyncio.run(run(None))
    assert plans.compiled == 1 and '"data": null' not in compiled, compiled


def test_enum_members_are_answered_as_the_enum_type_answers_them() -> None:
    """The plans' coercion of a Strawberry enum (looked up per member) answers each member,
    a raw value and a stranger exactly as the enum type's own coerce_output_value does."""
    shade = schema()._schema.get_type("Shade")
    assert isinstance(shade, GraphQLEnumType)
    coerce = leaf_coercer(shade)
    assert coerce is not shade.coerce_output_value
    for value in (Shade.LIGHT, Shade.DARK, "light", "DARK", "purple", 3):
        try:
            expected = shade.coerce_output_value(value)
        except Exception as error:
            with pytest.raises(type(error), match=str(error)):
                coerce(value)
        else:
            assert coerce(value) == expected
    assert [coerce(m) for m in Shade] == ["LIGHT", "DARK"]
    string = schema()._schema.get_type("String")
    assert isinstance(string, GraphQLScalarType)
    assert leaf_coercer(string) == string.coerce_output_value


def test_awaitable_checks_are_remembered_per_class_only_where_the_class_decides() -> None:
    """A class whose instances cannot differ is asked about once per execution; a class
    with a ``__getattr__`` (which may answer ``__await__`` for some instances) every time."""
    asked: list[Any] = []

    def predicate(value: Any) -> bool:
        asked.append(value)
        return hasattr(value, "__await__")

    class Maybe:
        def __init__(self, awaitable: bool) -> None:
            self.awaitable = awaitable

        def __getattr__(self, name: str) -> Any:
            if name == "__await__" and self.awaitable:
                return lambda: iter(())
            raise AttributeError(name)

    check = awaitable_by_class(predicate)  # type: ignore[arg-type]
    first, second = parts()[:2]
    assert not check(first) and not check(second) and asked == [first]
    assert not check(Maybe(False)) and check(Maybe(True))
    assert not check(Maybe(False)) and len(asked) == 4

    async def sleeping() -> None:
        await asyncio.sleep(0)

    coroutines = [sleeping(), sleeping()]
    assert all(check(c) for c in coroutines) and len(asked) == 6
    for c in coroutines:
        c.close()
    assert check.__name__ == "predicate"  # as resolvers see it in their ResolveInfo


def _plans_by_type(plan: SelectionPlan) -> dict[str, SelectionPlan]:
    """Every compiled (sub-)plan under ``plan``, by its type's name."""
    found = {plan.type_name: plan}
    for field in plan.fields:
        completion: Completion | None = field.completion
        while completion is not None:
            for sub in completion.subs.values():
                found.update(_plans_by_type(sub))
            completion = completion.inner
    return found


def test_leading_plain_leaves_are_made_in_one_call_or_left_to_the_loop(
        plans: PlanCache) -> None:
    """A selection's leading plain leaves (here all of Part's, then Box's label before its
    lists) are made by one generated function; a value it cannot take as it is (a null in
    a non-null field, one its serializer refuses or converts to nothing) makes it answer
    None, and the executor's loop then does the whole selection, reporting as graphql-core
    does (the answers themselves are compared with graphql-core in QUERIES)."""
    s = schema()
    answer(s, "{ box { label parts { __typename name number code maybeShade } tupled { name } "
              "title: label } }")
    [entry] = plans.entries(s._schema).values()
    [root] = entry.plans.values()
    assert root is not None
    by_type = _plans_by_type(root)
    box, part = by_type["Box"], by_type["Part"]
    assert box.head is not None and [row[0] for row in box.tail] == ["parts", "tupled", "title"]
    assert part.head is not None and part.tail == []
    made = parts()
    assert part.head(made[0]) == {"__typename": "Part", "name": "p0", "number": 0,
                                  "code": "c0", "maybeShade": "DARK"}
    assert part.head(made[1]) is None  # code: None in a String!
    made[1].code = "c1"
    assert part.head(made[1])["maybeShade"] == "LIGHT"  # type: ignore[index]  # raw value
    assert part.head(made[2]) is None  # maybeShade: "purple", refused
    made[2].maybe_shade = None
    assert part.head(made[2])["maybeShade"] is None  # type: ignore[index]  # nullable
    assert part.head(object()) is None  # no such attributes


def test_objects_of_resolvers_taking_only_self_are_completed_in_the_loop(
        plans: PlanCache) -> None:
    """``label`` and ``sureLabel`` (resolvers of self alone, returning a type without
    is_type_of) are completed in the executor's loop when the answer is an object whose
    selection is plain leaves; errors, awaitables and nulls take the usual path (their
    answers are compared with graphql-core in QUERIES)."""
    s = schema()
    answer(s, "{ box { parts { label { text } sureLabel { text } doubled } } }")
    [entry] = plans.entries(s._schema).values()
    [root] = entry.plans.values()
    assert root is not None
    part = _plans_by_type(root)["Part"]
    objects = {f.key: f.of_object for f in part.fields}
    assert objects["label"] is not None and objects["sureLabel"] is not None
    assert objects["doubled"] is None  # an Int
    label = _plans_by_type(root)["Label"]
    assert label.head is not None and label.tail == []


CALLS: list[str] = []


@strawberry.interface
class Shape:
    sides: int

    @classmethod
    @decided_by_class(lambda cls: issubclass(cls, Shape))
    def resolve_type(cls, obj: Any, info: Any, abstract_type: Any) -> str:
        CALLS.append(f"resolve_type {type(obj).__name__}")
        return type(obj).__name__


@strawberry.type
class Square(Shape):
    @classmethod
    @decided_by_class(lambda cls: True)
    def is_type_of(cls, obj: Any, info: Any) -> bool:
        CALLS.append("is_type_of Square")
        return isinstance(obj, cls)


@strawberry.type
class Blob(Shape):
    ok: bool = True

    @classmethod
    def is_type_of(cls, obj: Any, info: Any) -> bool:  # the object's, not its class's
        CALLS.append("is_type_of Blob")
        return bool(getattr(obj, "ok", False))


@strawberry.type
class ShapeQuery:
    @strawberry.field
    def shapes(self) -> list[Shape | None]:
        return [Square(sides=4), Blob(sides=0), Square(sides=4), Blob(sides=1, ok=False),
                Square(sides=5), Blob(sides=2)]


def test_list_items_of_a_type_their_class_decides_are_asked_about_once_per_class(
        plans: PlanCache) -> None:
    """resolve_type and is_type_of marked decided_by_class are asked once per class of a
    list's items (an asset page's); an is_type_of that is not is asked for every item, so
    the object it refuses is reported as graphql-core reports it."""
    def shapes_schema(compiled: bool) -> strawberry.Schema:
        return strawberry.Schema(query=ShapeQuery, types=[Square, Blob],
                                 execution_context_class=CompiledExecutionContext
                                 if compiled else None)

    query = "{ shapes { __typename sides ... on Blob { ok } } }"
    CALLS.clear()
    reference = answer(shapes_schema(False), query)
    CALLS.clear()
    assert answer(shapes_schema(True), query) == reference
    assert CALLS.count("resolve_type Square") == CALLS.count("is_type_of Square") == 1
    assert CALLS.count("resolve_type Blob") == CALLS.count("is_type_of Blob") == 3
    assert "Expected value of type 'Blob' but got" in reference
