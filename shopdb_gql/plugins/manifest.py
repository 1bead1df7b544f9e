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
    if problems:
        raise PluginManifestError(folder_name, problems)
    return Manifest(name=str(name), version=str(version), description=str(data["description"]),
                    core_version=core, dependencies=dependencies, path=folder, raw=data)
