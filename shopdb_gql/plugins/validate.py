"""Checks of a plugin's contributions, run when it registers (not on first use)."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from strawberry.types.base import StrawberryOptional, get_object_definition, has_object_definition

from shopdb_gql.core.filters import CONDITION_KEY as _CONDITION_KEY
from shopdb_gql.core.kinds import AssetCondition, AssetKind
from shopdb_gql.core.types import Asset
from shopdb_gql.plugins.errors import PluginContractError
from shopdb_gql.plugins.spec import (
    ROUTE_PERMISSIONS,
    DashboardWidget,
    NavigationItem,
    PluginRoute,
)

if TYPE_CHECKING:
    from shopdb_gql.plugins.loader import Contributions


def _require(plugin: str, ok: bool, message: str) -> None:
    if not ok:
        raise PluginContractError(plugin, message)


def optional_arguments_without_default(part: type) -> list[str]:
    """``field.argument`` names that GraphQL may omit but Python requires (a TypeError later)."""
    found = []
    for field in get_object_definition(part, strict=True).fields:
        if field.base_resolver is None:
            continue
        func = field.base_resolver.wrapped_func
        params = inspect.signature(func.__func__ if isinstance(func, staticmethod | classmethod)
                                   else func).parameters
        for arg in field.arguments:
            param = params.get(arg.python_name)
            if (isinstance(arg.type, StrawberryOptional) and param is not None
                    and param.default is inspect.Parameter.empty):
                found.append(f"{field.python_name}.{arg.python_name}")
    return found


def validate_contributions(plugin: str, c: Contributions) -> None:
    """Raise :class:`PluginContractError` for the first contribution that breaks the contract."""
    for hook, value in (("query", c.query), ("mutation", c.mutation),
                        ("subscription", c.subscription)):
        _require(plugin, value is None or has_object_definition(value),
                 f"{hook}() must return a @strawberry.type class or None, got {value!r}")
        missing = optional_arguments_without_default(value) if value is not None else []
        _require(plugin, not missing,
                 f"{hook}(): nullable arguments without a Python default ({', '.join(missing)}):"
                 " GraphQL lets callers omit them, so give each a default (None or UNSET)")
    for t in c.types:
        _require(plugin, has_object_definition(t) or hasattr(t, "__strawberry_definition__")
                 or hasattr(t, "_enum_definition"),
                 f"types() must return Strawberry types, got {t!r}")
    for kind in c.asset_kinds:
        _require(plugin, isinstance(kind, AssetKind),
                 f"asset_kinds() must return AssetKind records, got {kind!r}")
        _require(plugin, isinstance(kind.graphql_type, type) and issubclass(kind.graphql_type, Asset)
                 and has_object_definition(kind.graphql_type),
                 f"asset kind {kind.kind!r}: graphql_type must be a @strawberry.type implementing Asset")
        model: Any = kind.model
        _require(plugin, model is None or (hasattr(model, "__table__") and "id" in model.__table__.c),
                 f"asset kind {kind.kind!r}: model must be a table keyed by `id` (= assets.id)")
        for column in kind.search_columns:
            _require(plugin, model is not None and column in model.__table__.c,
                     f"asset kind {kind.kind!r}: search column {column!r} is not in its table")
        for condition in kind.conditions:
            _require(plugin, isinstance(condition, AssetCondition) and callable(condition.where)
                     and _CONDITION_KEY.fullmatch(condition.key) is not None,
                     f"asset kind {kind.kind!r}: conditions must be AssetCondition records with a "
                     f"key of letters, digits and underscores, got {condition!r}")
        for column in kind.address_columns:
            _require(plugin, model is not None and column in model.__table__.c,
                     f"asset kind {kind.kind!r}: address column {column!r} is not in its table")
    for item in c.navigation:
        _require(plugin, isinstance(item, NavigationItem),
                 f"navigation() must return NavigationItem records, got {item!r}")
    for widget in c.dashboard_widgets:
        _require(plugin, isinstance(widget, DashboardWidget),
                 f"dashboard_widgets() must return DashboardWidget records, got {widget!r}")
    for route in c.routes:
        _require(plugin, isinstance(route, PluginRoute),
                 f"routes() must return PluginRoute records, got {route!r}")
        _require(plugin, route.path.startswith("/") and ".." not in route.path,
                 f"route {route.path!r}: the path must start with '/' (it is served under "
                 f"/plugins/{plugin}/)")
        _require(plugin, not route.path.startswith("/ui/"),
                 f"route {route.path!r}: /plugins/{plugin}/ui/ serves the plugin's UI bundle")
        _require(plugin, route.permission in ROUTE_PERMISSIONS,
                 f"route {route.path!r}: permission must be 'read', 'write', 'admin' or None")
        _require(plugin, bool(route.methods) and all(
            m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE") for m in route.methods),
            f"route {route.path!r}: methods must be HTTP methods in capitals")
        _require(plugin, callable(route.handler), f"route {route.path!r}: handler is not callable")
