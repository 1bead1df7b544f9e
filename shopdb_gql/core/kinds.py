"""The asset kind record: what a kind is (key, GraphQL type, extension table) and its conditions.

A domain concept, declared once here: core reads it to load, filter, search and label
assets of every kind; plugins declare their kinds with it through ``shopdb_gql.plugins``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from shopdb_gql.core.models import AssetRecord
    from shopdb_gql.db.base import Base


BuildAsset = Callable[["AssetRecord", Any], Any]


@dataclass(frozen=True)
class AssetCondition:
    """A named yes/no question a kind answers about its assets, e.g. printers ``lowSupplies``.

    ``where`` returns a condition on ``assets`` (typically ``AssetRow.id.in_(...)``); core
    applies it when a list asks for the key (``AssetFilter.conditions``, the list page's
    ``?is=`` URL parameter). A dashboard tile that counts the same assets should count with
    the same ``where``, so the number on the tile is the length of the list it opens.
    Several kinds may use one key (``overdue``): an asset then matches if its own kind's
    condition holds.
    """

    key: str
    label: str
    where: Callable[[], ColumnElement[bool]]


@dataclass(frozen=True)
class AssetKind:
    """An asset kind a plugin owns: its key, GraphQL type and extension table.

    ``graphql_type`` is a Strawberry type implementing ``Asset``. ``model`` is the
    plugin's table keyed by ``assets.id`` (one row per asset, same id); core loads the
    rows of a whole page in one query per kind. ``build`` turns (core row, extension
    row or None) into the GraphQL object, reading their columns only (on the read path they are
    plain rows, not ORM instances: shopdb_gql.db.rows); the default maps each field of the type that
    is not an Asset field to the column of the same name without underscores
    (``os_version`` -> ``osversion``). ``stale_after`` marks assets not seen by a
    collector for that long as stale. ``address_columns`` names extension columns holding
    one IP address each (as text, IPv4 or IPv6, an optional ``/prefix`` is ignored); core
    uses them to find the assets in a subnet (``find_assets_in_network``).
    """

    kind: str
    label: str
    graphql_type: type
    model: type[Base] | None = None
    build: BuildAsset | None = None
    plural_label: str | None = None
    stale_after: timedelta | None = None
    search_columns: Sequence[str] = ()
    address_columns: Sequence[str] = ()
    #: Labels for fields whose name in words would not say it right, by GraphQL or Python
    #: name (``{"pcType": "Use"}``); every other field is labelled from its name.
    field_labels: Mapping[str, str] = field(default_factory=dict)
    #: Named filters lists of this kind offer (``lowSupplies``), see :class:`AssetCondition`.
    conditions: Sequence[AssetCondition] = ()
    #: Extension columns a person's edit does not lock against collectors (the collector's
    #: value always wins, e.g. a logged-on user); every other changed column is locked.
    unlocked_columns: Sequence[str] = ()
    #: Columns of the kind's table that hold a managed reference value: ``("manufacturer",
    #: "vendor")`` says column ``vendor`` holds a manufacturer's name (reference data: the
    #: managed lists, and merging duplicate spellings across every kind).
    vocabulary: Sequence[tuple[str, str]] = ()
    #: The GraphQL names custom fields of the kind are added to (``type``, ``filter``,
    #: ``create``, ``update``, ``order``), given by kinds declared with ``Kind``; a kind
    #: without them takes no custom fields.
    custom_fields_on: Mapping[str, str] = field(default_factory=dict)
