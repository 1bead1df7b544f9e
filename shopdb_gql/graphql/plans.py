"""Execution plans for known documents: what graphql-core would work out per request, once.

A plan is compiled per (validated operation, values of the variables that @skip/@include
read, schema object). Selection sets are grouped with graphql-core's own ``collect_fields``
and ``collect_subfields``, so fragments, inline fragments, aliases and field merging come
out in exactly graphql-core's order; the directive variables are part of the cache key
because they decide which fields are collected. Per field the plan holds the field
definition, whether it is a plain attribute read (the test of ``execution.leaf_plan``,
widened to any return type), its arguments when they use no variables, and the completion
shape of its return type. Sub-plans of object fields are compiled lazily, per runtime type,
on first use: an abstract field only compiles the types it actually returns.
"""

from __future__ import annotations

import inspect
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, is_dataclass
from dataclasses import fields as dataclass_fields
from enum import Enum
from keyword import iskeyword
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from graphql import (
    DirectiveNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    TypeNameMetaFieldDef,
    VariableNode,
)
from graphql.execution.collect_fields import FieldDetails, GroupedFieldSet
from graphql.execution.values import get_argument_values
from graphql.pyutils import Undefined
from graphql.type.scalars import serialize_boolean, serialize_id, serialize_string

NON_NULL, LIST, LEAF, OBJECT, ABSTRACT = range(5)
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


@dataclass(slots=True, eq=False)
class Completion:
    """How a value of ``gql_type`` is completed; ``subs`` holds lazily compiled sub-plans."""

    kind: int
    gql_type: GraphQLOutputType
    inner: Completion | None = None
    needs_info: bool = False
    subs: dict[GraphQLObjectType, SelectionPlan] = field(default_factory=dict)
    # Abstract types: runtime type names already checked by ensure_valid_runtime_type.
    runtime_types: dict[str, GraphQLObjectType] = field(default_factory=dict)
    # Abstract types whose runtime type the object's class decides (decided_by_class): the
    # sub-plan of each class met.
    classes: dict[type, SelectionPlan] = field(default_factory=dict)

    @property
    def structured(self) -> bool:
        """Completes to a dict or a list (or a coroutine of ours), never to a user's value."""
        inner = self.inner if self.kind == NON_NULL else self
        return inner is not None and inner.kind != LEAF


@dataclass(slots=True, eq=False)
class FieldPlan:
    key: str
    parent_type: GraphQLObjectType
    field_def: GraphQLField
    details: list[FieldDetails]
    nodes: list[FieldNode]
    completion: Completion
    attribute: str | None  # a plain ``getattr`` read: no resolver call, no ResolveInfo
    constant: str | None  # __typename
    args: dict[str, Any] | None  # None: computed per request (they read variables)
    copy_args: bool  # pre-coerced arguments hold lists or dicts: each call gets a deep copy
    needs_info: bool
    # A plain attribute of scalar or enum type: (coerce_output_value, non-null). Read and
    # serialized inline; anything unusual (an error, a null in a non-null field) is done
    # again by the full path, which reports it as graphql-core does.
    leaf: tuple[Any, bool] | None = None
    # Completes to a dict or list (or a coroutine of ours): no user value to ask is_awaitable.
    structured: bool = False
    # A Strawberry resolver called as Strawberry's wrapper would call it (direct_resolver).
    direct: Callable[[Any, GraphQLResolveInfo], Any] | None = None
    # The same resolver when it takes only ``self``: called with the source alone.
    of_source: Callable[[Any], Any] | None = None
    # For such a resolver returning an object type without is_type_of: the object's
    # completion (the executor's loop completes a plain-leaf answer of it in place).
    of_object: Completion | None = None


@dataclass(slots=True, eq=False)
class SelectionPlan:
    parent_type: GraphQLObjectType
    type_name: str
    fields: list[FieldPlan]
    # Per field, what the executor's loop unpacks: (key, attribute, leaf coerce, non-null, plan).
    rows: list[tuple[str, str | None, Any, bool, FieldPlan]] = field(default_factory=list)
    # The leading plain leaves (and __typename) made in one generated function (head()),
    # and the rows after them, which the executor's loop runs.
    head: Callable[[Any], dict[str, Any] | None] | None = None
    tail: list[tuple[str, str | None, Any, bool, FieldPlan]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rows = [(f.key, f.attribute, *(f.leaf or (None, False)), f) for f in self.fields]
        leading = 0
        while leading < len(self.fields) and _simple(self.fields[leading]):
            leading += 1
        self.head = head(self.fields[:leading])
        self.tail = self.rows[leading:] if self.head is not None else self.rows


def _simple(plan: FieldPlan) -> bool:
    """A plain attribute of scalar or enum type (a Python identifier), or __typename."""
    return plan.constant is not None or (
        plan.leaf is not None and (plan.attribute or "").isidentifier()
        and not iskeyword(plan.attribute or ""))


#: Serializers that answer a value of exactly this class with the value itself (their first
#: test): such a value needs no call.
_UNCHANGED: dict[Callable[[Any], Any], type] = {
    serialize_string: str, serialize_id: str, serialize_boolean: bool}


def head(fields: list[FieldPlan]) -> Callable[[Any], dict[str, Any] | None] | None:
    """For fields that are all :func:`_simple` (a selection's leading ones: an asset's id,
    tag, name..., or all of a status', location's, position's or link's): a function of
    the source making their part of the selection's dict as the executor's loop would, in
    one call, or None when any value is not the usual kind (missing, null in a non-null
    field, refused by its serializer). The executor then runs its loop over every field,
    which reads the same attributes again (plain attributes: nothing runs twice that could
    differ) and reports what it meets as graphql-core does. The code is generated from the
    plan: keys, serializers and constants are passed as values; attribute names (Python
    identifiers of the schema's own types) are written in."""
    if not fields:
        return None
    names: dict[str, Any] = {"Undefined": Undefined}
    lines = ["def head(source):", "    try:", "        pass"]
    entries = []
    for i, f in enumerate(fields):
        names[f"k{i}"] = f.key
        if f.leaf is None:  # __typename: the type's name, a string as it completes
            names[f"v{i}"] = f.constant
            entries.append(f"k{i}: v{i}")
            continue
        coerce, non_null = f.leaf
        names[f"c{i}"] = coerce
        value = f"x{i}"
        lines.append(f"        {value} = source.{f.attribute}")
        lines.append(f"        if {value} is None:")
        lines.append("            return None" if non_null else "            pass")
        unchanged = _UNCHANGED.get(coerce)
        test = f"elif {value}.__class__ is not {unchanged.__name__}:" if unchanged else "else:"
        lines.append(f"        {test}")
        lines.append(f"            {value} = c{i}({value})")
        lines.append(f"            if {value} is None or {value} is Undefined:")
        lines.append("                return None")
        entries.append(f"k{i}: {value}")
    lines.append("    except Exception:")
    lines.append("        return None")
    lines.append(f"    return {{{', '.join(entries)}}}")
    exec("\n".join(lines), names)
    function: Callable[[Any], dict[str, Any] | None] = names["head"]
    return function


F = TypeVar("F", bound=Callable[..., Any])


def decided_by_class(test: Callable[[type], bool]) -> Callable[[F], F]:
    """Mark a ``resolve_type`` or ``is_type_of`` whose answer for objects of any class that
    ``test`` accepts is the same for every object of that class (an asset's GraphQL type is
    its Python class's). The executor then asks it once per class met in a list and
    completes the other items of that class with the same sub-plan."""
    def mark(function: F) -> F:
        function.decided_by_class = test  # type: ignore[attr-defined]
        return function
    return mark


def class_decides(function: Any, cls: type) -> bool:
    """Whether ``function`` (a resolve_type or is_type_of, or None) answers the same for every
    object of ``cls`` (:func:`decided_by_class`); None (no is_type_of) asks nothing."""
    if function is None:
        return True
    test = getattr(function, "decided_by_class", None)
    return test is not None and bool(test(cls))


def plain_attribute(field_def: GraphQLField) -> str | None:
    """The Python attribute a field reads when Strawberry would only ``getattr`` it: a basic
    field (no resolver, no field extension, no error handler) with the default resolver."""
    if not getattr(field_def.resolve, "_is_default", False) or field_def.args:
        return None
    definition = (field_def.extensions or {}).get("strawberry-definition")
    if definition is None or definition.extensions or definition.base_resolver is not None:
        return None
    if getattr(definition, "default_resolver", None) is not getattr:
        return None
    return str(definition.python_name)


def direct_resolver(schema: GraphQLSchema,
                    field_def: GraphQLField) -> Callable[[Any, GraphQLResolveInfo], Any] | None:
    """The field's Strawberry resolver as ``call(source, info)``, when Strawberry's wrapper
    would only call it with the source and a Strawberry ``Info``: no GraphQL arguments, no
    field extension (permission classes are one), no exception handler in the schema, no
    ``root``/``parent`` parameter. The wrapper converts arguments and runs extensions on
    every call (about half the cost of a small resolver); without any, the call it ends in
    is ``resolver(source, info=Info(...))``, which this makes directly. None otherwise: the
    field then runs through its GraphQL resolver, the wrapper included."""
    definition = (field_def.extensions or {}).get("strawberry-definition")
    strawberry_schema = getattr(schema, "_strawberry_schema", None)
    if definition is None or strawberry_schema is None or field_def.args:
        return None
    resolver = definition.base_resolver
    converter = getattr(strawberry_schema, "schema_converter", None)
    if (resolver is None or definition.extensions or resolver.arguments
            or resolver.root_parameter is not None or resolver.parent_parameter is not None
            or not callable(resolver.wrapped_func)
            or getattr(converter, "_exception_handler_specs", True)):  # unknown: not direct
        return None
    function = resolver.wrapped_func
    info_class = strawberry_schema.config.info_class
    takes_self = resolver.self_parameter is not None
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None
    if info_name is None:
        return (lambda source, _info: function(source)) if takes_self else (
            lambda _source, _info: function())

    if _positional_info(function, info_name, takes_self) and _two_field_info(info_class):
        # The common shape, ``def field(self, info)``: Info made and passed by position
        # (keywords cost a dict and a slower call, about half the call's cost).
        if takes_self:
            return lambda source, info: function(source, info_class(info, definition))
        return lambda _source, info: function(info_class(info, definition))

    def call(source: Any, info: GraphQLResolveInfo) -> Any:
        keywords = {info_name: info_class(_raw_info=info, _field=definition)}
        return function(source, **keywords) if takes_self else function(**keywords)

    return call


def _positional_info(function: Callable[..., Any], info_name: str, takes_self: bool) -> bool:
    """Whether ``function``'s parameters are exactly (self, info) or (info), passable by
    position."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return (len(parameters) == (2 if takes_self else 1)
            and all(p.kind in positional for p in parameters)
            and parameters[-1].name == info_name)


def _two_field_info(info_class: type) -> bool:
    """Whether ``info_class(raw_info, field)`` builds it as ``info_class(_raw_info=raw_info,
    _field=field)`` would (Strawberry's Info, or a dataclass adding no field to it)."""
    names = [f.name for f in dataclass_fields(info_class)] if is_dataclass(info_class) else []
    return names == ["_raw_info", "_field"]


def _of_source(field_def: GraphQLField) -> Callable[[Any], Any] | None:
    """For a resolver :func:`direct_resolver` calls that is ``def field(self)``: the function,
    to be called with the source (what the direct call's lambda would do, one call less)."""
    definition = (field_def.extensions or {}).get("strawberry-definition")
    resolver = getattr(definition, "base_resolver", None)
    if resolver is None or resolver.info_parameter is not None or resolver.self_parameter is None:
        return None
    function: Callable[[Any], Any] = resolver.wrapped_func
    return function


def _takes_info(field_def: GraphQLField) -> bool:
    """Whether the field's Strawberry resolver has an Info parameter."""
    definition = (field_def.extensions or {}).get("strawberry-definition")
    resolver = getattr(definition, "base_resolver", None)
    return resolver is None or resolver.info_parameter is not None


def completion_for(gql_type: GraphQLOutputType) -> Completion:
    if isinstance(gql_type, GraphQLNonNull):
        inner = completion_for(gql_type.of_type)
        return Completion(NON_NULL, gql_type, inner, inner.needs_info)
    if isinstance(gql_type, GraphQLList):
        inner = completion_for(gql_type.of_type)
        return Completion(LIST, gql_type, inner, inner.needs_info)
    if isinstance(gql_type, GraphQLObjectType):
        return Completion(OBJECT, gql_type, needs_info=gql_type.is_type_of is not None)
    if isinstance(gql_type, GraphQLInterfaceType | GraphQLUnionType):
        return Completion(ABSTRACT, gql_type, needs_info=True)
    assert isinstance(gql_type, GraphQLLeafType), gql_type
    return Completion(LEAF, gql_type)


def leaf_coercer(gql_type: GraphQLLeafType) -> Callable[[Any], Any]:
    """``gql_type.coerce_output_value``; for a Strawberry enum, its answers for the members
    of the enum's class looked up instead of found again for every value (Strawberry's
    compares the value with each of the enum's values in turn, through Enum properties)."""
    coerce = gql_type.coerce_output_value
    members = getattr(gql_type, "wrapped_cls", None)
    if not isinstance(gql_type, GraphQLEnumType) or not (
            isinstance(members, type) and issubclass(members, Enum)):
        return coerce
    names: dict[Any, Any] = {}
    for member in members:
        try:
            names[member] = coerce(member)
        except Exception:  # left to coerce, which reports it for each such value
            continue

    def coerce_member(value: Any) -> Any:
        if value.__class__ is members:
            name = names.get(value)
            if name is not None:
                return name
        return coerce(value)

    return coerce_member


def _uses_variables(node: FieldNode) -> bool:
    def walk(value: Any) -> Iterator[Any]:
        yield value
        for child in getattr(value, "values", None) or ():
            yield from walk(child)
        for entry in getattr(value, "fields", None) or ():
            yield from walk(entry.value)
    return any(isinstance(v, VariableNode) for arg in node.arguments or () for v in walk(arg.value))


def field_plan(executor: Any, parent_type: GraphQLObjectType, key: str,
               details: list[FieldDetails]) -> FieldPlan | None:
    """The plan of one response key; None where graphql-core skips the field (unknown)."""
    node = details[0].node
    field_def = executor.schema.get_field(parent_type, node.name.value)
    if field_def is None:
        return None
    args: dict[str, Any] | None = {}
    if field_def.args or node.arguments:
        args = None
        if not _uses_variables(node):
            try:  # graphql-core's own coercion; a failure is reported per request as usual
                args = get_argument_values(field_def, node, executor.variable_values, None,
                                           executor.hide_suggestions)
            except Exception:
                args = None
    attribute = plain_attribute(field_def)
    completion = completion_for(field_def.type)
    constant = parent_type.name if field_def is TypeNameMetaFieldDef else None
    leaf_type = completion.inner if completion.kind == NON_NULL else completion
    leaf = (None if attribute is None or leaf_type is None or leaf_type.kind != LEAF
            else (leaf_coercer(leaf_type.gql_type), completion.kind == NON_NULL))  # type: ignore[arg-type]
    direct = (None if attribute is not None or constant is not None
              else direct_resolver(executor.schema, field_def))
    # A ResolveInfo is built for the resolver, unless it is called directly and takes no
    # Info, and for the completion of abstract types and types with is_type_of.
    resolver_info = attribute is None and constant is None and (
        direct is None or _takes_info(field_def))
    of_source = _of_source(field_def) if direct is not None else None
    inner = completion.inner if completion.kind == NON_NULL else completion
    of_object = (inner if of_source is not None and inner is not None and inner.kind == OBJECT
                 and not inner.needs_info else None)
    return FieldPlan(key, parent_type, field_def, details, [d.node for d in details], completion,
                     attribute, constant, args,
                     copy_args=any(isinstance(v, list | dict) for v in (args or {}).values()),
                     needs_info=resolver_info or completion.needs_info,
                     leaf=leaf, structured=completion.structured, direct=direct,
                     of_source=of_source, of_object=of_object)


def selection_plan(executor: Any, parent_type: GraphQLObjectType,
                   grouped: GroupedFieldSet) -> SelectionPlan:
    fields = [plan for key, details in grouped.items()
              if (plan := field_plan(executor, parent_type, key, list(details))) is not None]
    return SelectionPlan(parent_type, parent_type.name, fields)


def sub_plan(executor: Any, plan: FieldPlan, completion: Completion,
             runtime_type: GraphQLObjectType) -> SelectionPlan:
    """The sub-plan for ``runtime_type`` under ``plan``, collected as graphql-core does."""
    try:
        return completion.subs[runtime_type]
    except KeyError:
        # No defer usages to handle: compiled operations run on schemas without @defer.
        grouped = executor.collect_subfields(runtime_type, plan.details).grouped_field_set
        built = completion.subs[runtime_type] = selection_plan(executor, runtime_type, grouped)
        return built


def directive_variables(operation: OperationDefinitionNode,
                        fragments: Mapping[str, Any]) -> tuple[str, ...]:
    """Names of the variables any @skip/@include of the document reads, sorted."""
    names: set[str] = set()

    def visit(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set else ():
            for directive in getattr(selection, "directives", None) or ():
                names.update(_directive_variables(directive))
            visit(getattr(selection, "selection_set", None))

    visit(operation.selection_set)
    for fragment in fragments.values():
        visit(fragment.selection_set)
    return tuple(sorted(names))


def _directive_variables(directive: DirectiveNode) -> Iterator[str]:
    if directive.name.value in ("skip", "include"):
        for argument in directive.arguments or ():
            if isinstance(argument.value, VariableNode):
                yield argument.value.name.value


def refusal(executor: Any, serially: bool | None) -> str | None:
    """Why this operation must take graphql-core's path, decided from the document and the
    schema (never from values), or None."""
    if executor.operation.operation is not OperationType.QUERY or serially:
        return "not a query"
    manager = executor.middleware_manager
    if manager is not None and manager.middlewares:
        return "resolver middleware"
    if executor.abort_signal is not None:
        return "abort signal"
    schema = executor.schema
    if schema.get_directive("defer") or schema.get_directive("stream"):
        return "incremental delivery"
    if any(f.variable_signatures for f in executor.fragments.values()):
        return "fragment variables"
    return None


class _Entry:
    __slots__ = ("names", "operation", "plans")

    def __init__(self, operation: OperationDefinitionNode, names: tuple[str, ...]) -> None:
        self.operation = operation  # held: the cache key is its id()
        self.names = names
        self.plans: OrderedDict[tuple[Any, ...], SelectionPlan | None] = OrderedDict()


class PlanCache:
    """Plans per schema object, per operation node (Strawberry's parse cache returns the same
    document for the same text), bounded: at most ``operations`` operations per schema and
    ``variants`` directive-variable variants each.

    The entries live on the GraphQLSchema itself (an attribute), not in a mapping keyed by
    it: plans reference resolvers, whose closures reach the schema, so a WeakKeyDictionary's
    values would keep their own keys alive. On the schema they form one cycle with it, and a
    swapped schema (a plugin toggled) is collected with its plans.
    """

    ATTRIBUTE = "_shopdb_plans"

    def __init__(self, operations: int = 256, variants: int = 8) -> None:
        self.operations, self.variants = operations, variants
        self.compiled = 0

    def entries(self, schema: GraphQLSchema) -> OrderedDict[int, _Entry]:
        """This cache's entries for ``schema`` (made empty on first use)."""
        caches: WeakKeyDictionary[PlanCache, OrderedDict[int, _Entry]] | None = getattr(
            schema, self.ATTRIBUTE, None)
        if caches is None:
            caches = WeakKeyDictionary()
            setattr(schema, self.ATTRIBUTE, caches)
        entries = caches.get(self)
        if entries is None:
            entries = caches[self] = OrderedDict()
        return entries

    def plan(self, executor: Any) -> SelectionPlan | None:
        """The root plan for the executor's operation, compiled on a miss; None: refused."""
        entries = self.entries(executor.schema)
        operation = executor.operation
        entry = entries.get(id(operation))
        if entry is None or entry.operation is not operation:
            entry = entries[id(operation)] = _Entry(
                operation, directive_variables(operation, executor.fragment_definitions))
            while len(entries) > self.operations:
                entries.popitem(last=False)
        else:
            entries.move_to_end(id(operation))
        coerced = executor.variable_values.coerced
        variant = tuple(coerced.get(name) for name in entry.names)
        try:
            entry.plans.move_to_end(variant)
            return entry.plans[variant]
        except KeyError:
            pass
        plan = entry.plans[variant] = self._compile(executor)
        while len(entry.plans) > self.variants:
            entry.plans.popitem(last=False)
        return plan

    def _compile(self, executor: Any) -> SelectionPlan | None:
        self.compiled += 1
        root_type = executor.schema.query_type
        try:
            grouped, defers, _ = executor.collect_root_fields(root_type)
        except Exception:  # graphql-core's path reports it (deep nesting, a bad variable)
            return None
        if defers or any(details[0].node.name.value in INTROSPECTION_ROOTS
                         for details in grouped.values()):
            return None
        return selection_plan(executor, root_type, grouped)


PLANS = PlanCache()
