"""The active set: the enabled, loaded plugins one schema is built from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from shopdb_gql.core.customfields import CustomFieldDef
from shopdb_gql.core.kinds import AssetKind
from shopdb_gql.plugins.loader import PluginRecord
from shopdb_gql.plugins.spec import DashboardWidget, NavigationItem


@dataclass(frozen=True)
class ActiveSet:
    """Enabled plugins in dependency order, and what they contribute together."""

    records: tuple[PluginRecord, ...] = ()
    generation: int = 0
    enabled_names: frozenset[str] = field(default_factory=frozenset)
    #: Custom fields admins added (core/customfields.py), of every kind, enabled or not.
    custom_fields: tuple[CustomFieldDef, ...] = ()

    @cached_property
    def kinds(self) -> dict[str, AssetKind]:
        """Asset kind key -> its AssetKind, for enabled plugins."""
        return {k.kind: k for r in self.records for k in r.contributions.asset_kinds}

    @cached_property
    def _custom_by_kind(self) -> dict[str, tuple[CustomFieldDef, ...]]:
        found: dict[str, list[CustomFieldDef]] = {}
        for f in self.custom_fields:
            kind = self.kinds.get(f.kind)
            if kind is not None and kind.custom_fields_on:
                found.setdefault(f.kind, []).append(f)
        return {k: tuple(v) for k, v in found.items()}

    def custom_for(self, kind: str) -> tuple[CustomFieldDef, ...]:
        """The custom fields the schema serves on ``kind`` (none when it is disabled or
        takes none)."""
        return self._custom_by_kind.get(kind, ())

    @cached_property
    def kind_plugin(self) -> dict[str, str]:
        return {k.kind: r.name for r in self.records for k in r.contributions.asset_kinds}

    def navigation(self) -> list[tuple[str | None, NavigationItem]]:
        return [(r.name, item) for r in self.records for item in r.contributions.navigation]

    def dashboard_widgets(self) -> list[tuple[str | None, DashboardWidget]]:
        return [(r.name, w) for r in self.records for w in r.contributions.dashboard_widgets]
