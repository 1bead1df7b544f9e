"""Typed plugin errors. Each names the plugin and says how to fix the problem."""

from __future__ import annotations


class PluginError(Exception):
    """Base class: ``plugin`` is the plugin's name, the message says what to fix."""

    def __init__(self, plugin: str, message: str) -> None:
        self.plugin = plugin
        self.message = message
        super().__init__(f"plugin {plugin!r}: {message}")


class PluginNotFoundError(PluginError):
    """No plugin of that name was found in plugins/ or SHOPDB_PLUGIN_PATHS."""


class PluginManifestError(PluginError):
    """manifest.json is missing, not JSON, or lacks/misstates fields (all problems listed)."""

    def __init__(self, plugin: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(plugin, "invalid manifest.json: " + "; ".join(problems))


class PluginVersionError(PluginError):
    """The plugin's ``core_version`` range excludes this core's contract version."""


class PluginDependencyError(PluginError):
    """A dependency is missing, disabled, failed, out of range, or part of a cycle."""


class PluginContractError(PluginError):
    """The plugin's code breaks the contract: import error, bad hook, name collision."""


class PluginServiceError(PluginError):
    """A plugin asked for another's service without declaring the dependency, or the
    service is missing or not of the expected type."""
