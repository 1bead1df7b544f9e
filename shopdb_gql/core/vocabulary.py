"""``Query.labels``: the words the UI shows for fields, enum values, kinds and relationships."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from shopdb_gql.auth.permissions import CanRead
from shopdb_gql.core.labels import RELATIONSHIP_TYPES, relationship_words, vocabulary
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry


@strawberry.type(description="A field's label and the column it is stored in.")
class FieldLabel:
    type_name: str = strawberry.field(description="The GraphQL type (object or input).")
    field: str = strawberry.field(description="The GraphQL field name, e.g. `osVersion`.")
    label: str = strawberry.field(description="What people read, e.g. `OS version`.")
    column: str = strawberry.field(description=(
        "The stored column (`osversion`), as audit entries and field locks name it."))


@strawberry.type(description="An enum value's label.")
class EnumValueLabel:
    enum: str = strawberry.field(description="The GraphQL enum, e.g. `PcType`.")
    value: str = strawberry.field(description="The value, e.g. `SHOP_FLOOR`.")
    label: str = strawberry.field(description="What people read, e.g. `Shop floor`.")


@strawberry.type(description="How a relationship type reads from each of its ends.")
class RelationshipTypeLabel:
    type: str = strawberry.field(description="The stored type, e.g. `controls`.")
    label: str = strawberry.field(description="From the source: a PC `Controls` a machine.")
    inverse_label: str = strawberry.field(description=(
        "From the target: a machine is `Controlled by` the PC."))


@strawberry.type(description="Every label of the schema being served, for UIs and reports.")
class Labels:
    fields: list[FieldLabel] = strawberry.field(description="Object, interface and input fields.")
    enum_values: list[EnumValueLabel] = strawberry.field(description="Every enum value.")
    relationship_types: list[RelationshipTypeLabel] = strawberry.field(description=(
        "The known relationship types (others read as their name in words)."))


def declared_labels(info: Info[Context, Any]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Each enabled kind's own field labels, keyed by its GraphQL type name."""
    return declared_labels_of(info.context.active)


def declared_labels_of(active: Any) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """:func:`declared_labels` of an active plugin set (outside a request): each kind's
    declared labels on its type, and its custom fields' labels on its type and inputs."""
    found: dict[str, dict[str, str]] = {}
    for kind in active.kinds.values():
        if kind.field_labels:
            found.setdefault(kind.graphql_type.__strawberry_definition__.name, {}).update(
                kind.field_labels)
        custom = {f.name: f.label for f in active.custom_for(kind.kind)}
        if custom:
            for part in ("type", "filter", "create", "update"):
                found.setdefault(kind.custom_fields_on[part], {}).update(custom)
    return tuple(sorted((name, tuple(sorted(labels.items()))) for name, labels in found.items()))


def served_vocabulary(info: Info[Context, Any]) -> Any:
    """The served schema's labels, looked up once per request (an audit page resolves a
    label for every change of every entry)."""
    extra = info.context.extra
    if "vocabulary" not in extra:
        extra["vocabulary"] = vocabulary(info.schema._schema, declared_labels(info))
    return extra["vocabulary"]


@strawberry.type
class LabelsQuery:
    @strawberry.field(description=(
        "Labels for every field, enum value and relationship type of the served schema, so a "
        "UI speaks the shop floor's language for plugin kinds too."), permission_classes=[CanRead])
    def labels(self, info: Info[Context, Any]) -> Labels:
        words = served_vocabulary(info)
        return Labels(
            fields=[FieldLabel(type_name=t, field=f, label=label, column=c)
                    for t, f, label, c in words.fields],
            enum_values=[EnumValueLabel(enum=e, value=v, label=label)
                         for e, v, label in words.enum_values],
            relationship_types=[RelationshipTypeLabel(type=name, label=w.label,
                                                      inverse_label=w.inverse)
                                for name, w in ((n, relationship_words(n))
                                                for n in sorted(RELATIONSHIP_TYPES))])
