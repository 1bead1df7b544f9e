"""The plugin API. ``__all__`` is everything a plugin may import (docs/PLUGIN-HOOKS.md).

What is not listed here is not part of the plugin API and may change without notice.
"""

from __future__ import annotations

from shopdb_gql.auth.permissions import CanRead, CanWrite, IsAdmin, ensure
from shopdb_gql.core.addresses import AddressMatch, find_assets_in_network
from shopdb_gql.core.editing import (
    core_values,
    create_asset,
    delete_asset,
    get_or_fail,
    relate_assets,
    unrelate_assets,
    update_asset,
)
from shopdb_gql.core.events import Event
from shopdb_gql.core.filters import (
    AssetFilter,
    AssetOrder,
    SortDirection,
    in_locations,
    like_pattern,
    parse_ids,
)
from shopdb_gql.core.filters import apply_filter as apply_asset_filter
from shopdb_gql.core.filters import apply_order as apply_asset_order
from shopdb_gql.core.kinds import AssetCondition, AssetKind
from shopdb_gql.core.locks import refresh_identities
from shopdb_gql.core.models import Asset as AssetRow
from shopdb_gql.core.models import AssetRelationship as AssetRelationshipRow
from shopdb_gql.core.models import Location as LocationRow
from shopdb_gql.core.mutations import AssetUpdateInput
from shopdb_gql.core.pages import asset_of_type, asset_page, assets_for, assets_of, related_target
from shopdb_gql.core.types import Asset, AssetStatus, Location, asset_fields
from shopdb_gql.db.base import Base, UTCDateTime, utcnow
from shopdb_gql.graphql.connection import (
    Connection,
    Page,
    fetch_page,
    make_connection,
    selects_total,
)
from shopdb_gql.graphql.context import Context
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, user_error
from shopdb_gql.graphql.mutations import Tx, perform
from shopdb_gql.plugins.declare import ExtraInput, Field, Kind, KindPlugin
from shopdb_gql.plugins.errors import (
    PluginContractError,
    PluginDependencyError,
    PluginError,
    PluginManifestError,
    PluginNotFoundError,
    PluginServiceError,
    PluginVersionError,
)
from shopdb_gql.plugins.ingest import IngestSpec
from shopdb_gql.plugins.spec import (
    DashboardWidget,
    HistoryImporter,
    NavigationItem,
    Plugin,
    PluginContext,
    PluginRequest,
    PluginRoute,
    WidgetValue,
)

__all__ = [
    "AddressMatch",
    "Asset",
    "AssetCondition",
    "AssetFilter",
    "AssetKind",
    "AssetOrder",
    "AssetRelationshipRow",
    "AssetRow",
    "AssetStatus",
    "AssetUpdateInput",
    "Base",
    "CanRead",
    "CanWrite",
    "Connection",
    "Context",
    "DashboardWidget",
    "ErrorCode",
    "Event",
    "ExtraInput",
    "Field",
    "HistoryImporter",
    "IngestSpec",
    "IsAdmin",
    "Kind",
    "KindPlugin",
    "Location",
    "LocationRow",
    "NavigationItem",
    "Page",
    "PayloadErrors",
    "Plugin",
    "PluginContext",
    "PluginContractError",
    "PluginDependencyError",
    "PluginError",
    "PluginManifestError",
    "PluginNotFoundError",
    "PluginRequest",
    "PluginRoute",
    "PluginServiceError",
    "PluginVersionError",
    "SortDirection",
    "Tx",
    "UTCDateTime",
    "UserError",
    "WidgetValue",
    "apply_asset_filter",
    "apply_asset_order",
    "asset_fields",
    "asset_of_type",
    "asset_page",
    "assets_for",
    "assets_of",
    "core_values",
    "create_asset",
    "delete_asset",
    "ensure",
    "fetch_page",
    "find_assets_in_network",
    "get_or_fail",
    "in_locations",
    "like_pattern",
    "make_connection",
    "parse_ids",
    "perform",
    "refresh_identities",
    "relate_assets",
    "related_target",
    "selects_total",
    "unrelate_assets",
    "update_asset",
    "user_error",
    "utcnow",
]
