"""Discovering and loading plugins: manifest first, versions and dependencies next, code last.

No plugin code is imported before its manifest is valid, its ``core_version`` admits this
core, and its dependencies are present, loadable and in range. Plugins load in dependency
order. In strict mode (development, test) the first problem raises; otherwise the plugin is
recorded as failed with its error and left out, and loading goes on.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import Version

from shopdb_gql import __contract_version__
from shopdb_gql.plugins.errors import (
    PluginContractError,
    PluginDependencyError,
    PluginError,
    PluginManifestError,
    PluginVersionError,
)
from shopdb_gql.plugins.manifest import Manifest, read_manifest
from shopdb_gql.plugins.spec import Plugin

log = logging.getLogger(__name__)
MODULE_PREFIX = "shopdb_plugins"


@dataclass(frozen=True)
class Contributions:
    """What a plugin's hooks returned, collected once at registration."""

    models: tuple[Any, ...] = ()
    types: tuple[type, ...] = ()
    query: type | None = None
    mutation: type | None = None
    subscription: type | None = None
    asset_kinds: tuple[Any, ...] = ()
    ingest_specs: tuple[Any, ...] = ()
    navigation: tuple[Any, ...] = ()
    dashboard_widgets: tuple[Any, ...] = ()
    cli_commands: tuple[Any, ...] = ()
    history_importers: tuple[Any, ...] = ()
    routes: tuple[Any, ...] = ()


@dataclass
class PluginRecord:
    """One discovered plugin, loaded or failed."""

    name: str
    path: Path
    manifest: Manifest | None = None
    plugin: Plugin | None = None
    contributions: Contributions = field(default_factory=Contributions)
    error: PluginError | None = None

    @property
    def loaded(self) -> bool:
        return self.plugin is not None and self.error is None


def discover(directories: Iterable[Path]) -> dict[str, Path]:
    """Plugin folders (those with a manifest.json) by folder name; later paths may not shadow."""
    found: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            continue
        for child in sorted(directory.iterdir()):
            if child.is_dir() and (child / "manifest.json").exists():
                found.setdefault(child.name, child.resolve())
    return found


def _check_core_version(manifest: Manifest) -> None:
    if Version(__contract_version__) not in manifest.core_version:
        raise PluginVersionError(
            manifest.name,
            f"core_version {str(manifest.core_version)!r} excludes this core's contract version "
            f"{__contract_version__}: update the plugin or widen its range if it is compatible",
        )


def dependency_order(manifests: dict[str, Manifest]) -> tuple[list[str], dict[str, PluginError]]:
    """Topological order of the plugins; the ones with missing deps or in cycles are errors."""
    order: list[str] = []
    errors: dict[str, PluginError] = {}
    state: dict[str, str] = {}

    def visit(name: str, chain: list[str]) -> bool:
        if state.get(name) == "done":
            return name not in errors
        if state.get(name) == "visiting":
            cycle = " -> ".join([*chain[chain.index(name):], name])
            for member in chain[chain.index(name):]:
                errors.setdefault(member, PluginDependencyError(
                    member, f"dependency cycle {cycle}: remove one of these dependencies"))
            return False
        state[name] = "visiting"
        ok = True
        for dep, spec in manifests[name].dependencies.items():
            path = " -> ".join([*chain, name, dep])
            if dep not in manifests:
                errors.setdefault(name, PluginDependencyError(
                    name, f"depends on {dep!r}, which is not installed or has a broken manifest "
                          f"({path}): add it to plugins/ or SHOPDB_PLUGIN_PATHS"))
                ok = False
            elif Version(manifests[dep].version) not in spec:
                errors.setdefault(name, PluginDependencyError(
                    name, f"needs {dep} {spec} but {manifests[dep].version} is installed"))
                ok = False
            elif not visit(dep, [*chain, name]):
                errors.setdefault(name, PluginDependencyError(
                    name, f"dependency {dep!r} cannot load ({path})"))
                ok = False
        state[name] = "done"
        if ok and name not in errors:
            order.append(name)
        return ok and name not in errors

    for name in sorted(manifests):
        visit(name, [])
    return order, errors


def _imported_from(init: Path) -> Any:
    """A module already imported from ``init`` under another name (pytest imports a plugin's
    package when it collects tests inside it); running the package twice would define its
    tables twice on the shared metadata."""
    target = init.resolve()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve() == target:
            return module
    return None


def _import_plugin(manifest: Manifest) -> Plugin:
    module_name = f"{MODULE_PREFIX}.{manifest.name}"
    init = manifest.path / "__init__.py"
    if not init.is_file():
        raise PluginContractError(manifest.name, f"{init} is missing: the package must export `plugin`")
    if MODULE_PREFIX not in sys.modules:
        namespace = importlib.util.module_from_spec(
            importlib.machinery.ModuleSpec(MODULE_PREFIX, None, is_package=True))
        namespace.__path__ = []
        sys.modules[MODULE_PREFIX] = namespace
    module = sys.modules.get(module_name) or _imported_from(init)
    if module is not None:
        sys.modules[module_name] = module
    else:
        spec = importlib.util.spec_from_file_location(
            module_name, init, submodule_search_locations=[str(manifest.path)])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            for key in [k for k in sys.modules if k == module_name or k.startswith(module_name + ".")]:
                del sys.modules[key]
            raise PluginContractError(
                manifest.name, f"importing the plugin failed: {type(exc).__name__}: {exc}") from exc
    plugin = getattr(module, "plugin", None)
    if not isinstance(plugin, Plugin):
        raise PluginContractError(
            manifest.name, "the package must export `plugin`, an instance of shopdb_gql.plugins.Plugin")
    plugin.name = manifest.name
    plugin.manifest = manifest
    return plugin


def _call(plugin: Plugin, hook: str) -> Any:
    try:
        return getattr(plugin, hook)()
    except Exception as exc:
        raise PluginContractError(
            plugin.name, f"hook {hook}() raised {type(exc).__name__}: {exc}") from exc


def collect(plugin: Plugin) -> Contributions:
    """Call every contribution hook once and validate what came back."""
    from shopdb_gql.plugins.validate import validate_contributions

    contributions = Contributions(
        models=tuple(_call(plugin, "models")),
        types=tuple(_call(plugin, "types")),
        query=_call(plugin, "query"),
        mutation=_call(plugin, "mutation"),
        subscription=_call(plugin, "subscription"),
        asset_kinds=tuple(_call(plugin, "asset_kinds")),
        ingest_specs=tuple(_call(plugin, "ingest_specs")),
        navigation=tuple(_call(plugin, "navigation")),
        dashboard_widgets=tuple(_call(plugin, "dashboard_widgets")),
        cli_commands=tuple(_call(plugin, "cli_commands")),
        history_importers=tuple(_call(plugin, "history_importers")),
        routes=tuple(_call(plugin, "routes")),
    )
    validate_contributions(plugin.name, contributions)
    return contributions


def load_plugins(directories: Iterable[Path], *, strict: bool) -> dict[str, PluginRecord]:
    """Discover and load every plugin, in dependency order. See the module docstring."""
    folders = discover(directories)
    records = {name: PluginRecord(name, path) for name, path in folders.items()}

    def fail(record: PluginRecord, error: PluginError) -> None:
        if strict:
            raise error
        log.error("plugin %s left out: %s", record.name, error)
        record.error = error

    manifests: dict[str, Manifest] = {}
    for name, record in records.items():
        try:
            record.manifest = read_manifest(record.path)
            _check_core_version(record.manifest)
            manifests[name] = record.manifest
        except (PluginManifestError, PluginVersionError) as exc:
            fail(record, exc)
    order, dep_errors = dependency_order(manifests)
    for name, error in sorted(dep_errors.items()):
        fail(records[name], error)
    for name in order:
        record = records[name]
        assert record.manifest is not None
        broken = [d for d in record.manifest.dependencies if records[d].error is not None]
        if broken:
            fail(record, PluginDependencyError(
                name, f"dependency {broken[0]!r} failed to load: fix it first"))
            continue
        try:
            record.plugin = _import_plugin(record.manifest)
            record.plugin.peers = records
            record.contributions = collect(record.plugin)
        except PluginError as exc:
            record.plugin = None
            fail(record, exc)
    ordered = [*order, *sorted(n for n in records if n not in order)]
    return {name: records[name] for name in ordered}
