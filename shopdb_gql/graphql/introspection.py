"""Who may introspect the schema: SHOPDB_INTROSPECTION (on | authenticated | off).

A check on the actor, made after validation and before execution, not a validation rule:
validation results are cached per document (shopdb_gql.graphql.schema._limits), and the same
document must be allowed for a signed-in user and refused for an anonymous one.
``__typename`` is not introspection of the schema and stays allowed for everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from graphql import DocumentNode, ExecutionResult, FieldNode, GraphQLError, Visitor, visit
from graphql.language.visitor import BREAK
from strawberry.extensions import SchemaExtension

from shopdb_gql.graphql.errors import forbidden
from shopdb_gql.settings import Access

SCHEMA_FIELDS = frozenset({"__schema", "__type"})


class _FindIntrospection(Visitor):
    """Stops at the first ``__schema`` or ``__type`` field, in any operation or fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_field(self, node: FieldNode, *_: object) -> object:
        if node.name.value in SCHEMA_FIELDS:
            self.found = True
            return BREAK
        return None


def introspects(document: DocumentNode) -> bool:
    """Whether ``document`` asks for ``__schema`` or ``__type`` anywhere (aliases included)."""
    finder = _FindIntrospection()
    visit(document, finder)
    return finder.found


def refusal(access: Access, authenticated: bool) -> GraphQLError | None:
    """The error for an introspecting caller under ``access``, or None if they may."""
    if access is Access.OFF:
        return forbidden("Introspection is disabled on this server (SHOPDB_INTROSPECTION=off)")
    if access is Access.AUTHENTICATED and not authenticated:
        return forbidden("Introspection requires signing in: log in or send a Bearer token")
    return None


class IntrospectionGate(SchemaExtension):
    """Refuse ``__schema``/``__type`` to callers the setting excludes, before anything runs."""

    def __init__(self, access: Access) -> None:
        self.access = access

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if self.access is not Access.ON and document is not None and introspects(document):
            actor = getattr(context.context, "actor", None)
            error = refusal(self.access, actor is not None and actor.authenticated)
            if error is not None:
                # A result set before execution makes Strawberry skip executing the document.
                context.result = ExecutionResult(data=None, errors=[error])
        yield


def introspection_gate(access: Access) -> Callable[[], SchemaExtension]:
    """The extension factory for the schema's extension list."""
    return lambda: IntrospectionGate(access)
