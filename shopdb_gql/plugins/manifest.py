"""Reading and validating ``manifest.json`` before any plugin code runs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from shopdb_gql.plugins.errors import PluginManifestError

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]{1,39}$")
REQUIRED = ("name", "version", "description", "core_version")


UI_API_PATTERN = re.compile(r"^[0-9]{1,3}\.[0-9]{1,3}$")
UI_FILE_PATTERN = re.compile(r"^ui/(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class UiBundle:
    """A plugin's browser bundle (manifest ``ui``): an ES module the frontend imports at
    runtime, the UI extension API version it was built for, and style sheets beside it."""

    entry: str
    api: str
    styles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """A validated manifest. ``dependencies`` maps plugin name -> version specifier."""

    name: str
    version: str
    description: str
    core_version: SpecifierSet
    dependencies: dict[str, SpecifierSet] = field(default_factory=dict)
    path: Path = Path()
    raw: dict[str, Any] = field(default_factory=dict)
    ui: UiBundle | None = None


def _ui_file(value: Any, where: str, suffix: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not UI_FILE_PATTERN.match(value) or ".." in value \
            or not value.endswith(suffix):
        problems.append(f"{where} must be a {suffix} file under the plugin's ui/ folder "
                        f"(e.g. 'ui/dist/index{suffix}'), got {value!r}")
        return ""
    return value


def _read_ui(raw: Any, problems: list[str]) -> UiBundle | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append("ui must be an object: {\"entry\": \"ui/dist/index.js\", \"api\": \"1.0\"}")
        return None
    unknown = sorted(set(raw) - {"entry", "api", "styles"})
    if unknown:
        problems.append(f"ui has unknown keys {unknown}: only entry, api and styles")
    entry = _ui_file(raw.get("entry"), "ui.entry", ".js", problems)
    api = raw.get("api")
    if not isinstance(api, str) or not UI_API_PATTERN.match(api):
        problems.append(f"ui.api must be the UI extension API version the bundle was built "
                        f"for, as 'major.minor' (e.g. '1.0'), got {api!r}")
    styles_raw = raw.get("styles", [])
    if not isinstance(styles_raw, list):
        problems.append("ui.styles must be a list of .css files under ui/")
        styles_raw = []
    styles = tuple(_ui_file(item, "ui.styles[]", ".css", problems) for item in styles_raw)
    return UiBundle(entry=entry, api=str(api), styles=styles)


def _check_specifier(value: Any, where: str, problems: list[str]) -> SpecifierSet:
    if not isinstance(value, str):
        problems.append(f"{where} must be a version range string such as '>=1.0,<2'")
        return SpecifierSet()
    try:
        return SpecifierSet(value)
    except InvalidSpecifier:
        problems.append(f"{where} {value!r} is not a valid version range (e.g. '>=1.0,<2')")
        return SpecifierSet()


def read_manifest(folder: Path) -> Manifest:
    """Parse ``folder/manifest.json``; raise one error listing every problem."""
    folder_name = folder.name
    path = folder / "manifest.json"
    if not path.is_file():
        raise PluginManifestError(folder_name, [f"{path} is missing: every plugin needs one"])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PluginManifestError(folder_name, [f"{path} is not valid JSON: {exc}"]) from exc
    if not isinstance(data, dict):
        raise PluginManifestError(folder_name, [f"{path} must contain a JSON object"])
    problems: list[str] = []
    for key in REQUIRED:
        if key not in data:
            problems.append(f"required field '{key}' is missing")
        elif not isinstance(data[key], str) or not data[key].strip():
            problems.append(f"field '{key}' must be a non-empty string")
    name = data.get("name")
    if isinstance(name, str):
        if name != folder_name:
            problems.append(f"name {name!r} must equal the folder name {folder_name!r}")
        if not NAME_PATTERN.match(name):
            problems.append(f"name {name!r} must be lowercase letters and digits, 2-40 long")
    version = data.get("version")
    if isinstance(version, str):
        try:
            Version(version)
        except InvalidVersion:
            problems.append(f"version {version!r} is not a valid version (e.g. '1.0.0')")
    core = _check_specifier(data.get("core_version", ""), "core_version", problems) \
        if isinstance(data.get("core_version"), str) else SpecifierSet()
    deps_raw = data.get("dependencies", {})
    dependencies: dict[str, SpecifierSet] = {}
    if not isinstance(deps_raw, dict):
        problems.append("dependencies must be an object mapping plugin name to version range")
    else:
        for dep, spec in deps_raw.items():
            dependencies[dep] = _check_specifier(spec, f"dependency {dep!r}", problems)
    ui = _read_ui(data.get("ui"), problems)
    if problems:
        raise PluginManifestError(folder_name, problems)
    return Manifest(name=str(name), version=str(version), description=str(data["description"]),
                    core_version=core, dependencies=dependencies, path=folder, raw=data, ui=ui)
