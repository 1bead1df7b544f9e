"""The plugin contract: the :class:`Plugin` base class and the records its hooks return.

Every hook has a default that contributes nothing, so a plugin overrides only what it
uses. Hooks are called once, when the plugin registers (validation happens then, not on
first use); lifecycle hooks are called when an admin installs, enables, disables or
uninstalls the plugin. What is not documented here and in docs/PLUGIN-HOOKS.md is not
part of the plugin API.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

# The asset kind record is a domain concept, declared in core.kinds; plugins get it (and
# AssetCondition) from shopdb_gql.plugins as before, and this module still re-exports them.
from shopdb_gql.core.kinds import AssetCondition as AssetCondition
from shopdb_gql.core.kinds import AssetKind as AssetKind
from shopdb_gql.core.kinds import BuildAsset as BuildAsset

if TYPE_CHECKING:
    import click
    from sqlalchemy.ext.asyncio import AsyncSession
    from starlette.requests import Request

    from shopdb_gql.auth.actor import Actor
    from shopdb_gql.core.events import Event
    from shopdb_gql.db.base import Base
    from shopdb_gql.plugins.ingest import IngestSpec
    from shopdb_gql.plugins.manifest import Manifest


T = TypeVar("T")

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


@dataclass
class PluginRequest:
    """What a plugin's HTTP route handler gets: the Starlette request, the caller (already
    authenticated and allowed by the route's ``permission``), a database session for the
    request (commit it yourself when you write), and the route's path parameters."""

    request: Request
    actor: Actor
    session: AsyncSession
    path_params: dict[str, Any]

    @property
    def query_params(self) -> Any:
        return self.request.query_params


#: A route handler: a Starlette ``Response``, or a dict/list sent as JSON.
RouteHandler = Callable[[PluginRequest], Awaitable[Any]]
#: Who may call a route: ``read``/``write``/``admin`` (a scope the caller must hold) or
#: ``None`` for anyone (a webhook receiver that checks its own signature).
ROUTE_PERMISSIONS = ("read", "write", "admin", None)


@dataclass(frozen=True)
class PluginRoute:
    """An HTTP route served under ``/plugins/<plugin-name><path>`` while the plugin is enabled.

    ``path`` uses Starlette's syntax (``/labels/{asset_id:int}.pdf``). The route gets the
    same authentication (Bearer JWT or API token, or the session cookie with the CSRF
    header for writes), request-size limit, request id and error masking as ``/graphql``.
    """

    path: str
    handler: RouteHandler
    methods: tuple[str, ...] = ("GET",)
    permission: str | None = "read"
    description: str = ""


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
    #: Every discovered plugin by name (filled in by the loader), for :meth:`uses`.
    peers: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

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

    def routes(self) -> Sequence[PluginRoute]:
        """HTTP routes served under ``/plugins/<name>/`` while the plugin is enabled."""
        return ()

    def service(self) -> object | None:
        """The object plugins that depend on this one get through :meth:`uses`."""
        return None

    # --- services of other plugins ---------------------------------------------
    def uses(self, provider: str, kind: Callable[..., T]) -> T:
        """The service of ``provider``, a plugin this one lists under ``dependencies`` in
        its manifest, checked against ``kind`` (a class, or a ``@runtime_checkable``
        Protocol the using plugin defines: it never imports the provider's modules).
        Raises :class:`PluginServiceError` naming what to fix."""
        from shopdb_gql.plugins.errors import PluginServiceError

        if self.manifest is None or provider not in self.manifest.dependencies:
            raise PluginServiceError(self.name, f"uses {provider!r} without declaring it: add "
                                                f"it to \"dependencies\" in manifest.json")
        record = self.peers.get(provider)
        other = getattr(record, "plugin", None)
        if other is None:
            raise PluginServiceError(self.name, f"{provider!r} is not loaded")
        found = other.service()
        if found is None:
            raise PluginServiceError(self.name, f"{provider!r} offers no service")
        # ``kind`` is typed as a callable so that a Protocol class type-checks; it is a class.
        name = getattr(kind, "__name__", repr(kind))
        try:
            fits = isinstance(kind, type) and isinstance(found, kind)
        except TypeError as exc:  # a Protocol without @runtime_checkable
            raise PluginServiceError(self.name, f"{name} must be a class or a "
                                                "@runtime_checkable Protocol") from exc
        if not fits:
            raise PluginServiceError(self.name, f"the service of {provider!r} "
                                                f"({type(found).__name__}) is not a {name}")
        return cast(T, found)

    # --- lifecycle ------------------------------------------------------------
    async def on_install(self, ctx: PluginContext) -> None:
        """After the plugin's migrations ran on ``shopdb plugin install``."""

    async def on_uninstall(self, ctx: PluginContext) -> None:
        """Before the plugin's migrations are downgraded on uninstall."""

    async def on_enable(self, ctx: PluginContext) -> None:
        """When an admin enables the plugin (before the new schema is swapped in)."""

    async def on_disable(self, ctx: PluginContext) -> None:
        """When an admin disables the plugin. Must not delete data."""

    async def on_event(self, event: Event) -> None:
        """Each change committed while the plugin is enabled (``asset.updated``,
        ``ingest.batch_done``...), after the commit, in a task of its own: it never holds up
        the request that caused it. Exceptions are logged."""

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
