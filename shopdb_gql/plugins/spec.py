"""The plugin contract: the :class:`Plugin` base class and the records its hooks return.

Every hook has a default that contributes nothing, so a plugin overrides only what it
uses. Hooks are called once, when the plugin registers (validation happens then, not on
first use); lifecycle hooks are called when an admin installs, enables, disables or
uninstalls the plugin. What is not documented here and in docs/PLUGIN-HOOKS.md is not
part of the plugin API.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

# The asset kind record is a domain concept, declared in core.kinds; plugins get it (and
# AssetCondition) from shopdb_gql.plugins as before, and this module still re-exports them.
from shopdb_gql.core.kinds import AssetCondition as AssetCondition
from shopdb_gql.core.kinds import AssetKind as AssetKind
from shopdb_gql.core.kinds import BuildAsset as BuildAsset

if TYPE_CHECKING:
    import click
    from sqlalchemy.ext.asyncio import AsyncSession

    from shopdb_gql.db.base import Base
    from shopdb_gql.plugins.ingest import IngestSpec
    from shopdb_gql.plugins.manifest import Manifest


#: ``write(session, asset_id, values, existing)`` of a :class:`HistoryImporter`.
WriteHistory = Callable[["AsyncSession", int, dict[str, Any], "int | None"],
                        Awaitable[tuple[int, bool]]]


@dataclass(frozen=True)
class HistoryImporter:
    """One kind of history an import can bring in for a plugin's assets (a USB device's
    loans, a tool's calibrations), named in import mapping files (``shopdb import legacy``).

    ``fields`` are the values a source row may carry, with their Python types (``str``,
    ``datetime``...). ``write(session, asset_id, values, existing)`` stores one source row
    for the asset, inside the import's transaction: ``existing`` is the id the row got in an
    earlier run (None the first time); it returns the row's id and whether anything changed,
    so a second run reports the row unchanged.
    """

    name: str
    kind: str
    fields: dict[str, type]
    write: WriteHistory
    description: str = ""


@dataclass(frozen=True)
class NavigationItem:
    """A menu entry for the frontend. ``path`` is a frontend route."""

    key: str
    label: str
    path: str
    icon: str | None = None
    order: int = 100
    kind: str | None = None


@dataclass(frozen=True)
class WidgetValue:
    """What a dashboard widget shows: a headline value and optional rows.

    A row is ``(label, value)`` or ``(label, value, link)``; a link opens the list the
    row counts (``/assets?status=2``), like ``link`` does for the headline value.
    """

    value: float | None = None
    text: str | None = None
    rows: Sequence[tuple[str, float] | tuple[str, float, str | None]] = ()
    link: str | None = None


#: ``load(session)``, or ``load(session, *, actor)`` for a tile whose numbers depend on who
#: asks (it should count what that caller's list would show).
WidgetLoader = Callable[..., Awaitable[WidgetValue]]


@dataclass(frozen=True)
class DashboardWidget:
    """A dashboard tile; ``load`` computes its value with the request's session."""

    key: str
    title: str
    load: WidgetLoader
    kind: str = "stat"
    order: int = 100


@dataclass(frozen=True)
class PluginContext:
    """Handed to lifecycle hooks: a session inside a transaction, and the plugin name."""

    session: AsyncSession
    plugin_name: str


@dataclass
class Plugin:
    """Base class for plugins. A plugin package exports an instance as ``plugin``.

    ``name`` and ``manifest`` are filled in by the loader from ``manifest.json``.
    """

    name: str = ""
    manifest: Manifest | None = field(default=None, repr=False)

    # --- schema contributions -------------------------------------------------
    def models(self) -> Sequence[type[Base]]:
        """SQLAlchemy models (on ``shopdb_gql.plugins.Base``) whose tables this plugin owns."""
        return ()

    def types(self) -> Sequence[type]:
        """Extra Strawberry types to add to the schema (non-asset types, enums...)."""
        return ()

    def query(self) -> type | None:
        """A Strawberry type whose fields are merged into ``Query``."""
        return None

    def mutation(self) -> type | None:
        """A Strawberry type whose fields are merged into ``Mutation``."""
        return None

    def subscription(self) -> type | None:
        """A Strawberry type whose fields are merged into ``Subscription``."""
        return None

    def asset_kinds(self) -> Sequence[AssetKind]:
        """The asset kinds this plugin owns."""
        return ()

    def ingest_specs(self) -> Sequence[IngestSpec]:
        """Collector ingest declarations; each generates an ``ingest<Kinds>`` mutation."""
        return ()

    def navigation(self) -> Sequence[NavigationItem]:
        """Menu entries shown while the plugin is enabled."""
        return ()

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        """Dashboard tiles shown while the plugin is enabled."""
        return ()

    def cli_commands(self) -> Sequence[click.Command]:
        """Click commands added under ``shopdb <plugin-name> ...``."""
        return ()

    def history_importers(self) -> Sequence[HistoryImporter]:
        """History an import can bring in for this plugin's assets (``shopdb import``)."""
        return ()

    # --- lifecycle ------------------------------------------------------------
    async def on_install(self, ctx: PluginContext) -> None:
        """After the plugin's migrations ran on ``shopdb plugin install``."""

    async def on_uninstall(self, ctx: PluginContext) -> None:
        """Before the plugin's migrations are downgraded on uninstall."""

    async def on_enable(self, ctx: PluginContext) -> None:
        """When an admin enables the plugin (before the new schema is swapped in)."""

    async def on_disable(self, ctx: PluginContext) -> None:
        """When an admin disables the plugin. Must not delete data."""

    async def seed_demo(self, session: AsyncSession) -> None:
        """Add demo data for ``shopdb seed demo`` (core demo data exists already)."""

    # --- settings -------------------------------------------------------------
    def setting_key(self, key: str) -> str:
        return f"plugin.{self.name}.{key}"

    async def get_setting(self, session: AsyncSession, key: str, default: Any = None) -> Any:
        """Read this plugin's setting ``plugin.<name>.<key>``."""
        from shopdb_gql.core.settingstore import get_setting

        return await get_setting(session, self.setting_key(key), default)

    async def set_setting(self, session: AsyncSession, key: str, value: Any) -> None:
        """Write this plugin's setting ``plugin.<name>.<key>`` (JSON-serializable)."""
        from shopdb_gql.core.settingstore import set_setting

        await set_setting(session, self.setting_key(key), value)


def field_names(cls: type) -> list[str]:
    """Python names of a dataclass-based Strawberry type's fields."""
    return [f.name for f in dataclasses.fields(cls)]
