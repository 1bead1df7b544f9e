"""Schema assembly: core plus the enabled plugins, with collisions refused by name.

Strawberry's ``merge_types`` only warns on duplicate fields, so every root field and type
name is checked here first; a clash refuses the later plugin with an error naming both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import strawberry
from strawberry.extensions import MaxTokensLimiter, ParserCache, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.tools import merge_types
from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from shopdb_gql.auth.account import AccountMutation, AccountQuery
from shopdb_gql.auth.schema import AuthMutation, AuthQuery
from shopdb_gql.core.floorplans import FloorPlanMutation
from shopdb_gql.core.mutations import CoreMutation
from shopdb_gql.core.queries import CoreQuery
from shopdb_gql.core.reference import ReferenceMutation, ReferenceQuery
from shopdb_gql.core.types import GenericAsset
from shopdb_gql.core.vocabulary import LabelsQuery
from shopdb_gql.core.webhooks import WebhookMutation, WebhookQuery
from shopdb_gql.graphql.compiled import CompiledExecutionContext
from shopdb_gql.graphql.execution import FastLeafExecutionContext
from shopdb_gql.graphql.extensions import ErrorReporting, Observe, SessionCleanup
from shopdb_gql.graphql.introspection import introspection_gate
from shopdb_gql.graphql.limits import Limits, limited_validation
from shopdb_gql.graphql.scalars import SCALAR_MAP
from shopdb_gql.ingest.generate import ingest_mutation_type
from shopdb_gql.ingest.schema import IngestMutation, IngestQuery
from shopdb_gql.ingest.spreadsheet import SpreadsheetMutation, SpreadsheetQuery
from shopdb_gql.plugins.customschema import CustomFieldMutation, CustomFieldQuery, add_custom_fields
from shopdb_gql.plugins.errors import PluginContractError
from shopdb_gql.plugins.registry import ActiveSet
from shopdb_gql.plugins.schema import PluginMutation, PluginQuery
from shopdb_gql.settings import Execution, Settings

CORE_QUERIES: tuple[type, ...] = (CoreQuery, LabelsQuery, AuthQuery, AccountQuery, PluginQuery,
                                  IngestQuery, SpreadsheetQuery, ReferenceQuery, WebhookQuery,
                                  CustomFieldQuery)
CORE_MUTATIONS: tuple[type, ...] = (CoreMutation, FloorPlanMutation, AuthMutation,
                                     AccountMutation, PluginMutation, IngestMutation,
                                     SpreadsheetMutation, ReferenceMutation, WebhookMutation,
                                     CustomFieldMutation)


def root_field_names(cls: type) -> list[str]:
    """GraphQL names of a root part's fields, plus their Python names (``py:...``): merge_types
    merges by Python attribute, so two parts sharing one would silently override each other."""
    definition = get_object_definition(cls, strict=True)
    return [name for f in definition.fields
            for name in (f.graphql_name or to_camel_case(f.python_name), f"py:{f.python_name}")]


def type_name(cls: type) -> str:
    definition = get_object_definition(cls)
    if definition is not None:
        return definition.name
    enum_def = getattr(cls, "_enum_definition", None)
    return str(enum_def.name) if enum_def is not None else cls.__name__


@cache
def core_type_names() -> frozenset[str]:
    """Every type name of the core-only schema (cached: core never changes at runtime)."""
    schema = strawberry.Schema(query=merge_types("Query", CORE_QUERIES),
                               mutation=merge_types("Mutation", CORE_MUTATIONS),
                               types=[GenericAsset])
    return frozenset(schema._schema.type_map)


class _Owners:
    """Who claimed which name first, so a collision names both parties."""

    def __init__(self, kind: str, core: Iterable[str]) -> None:
        self.kind = kind
        self.owner = dict.fromkeys(core, "core")

    def claim(self, plugin: str, names: Iterable[str]) -> None:
        for name in names:
            other = self.owner.get(name)
            if other is not None and other != plugin:
                raise PluginContractError(
                    plugin, f"{self.kind} {name!r} is already defined by {other}: rename it in "
                            f"plugin {plugin!r} (names must be unique across core and plugins)")
            self.owner[name] = plugin


def _plugin_types(record: Any) -> list[type]:
    c = record.contributions
    return [*(k.graphql_type for k in c.asset_kinds), *c.types]


def assemble(active: ActiveSet) -> dict[str, Any]:
    """Root types and extra types for ``active``; raises PluginContractError on a collision."""
    queries, mutations = list(CORE_QUERIES), list(CORE_MUTATIONS)
    subscriptions: list[type] = []
    fields = {"Query": _Owners("Query field", (n for q in queries for n in root_field_names(q))),
              "Mutation": _Owners("Mutation field",
                                  (n for m in mutations for n in root_field_names(m))),
              "Subscription": _Owners("Subscription field", ())}
    types = _Owners("type", core_type_names())
    extra: list[type] = [GenericAsset]
    for record in active.records:
        c = record.contributions
        types.claim(record.name, (type_name(t) for t in _plugin_types(record)))
        extra += _plugin_types(record)
        generated = [ingest_mutation_type(record.name, spec, c.asset_kinds)
                     for spec in c.ingest_specs]
        for root, part, bucket in (("Query", c.query, queries),
                                   ("Mutation", c.mutation, mutations),
                                   ("Subscription", c.subscription, subscriptions),
                                   *(("Mutation", g, mutations) for g in generated)):
            if part is not None:
                fields[root].claim(record.name, root_field_names(part))
                bucket.append(part)
    return {"query": merge_types("Query", tuple(queries)),
            "mutation": merge_types("Mutation", tuple(mutations)),
            "subscription": merge_types("Subscription", tuple(subscriptions)) if subscriptions
            else None,
            "types": extra}


class ShopdbSchema(strawberry.Schema):
    """Strawberry's schema, minus its own error logging: ErrorReporting logs what matters."""

    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        return None


DOCUMENT_CACHE_SIZE = 256
EXECUTION_CONTEXTS: dict[Execution, type[StrawberryGraphQLCoreExecutionContext]] = {
    Execution.FAST: FastLeafExecutionContext,
    Execution.COMPILED: CompiledExecutionContext,
    Execution.GRAPHQL_CORE: StrawberryGraphQLCoreExecutionContext,
}


def _limits(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The token limit (while parsing), the parse cache, then depth, alias, field and cost
    limits checked in one linear pass before graphql-core's (cached) validation."""
    validation = limited_validation(Limits(depth=settings.max_query_depth,
                                           aliases=settings.max_aliases,
                                           fields=settings.max_query_fields,
                                           cost=settings.max_query_cost))
    return [lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
            validation,
            introspection_gate(settings.introspection_access)]


def build_schema(active: ActiveSet, settings: Settings) -> ShopdbSchema:
    """Build and validate the schema for ``active``. Called on boot and on each toggle only."""
    parts = assemble(active)
    try:
        schema = ShopdbSchema(
            **parts,
            config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALAR_MAP),
            execution_context_class=EXECUTION_CONTEXTS[settings.execution],
            extensions=[SessionCleanup, Observe, ErrorReporting, *_limits(settings)],
        )
        add_custom_fields(schema, active)
        return schema
    except Exception as exc:
        names = ", ".join(r.name for r in active.records) or "none"
        raise PluginContractError(
            active.records[-1].name if active.records else "core",
            f"the schema did not build with plugins [{names}]: {type(exc).__name__}: {exc}",
        ) from exc
