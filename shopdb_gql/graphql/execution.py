"""A faster way through plain leaf fields, with results identical to graphql-core's.

Most fields of a page of assets are plain attributes holding a scalar or an enum
(``id``, ``name``, ``assetTag``...). For each one graphql-core builds a ResolveInfo, calls
Strawberry's default resolver (``getattr``), then completes the value through several
generic steps. For a field that Strawberry marks as basic (no resolver, no field
extension, no error handler) with a scalar or enum type and no arguments, this context
reads the attribute and serializes it directly - the same ``coerce_output_value`` call graphql-core
would make. Anything else, or anything that would be an error (a null in a non-null
field, a value the scalar refuses, a missing attribute), takes graphql-core's own path, so
results and errors are exactly as before. Schema-extension ``resolve`` hooks run as
graphql-core middleware; when there are any, every field takes the normal path.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_Plan = tuple[str, GraphQLLeafType, bool] | None


def leaf_plan(field: GraphQLField) -> _Plan:
    """(python attribute, leaf type, non-null) when ``field`` can take the fast path."""
    if not getattr(field.resolve, "_is_default", False) or field.args:
        return None
    definition = (field.extensions or {}).get("strawberry-definition")
    if definition is None or definition.extensions or definition.base_resolver is not None:
        return None
    kind, required = field.type, False
    if isinstance(kind, GraphQLNonNull):
        kind, required = kind.of_type, True
    if not isinstance(kind, GraphQLScalarType | GraphQLEnumType):
        return None
    return definition.python_name, kind, required


class FastLeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with the plain-leaf fast path (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per operation: a few dozen distinct fields, and nothing outlives a schema swap.
        self.leaf_plans: dict[tuple[GraphQLObjectType, str], _Plan] = {}

    def _plan_for(self, parent_type: GraphQLObjectType, name: str) -> _Plan:
        key = (parent_type, name)
        try:
            return self.leaf_plans[key]
        except KeyError:
            field = parent_type.fields.get(name)  # None for __typename: the normal path
            plan = self.leaf_plans[key] = leaf_plan(field) if field is not None else None
            return plan

    def execute_field(self, parent_type: GraphQLObjectType, source: Any,
                      field_details_list: Any, path: Path, position_context: Any) -> Any:
        node = field_details_list[0].node
        middleware = self.middleware_manager
        if (middleware is None or not middleware.middlewares) and not node.arguments:
            plan = self._plan_for(parent_type, node.name.value)
            if plan is not None:
                name, leaf, required = plan
                value = getattr(source, name, Undefined)
                if value is None and not required:
                    return None
                if value is not None and value is not Undefined:
                    try:
                        serialized = leaf.coerce_output_value(value)
                    except Exception:  # graphql-core's path reports it properly
                        serialized = Undefined
                    if serialized is not Undefined and serialized is not None:
                        return serialized
        return super().execute_field(parent_type, source, field_details_list, path,
                                     position_context)
