"""Query limits checked in time linear in the document, before graphql-core validates it.

Strawberry's depth and alias validators walked fragment spreads without remembering them,
so a document of fragments each spreading the next twice doubled their work per level:
22 levels under 1 KB held a worker for 12 s. Here each fragment is measured once and its
measure reused wherever it is spread (:class:`_Measure`), so the work is one pass over the
document whatever it expands to; the *expanded* figures (depth, aliases, fields, cost) are
what the limits compare, so such a document is refused at once instead of executed.

The cost of a query is the number of fields it can return: each field counts once per item
of every list it is nested in, where a list field's size is its ``first`` argument (the
variable's value when it is one), else its default, else :data:`DEFAULT_LIST_SIZE`. A
connection's ``first`` sizes its ``edges`` and ``nodes``; introspection is limited by its
expanded field count alone.

graphql-core's own rules then run only on documents within these bounds (its overlapping
fields rule is quadratic in the fields of a selection set, which the field limit bounds).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)
from graphql.type import (
    GraphQLInterfaceType,
    SchemaMetaFieldDef,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
)
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from shopdb_gql.graphql.errors import coded_error

#: Items assumed for a list field without ``first`` (relationships, applications...).
DEFAULT_LIST_SIZE = 10
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"


@dataclass(frozen=True)
class Limits:
    depth: int
    aliases: int
    fields: int
    cost: int


@dataclass
class Figures:
    """What an operation expands to."""

    depth: int = 0
    aliases: int = 0
    fields: int = 0
    cost: int = 0


class _Measure:
    """Measures selection sets, each fragment once (its figures are kept and reused)."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode,
                 variables: Mapping[str, Any]) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {d.name.value: d for d in document.definitions
                          if isinstance(d, FragmentDefinitionNode)}
        # Per fragment: (depth, aliases, fields, cost per item of the enclosing list).
        self.memo: dict[str, tuple[int, int, int, int]] = {}
        self.visiting: set[str] = set()

    def selection_set(self, node: SelectionSetNode | None, parent: Any) -> tuple[int, int, int, int]:
        depth = aliases = fields = cost = 0
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                figures = self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                on = (self.schema.get_type(selection.type_condition.name.value)
                      if selection.type_condition else parent)
                figures = self.selection_set(selection.selection_set, on)
            elif isinstance(selection, FragmentSpreadNode):
                figures = self.fragment(selection.name.value)
            else:  # pragma: no cover - the AST has no other selection
                continue
            depth = max(depth, figures[0])
            aliases, fields, cost = aliases + figures[1], fields + figures[2], cost + figures[3]
        return depth, aliases, fields, cost

    def fragment(self, name: str) -> tuple[int, int, int, int]:
        if name in self.memo:
            return self.memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:
            return 0, 0, 0, 0  # unknown fragment or a cycle: graphql-core reports those
        self.visiting.add(name)
        on = self.schema.get_type(definition.type_condition.name.value)
        figures = self.selection_set(definition.selection_set, on)
        self.visiting.discard(name)
        self.memo[name] = figures
        return figures

    def field(self, node: FieldNode, parent: Any) -> tuple[int, int, int, int]:
        name = node.name.value
        alias = 1 if node.alias is not None else 0
        definition = _field_of(parent, name)
        kind = get_named_type(definition.type) if definition is not None else None
        depth, aliases, fields, cost = self.selection_set(node.selection_set, kind)
        # Introspection nests deep by nature (ofType chains) and lists the whole schema: it
        # is exempt from depth and list multipliers, and limited by its expanded fields.
        meta = name.startswith("__")
        size = 1 if meta or _sized_by_parent(parent) else self.list_size(node, definition)
        own_depth = 0 if meta else depth + 1
        return own_depth, alias + aliases, 1 + fields, 1 + size * cost

    def list_size(self, node: FieldNode, definition: Any) -> int:
        """How many items a field returns at most: ``first``, else 1 for a single object."""
        if definition is None:
            return 1
        for argument in node.arguments or ():
            if argument.name.value == "first":
                value = argument.value
                if isinstance(value, IntValueNode):
                    return max(int(value.value), 1)
                if isinstance(value, VariableNode):
                    given = self.variables.get(value.name.value)
                    if isinstance(given, int) and not isinstance(given, bool):
                        return max(given, 1)
        if "first" in definition.args:
            default = definition.args["first"].default_value
            return default if isinstance(default, int) and default > 0 else DEFAULT_LIST_SIZE
        kind = definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else definition.type
        return DEFAULT_LIST_SIZE if isinstance(kind, GraphQLList) else 1


def _sized_by_parent(parent: Any) -> bool:
    """Lists whose size their parent already counted: a connection's ``edges`` and ``nodes``
    (its ``first``), and everything inside introspection types."""
    name = getattr(parent, "name", "") or ""
    return name.endswith("Connection") or name.startswith("__")


def _field_of(parent: Any, name: str) -> Any:
    meta = _META.get(name)
    if meta is not None:
        return meta
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return parent.fields.get(name)
    return None  # a union (only __typename) or an unknown type: graphql-core reports it


_META = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef,
         "__typename": TypeNameMetaFieldDef}


def measure(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
            variables: Mapping[str, Any] | None = None) -> Figures:
    """The expanded figures of the operation that will run (the largest when unnamed)."""
    measure_ = _Measure(schema, document, variables or {})
    worst = Figures()
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if operation_name and (definition.name is None or definition.name.value != operation_name):
            continue
        root = schema.get_root_type(definition.operation)
        depth, aliases, fields, cost = measure_.selection_set(definition.selection_set, root)
        depth = max(depth - 1, 0)  # levels below the root fields, as graphql-depth-limit counts
        worst = Figures(max(worst.depth, depth), max(worst.aliases, aliases),
                        max(worst.fields, fields), max(worst.cost, cost))
    return worst


def problems(figures: Figures, limits: Limits) -> list[GraphQLError]:
    """One coded error per limit the figures exceed, saying the figure and the limit."""
    found = []
    for what, value, limit, hint in (
        ("depth", figures.depth, limits.depth, "nest fewer levels"),
        ("aliases", figures.aliases, limits.aliases, "use fewer aliases"),
        ("fields", figures.fields, limits.fields, "select fewer fields or fragments"),
        ("cost", figures.cost, limits.cost, "ask for smaller pages (`first`) or fewer fields"),
    ):
        if value > limit:
            found.append(coded_error(
                f"Query {what} {value:,} exceeds the limit of {limit:,}: {hint}",
                QUERY_TOO_COMPLEX, limit=what, value=value, maximum=limit))
    return found


#: What an infinite float or a surrogate escape looks like in a query text.
_SUSPECT = re.compile(r"\d[eE][+-]?\d{3}|\d{300}|\\u[dD][89a-fA-F]|\\u\{[dD][89a-fA-F]")


def _unfit_values(document: DocumentNode, query: str) -> list[GraphQLError]:
    """Literal values no field can take: infinite floats (``1e400``), text with an unpaired
    surrogate (``"\\ud800"``), which no database stores."""
    if not _SUSPECT.search(query):  # the usual case: nothing to visit
        return []
    found: list[GraphQLError] = []

    class Check(Visitor):
        def enter_float_value(self, node: FloatValueNode, *_: Any) -> None:
            if not math.isfinite(float(node.value)):
                found.append(coded_error(f"{node.value} is not a finite number",
                                         "BAD_USER_INPUT"))

        def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
            try:
                node.value.encode("utf-8")
            except UnicodeEncodeError:
                found.append(coded_error("Text holds an unpaired surrogate (\\ud800-\\udfff): "
                                         "send valid UTF-16 pairs", "BAD_USER_INPUT"))

    visit(document, Check())
    return found


@lru_cache(maxsize=256)
def _validate(schema: GraphQLSchema, document: DocumentNode,
              rules: tuple[Any, ...]) -> list[GraphQLError]:
    from strawberry.schema.schema import validate_document

    return list(validate_document(schema, document, rules))


def limited_validation(limits: Limits) -> type[SchemaExtension]:
    """A schema extension that checks ``limits`` first, then runs (cached) validation."""

    class LimitedValidation(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            document = context.graphql_document
            assert document is not None
            schema = context.schema._schema
            errors = problems(measure(schema, document, context.operation_name,
                                      context.variables), limits)
            errors += _unfit_values(document, context.query or "")
            request = getattr(context.context, "request", None)
            if (context.operation_type is OperationType.SUBSCRIPTION
                    and not isinstance(request, WebSocket)):
                errors.append(coded_error(
                    "Subscriptions run over a WebSocket (graphql-transport-ws) at /graphql, "
                    "not over HTTP", "BAD_REQUEST"))
            if not errors:
                errors = _validate(schema, document, tuple(context.validation_rules))
            context.pre_execution_errors = errors
            yield

    return LimitedValidation
