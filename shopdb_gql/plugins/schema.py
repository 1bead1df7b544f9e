"""Root fields about plugins: list, kinds, navigation, dashboard, and the admin toggle."""

from __future__ import annotations

import functools
import inspect
import logging
from typing import Any

import strawberry
from strawberry.types import Info

from shopdb_gql.auth.permissions import CanRead, IsAdmin
from shopdb_gql.core.dashboard import CORE_NAVIGATION, CORE_WIDGETS
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, user_error
from shopdb_gql.plugins import types as t
from shopdb_gql.plugins.errors import PluginError

log = logging.getLogger(__name__)


@functools.cache
def _takes_actor(load: Any) -> bool:
    """Whether a widget loader asks who is looking (``load(session, *, actor)``); read once."""
    return "actor" in inspect.signature(load).parameters


def _row(label: str, value: float, link: str | None = None) -> t.WidgetRow:
    return t.WidgetRow(label=label, value=value, link=link)


@strawberry.type
class PluginQuery:
    @strawberry.field(description="Every plugin found, with status and load error.",
                      permission_classes=[CanRead])
    async def plugins(self, info: Info[Context, Any]) -> list[t.Plugin]:
        runtime = info.context.runtime
        return runtime.describe_plugins(await runtime.enabled_names(info.context.session))

    @strawberry.field(description=(
        "Browser bundles of the enabled plugins: the UI imports each (cards on asset pages, "
        "list columns, map markers, search results, dashboard tiles, pages)."),
        permission_classes=[CanRead])
    def ui_extensions(self, info: Info[Context, Any]) -> list[t.UiExtension]:
        return info.context.runtime.ui_extensions()

    @strawberry.field(description="Asset kinds of the enabled plugins.",
                      permission_classes=[CanRead])
    def asset_kinds(self, info: Info[Context, Any]) -> list[t.AssetKind]:
        active = info.context.active
        return [t.AssetKind(kind=k.kind, label=k.label, plural_label=k.plural_label or f"{k.label}s",
                            plugin=active.kind_plugin[k.kind],
                            type_name=k.graphql_type.__strawberry_definition__.name,  # type: ignore[attr-defined]
                            conditions=[t.AssetCondition(key=c.key, label=c.label) for c in k.conditions])
                for k in active.kinds.values()]

    @strawberry.field(description="Menu entries from core and enabled plugins, in order.",
                      permission_classes=[CanRead])
    def navigation(self, info: Info[Context, Any]) -> list[t.NavigationItem]:
        items = [(None, item) for item in CORE_NAVIGATION] + info.context.active.navigation()
        return sorted((t.NavigationItem(key=i.key, label=i.label, path=i.path, icon=i.icon,
                                        order=i.order, plugin=p, kind=i.kind) for p, i in items),
                      key=lambda n: (n.order, n.label))

    @strawberry.field(description="Dashboard tiles from core and enabled plugins, in order.",
                      permission_classes=[CanRead])
    async def dashboard(self, info: Info[Context, Any]) -> list[t.DashboardWidget]:
        widgets = [(None, w) for w in CORE_WIDGETS] + info.context.active.dashboard_widgets()
        result = []
        for plugin, widget in widgets:
            value = await (widget.load(info.context.session, actor=info.context.actor)
                           if _takes_actor(widget.load) else widget.load(info.context.session))
            result.append(t.DashboardWidget(
                key=widget.key, title=widget.title, kind=widget.kind, value=value.value,
                text=value.text, rows=[_row(*row) for row in value.rows],
                link=value.link, plugin=plugin, order=widget.order))
        return sorted(result, key=lambda w: (w.order, w.title))


@strawberry.type
class PluginMutation:
    @strawberry.mutation(description=(
        "Enable or disable a plugin (admin). The schema is rebuilt and swapped in on every "
        "worker without a restart; disabling never deletes data."),
        permission_classes=[IsAdmin])
    async def set_plugin_enabled(
        self, info: Info[Context, Any], name: str, enabled: bool
    ) -> t.PluginPayload:
        runtime = info.context.runtime
        session = info.context.session
        await session.rollback()  # one connection per request: give it back while toggling
        try:
            await runtime.set_enabled(name, enabled, info.context.actor, info.context.source)
        except PluginError as exc:
            code = ErrorCode.NOT_FOUND if "not found" in exc.message else ErrorCode.PLUGIN_ERROR
            return t.PluginPayload(errors=[user_error(code, str(exc), "name")])
        finally:
            await session.connection()
        described = runtime.describe_plugins(await runtime.enabled_names(session))
        return t.PluginPayload(plugin=next(p for p in described if p.name == name), errors=[])
