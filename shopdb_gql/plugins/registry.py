"""The active set: the enabled, loaded plugins one schema is built from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from shopdb_gql.core.kinds import AssetKind
from shopdb_gql.plugins.loader import PluginRecord
from shopdb_gql.plugins.spec import DashboardWidget, NavigationItem


@dataclass(frozen=True)
class ActiveSet:
    """Enabled plugins in dependency order, and what they contribute together."""

    records: tuple[PluginRecord, ...] = ()
    generation: int = 0
    enabled_names: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def kinds(self) -> dict[str, AssetKind]:
        """Asset kind key -> its AssetKind, for enabled plugins."""
        return {k.kind: k for r in self.records for k in r.contributions.asset_kinds}

    @cached_property
    def kind_plugin(self) -> dict[str, str]:
        return {k.kind: r.name for r in self.records for k in r.contributions.asset_kinds}

    def navigation(self) -> list[tuple[str | None, NavigationItem]]:
        return [(r.name, item) for r in self.records for item in r.contributions.navigation]

    def dashboard_widgets(self) -> list[tuple[str | None, DashboardWidget]]:
        return [(r.name, w) for r in self.records for w in r.contributions.dashboard_widgets]
