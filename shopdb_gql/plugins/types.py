"""GraphQL types describing plugins and what they contribute to the UI."""

from __future__ import annotations

from enum import Enum

import strawberry

from shopdb_gql.graphql.errors import UserError


@strawberry.enum(description="State of a plugin on this site.")
class PluginStatus(Enum):
    ENABLED = "ENABLED"
    DISABLED = "DISABLED"
    FAILED = "FAILED"


@strawberry.type(description="An HTTP route a plugin serves under /plugins/<name>/.")
class PluginHttpRoute:
    url: str = strawberry.field(
        description="Its address, e.g. `/plugins/measuringtools/calibrations-due.csv`.")
    methods: list[str] = strawberry.field(description="HTTP methods it answers.")
    permission: str | None = strawberry.field(description=(
        "The scope a caller needs (`read`, `write`, `admin`); null: anyone."))
    description: str = strawberry.field(description="What it serves.")


@strawberry.type(description=(
    "A plugin's browser bundle: an ES module the UI imports at runtime (manifest `ui`)."))
class PluginUi:
    url: str = strawberry.field(description=(
        "Where the module is served, e.g. `/plugins/usb/ui/dist/index.js?v=...`."))
    api_version: str = strawberry.field(description=(
        "The UI extension API version it was built for (`major.minor`); the UI loads it when "
        "the majors match and its own minor is at least this one."))
    styles: list[str] = strawberry.field(description="Style sheets to load with it.")
    built: bool = strawberry.field(description=(
        "Whether the module file exists (false: the plugin's UI was not built)."))


@strawberry.type(description="A UI bundle of an enabled plugin, for the app to load.")
class UiExtension:
    plugin: str = strawberry.field(description="The plugin shipping it.")
    version: str = strawberry.field(description="The plugin's version.")
    url: str = strawberry.field(description="Where the module is served.")
    api_version: str = strawberry.field(description="The UI extension API version it needs.")
    styles: list[str] = strawberry.field(description="Style sheets to load with it.")


@strawberry.type(description="A plugin found on this site.")
class Plugin:
    name: str = strawberry.field(description="Plugin name (its folder).")
    version: str | None = strawberry.field(description="Version from manifest.json.")
    description: str | None = strawberry.field(description="What the plugin does.")
    enabled: bool = strawberry.field(description="Whether its schema part is being served.")
    status: PluginStatus = strawberry.field(description="ENABLED, DISABLED or FAILED.")
    error: str | None = strawberry.field(description="Why it failed to load, if it did.")
    dependencies: list[str] = strawberry.field(description="Plugins it needs.")
    core_version: str | None = strawberry.field(description="Contract range it supports.")
    asset_kinds: list[str] = strawberry.field(description="Asset kinds it owns.")
    routes: list[PluginHttpRoute] = strawberry.field(
        default_factory=list, description="HTTP routes it serves while enabled.")
    ui: PluginUi | None = strawberry.field(default=None, description=(
        "Its browser bundle, if it ships one."))


@strawberry.type(description=(
    "A named filter a kind offers for its lists, e.g. printers low on supplies."))
class AssetCondition:
    key: str = strawberry.field(description=(
        "What to pass in `AssetFilter.conditions` (and the list page's `?is=`), e.g. `lowSupplies`."))
    label: str = strawberry.field(description="What the filter shows, e.g. `Low on supplies`.")


@strawberry.type(description="An asset kind registered by an enabled plugin.")
class AssetKind:
    kind: str = strawberry.field(description="Kind key, e.g. `computer`.")
    label: str = strawberry.field(description="Display name, e.g. `Computer`.")
    plural_label: str = strawberry.field(description="Display name for lists.")
    plugin: str = strawberry.field(description="Plugin owning the kind.")
    type_name: str = strawberry.field(description="GraphQL type implementing Asset.")
    conditions: list[AssetCondition] = strawberry.field(
        default_factory=list, description="Named filters its lists offer.")


@strawberry.type(description="A menu entry contributed by core or an enabled plugin.")
class NavigationItem:
    key: str = strawberry.field(description="Stable identifier.")
    label: str = strawberry.field(description="Menu text.")
    path: str = strawberry.field(description="Frontend route.")
    icon: str | None = strawberry.field(description="Icon name.")
    order: int = strawberry.field(description="Menu position (ascending).")
    plugin: str | None = strawberry.field(description="Contributing plugin; null for core.")
    kind: str | None = strawberry.field(description="Asset kind the entry lists, if any.")


@strawberry.type(description="A labelled number in a dashboard widget.")
class WidgetRow:
    label: str = strawberry.field(description="Row label.")
    value: float = strawberry.field(description="Row value.")
    link: str | None = strawberry.field(default=None, description=(
        "Frontend route listing what the row counts, if any."))


@strawberry.type(description="A dashboard tile contributed by core or an enabled plugin.")
class DashboardWidget:
    key: str = strawberry.field(description="Stable identifier.")
    title: str = strawberry.field(description="Tile title.")
    kind: str = strawberry.field(description="stat, list or bar: how to draw it.")
    value: float | None = strawberry.field(description="Headline number.")
    text: str | None = strawberry.field(description="Headline text.")
    rows: list[WidgetRow] = strawberry.field(description="Breakdown rows.")
    link: str | None = strawberry.field(description="Frontend route for details.")
    plugin: str | None = strawberry.field(description="Contributing plugin; null for core.")
    order: int = strawberry.field(description="Position on the dashboard (ascending).")


@strawberry.type(description="Result of enabling or disabling a plugin.")
class PluginPayload:
    plugin: Plugin | None = strawberry.field(default=None, description="The plugin, after.")
    errors: list[UserError] = strawberry.field(description="Why the toggle was refused.")
