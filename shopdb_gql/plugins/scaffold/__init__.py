"""``shopdb plugin new NAME``: write a working plugin folder from the templates next to this file.

The templates (``template/**/*.tmpl``) are plain files with ``{{placeholder}}`` markers; a
marker this module does not know is an error, so a typo in a template cannot ship silently.
File and folder names may hold markers too (``0001_{{name}}.py.tmpl``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from packaging.version import Version

from shopdb_gql import __contract_version__
from shopdb_gql.plugins.declare import plural

NAME_RE = re.compile(r"^[a-z][a-z0-9]{1,27}$")
TYPE_RE = re.compile(r"^[A-Z][A-Za-z0-9]{1,39}$")
MARKER = re.compile(r"\{\{(\w+)\}\}")
# Core CLI groups: a plugin named like one would replace it (its commands mount as `shopdb NAME`).
RESERVED = frozenset({"db", "seed", "user", "token", "plugin", "schema", "serve", "ingest",
                      "core", "shopdb", "test", "tests"})


class ScaffoldError(ValueError):
    """The plugin cannot be generated (bad name, collision, folder exists)."""


@dataclass(frozen=True)
class Names:
    """Every spelling of a new plugin's names the templates use."""

    name: str  # plugin, folder, table and Alembic branch: measuringtools
    type_name: str  # GraphQL type: MeasuringTool

    @property
    def kind(self) -> str:
        return self.type_name.lower()

    @property
    def words(self) -> list[str]:
        return [w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", self.type_name)]

    def values(self) -> dict[str, str]:
        snake = "_".join(self.words)
        camel = self.type_name[0].lower() + self.type_name[1:]
        label = " ".join(self.words)
        major, minor = Version(__contract_version__).release[:2]
        return {
            "name": self.name, "kind": self.kind, "Type": self.type_name,
            "Types": plural(self.type_name), "snake": snake, "snakes": plural(snake),
            "camel": camel, "camels": plural(camel), "label": label, "labels": plural(label),
            "Label": label.capitalize(), "Labels": plural(label).capitalize(),
            "core_version": f">={major}.{minor},<{major + 1}",
        }


def default_type_name(name: str) -> str:
    """``widgets`` -> ``Widget``, ``batteries`` -> ``Battery``: singular, capitalized.

    One word only: pass ``--type-name TorqueWrench`` for names of several words.
    """
    if name.endswith("ies") and len(name) > 4:
        singular = name[:-3] + "y"
    elif name.endswith(("ches", "shes", "sses", "xes")):
        singular = name[:-2]
    elif name.endswith("s") and not name.endswith("ss") and len(name) > 2:
        singular = name[:-1]
    else:
        singular = name
    return singular.capitalize()


def check(name: str, type_name: str, taken: Iterable[str]) -> None:
    """Refuse a name the loader or the CLI could not live with; say how to fix it."""
    if not NAME_RE.match(name):
        raise ScaffoldError(
            f"plugin name {name!r} is invalid: use 2-28 lowercase letters and digits, starting "
            "with a letter, no underscores (it names the folder, table and Alembic branch)")
    if name in RESERVED:
        raise ScaffoldError(f"plugin name {name!r} is taken by a core command; choose another")
    if name in set(taken):
        raise ScaffoldError(f"a plugin named {name!r} exists already; choose another name")
    if not TYPE_RE.match(type_name):
        raise ScaffoldError(f"type name {type_name!r} is invalid: use PascalCase letters and "
                            "digits, e.g. MeasuringTool")


def render(text: str, values: dict[str, str], where: str) -> str:
    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise ScaffoldError(f"template {where}: unknown placeholder {{{{{key}}}}}")
        return values[key]

    return MARKER.sub(one, text)


def _templates(folder: Traversable, prefix: str = "") -> Iterable[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _templates(entry, relative + "/")
        elif entry.name.endswith(".tmpl"):
            yield relative[: -len(".tmpl")], entry


def create_plugin(name: str, destination: Path, *, type_name: str | None = None,
                  taken: Iterable[str] = ()) -> list[Path]:
    """Write plugin ``name`` into ``destination/name``; returns the files written."""
    names = Names(name, type_name or default_type_name(name))
    check(names.name, names.type_name, taken)
    target = destination / name
    if target.exists():
        raise ScaffoldError(f"{target} exists already; refusing to overwrite it")
    values = names.values()
    written: list[Path] = []
    for relative, template in _templates(resources.files(__name__) / "template"):
        path = target / render(relative, values, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(template.read_text(encoding="utf-8"), values, relative),
                        encoding="utf-8")
        written.append(path)
    return written
