"""The dummy plugin: a small asset kind that uses every hook of the plugin contract.

The test suite loads it through ``SHOPDB_PLUGIN_PATHS=tests/plugins``. Lifecycle hooks
record that they ran in the plugin's settings, so tests can check they were called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core.models import Asset as AssetRow
from shopdb_gql.plugins import (
    AssetKind,
    Base,
    DashboardWidget,
    Event,
    NavigationItem,
    Plugin,
    PluginContext,
    WidgetValue,
)

from .models import DummyWidgetRow
from .schema import HEARD, KIND, DeleteDummyWidgetPayload, DummyMutation, DummyQuery, DummyWidgetPayload
from .types import DummyWidget


async def _count(session: AsyncSession) -> WidgetValue:
    total = await session.scalar(select(func.count()).select_from(AssetRow)
                                 .where(AssetRow.kind == KIND))
    return WidgetValue(value=float(total or 0), text="dummy widgets", link="/dummy")


@click.command("hello", help="Say hello from the dummy plugin.")
def hello() -> None:
    click.echo("hello from dummy")


class DummyPlugin(Plugin):
    """Contributes the ``dummywidget`` kind, its root fields, a menu entry and a tile."""

    def models(self) -> Sequence[type[Base]]:
        return (DummyWidgetRow,)

    def types(self) -> Sequence[type]:
        return (DummyWidgetPayload, DeleteDummyWidgetPayload)

    def query(self) -> type:
        return DummyQuery

    def mutation(self) -> type:
        return DummyMutation

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (AssetKind(kind=KIND, label="Dummy widget", graphql_type=DummyWidget,
                          model=DummyWidgetRow, search_columns=("color",)),)

    def navigation(self) -> Sequence[NavigationItem]:
        return (NavigationItem("dummywidgets", "Dummy widgets", "/dummy", icon="box",
                               order=500, kind=KIND),)

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        return (DashboardWidget("dummycount", "Dummy widgets", _count, order=500),)

    def cli_commands(self) -> Sequence[click.Command]:
        return (hello,)

    async def _bump(self, session: AsyncSession, key: str) -> None:
        count: Any = await self.get_setting(session, key, 0)
        await self.set_setting(session, key, int(count) + 1)

    async def on_install(self, ctx: PluginContext) -> None:
        await self.set_setting(ctx.session, "installed", True)

    async def on_uninstall(self, ctx: PluginContext) -> None:
        await self.set_setting(ctx.session, "installed", False)

    async def on_enable(self, ctx: PluginContext) -> None:
        await self._bump(ctx.session, "enablecalls")

    async def on_disable(self, ctx: PluginContext) -> None:
        await self._bump(ctx.session, "disablecalls")

    async def on_event(self, event: Event) -> None:
        HEARD.append(f"{event.type}:{event.data.get('id', '')}")

    async def seed_demo(self, session: AsyncSession) -> None:
        await self._bump(session, "seedcalls")


plugin = DummyPlugin()
