"""Every way a plugin can fail to load, in strict mode (raises) and production mode (left out).

Broken plugins are written into ``tmp_path`` by the tests. Each production-mode case puts a
healthy plugin next to the broken one and checks that it still loads.
"""

from __future__ import annotations

import asyncio
import json
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shopdb_gql import __contract_version__
from shopdb_gql.graphql.schema import build_schema
from shopdb_gql.plugins.errors import (
    PluginContractError,
    PluginDependencyError,
    PluginError,
    PluginManifestError,
    PluginVersionError,
)
from shopdb_gql.plugins.loader import MODULE_PREFIX, PluginRecord, load_plugins
from shopdb_gql.plugins.registry import ActiveSet
from shopdb_gql.runtime import Runtime
from tests import harness

PLAIN_CODE = """
from shopdb_gql.plugins import Plugin

plugin = Plugin()
"""


def manifest(name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "version": "1.0.0", "description": f"the {name} plugin",
                            "core_version": ">=1.0,<2"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def write_plugin(root: Path, folder: str, meta: dict[str, Any] | str | None = None,
                 code: str = PLAIN_CODE) -> Path:
    """A plugin folder: ``meta`` is the manifest (a str is written verbatim)."""
    path = root / folder
    path.mkdir(parents=True)
    text = meta if isinstance(meta, str) else json.dumps(manifest(folder) if meta is None else meta)
    (path / "manifest.json").write_text(text, encoding="utf-8")
    (path / "__init__.py").write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def contributing(query_field: str | None = None, type_name: str | None = None) -> str:
    """Code of a plugin adding a root query field and/or an extra type of the given names."""
    return textwrap.dedent(f"""
        import strawberry
        from shopdb_gql.plugins import Plugin

        @strawberry.type
        class Query:
            @strawberry.field(name={query_field!r}, description="A test field.")
            def {(query_field or "unused").lower()}(self) -> int:
                return 1

        @strawberry.type(name={type_name!r}, description="A test type.")
        class Extra:
            value: int = strawberry.field(description="A value.")

        class Contributing(Plugin):
            def query(self):
                return Query if {query_field!r} else None

            def types(self):
                return (Extra,) if {type_name!r} else ()

        plugin = Contributing()
    """)


@pytest.fixture(autouse=True)
def forget_test_plugins() -> Iterator[None]:
    """Plugin modules are cached by name; drop the ones a test imported (the dummy stays)."""
    before = set(sys.modules)
    yield
    for key in set(sys.modules) - before:
        if key.startswith(MODULE_PREFIX + ".") and not key.startswith(f"{MODULE_PREFIX}.dummy"):
            del sys.modules[key]


@dataclass(frozen=True)
class Case:
    """A broken setup: which plugin fails, with which error, saying what."""

    setup: Callable[[Path], None]
    failing: tuple[str, ...]
    error: type[PluginError]
    says: tuple[str, ...]


def _bad_json(root: Path) -> None:
    write_plugin(root, "alpha", '{"name": "alpha", "version": ')


def _missing_field(root: Path) -> None:
    write_plugin(root, "alpha", manifest("alpha", description=None))


def _missing_fields(root: Path) -> None:
    write_plugin(root, "alpha", manifest("alpha", version=None, description=None, core_version=None))


def _name_mismatch(root: Path) -> None:
    write_plugin(root, "alpha", manifest("beta"))


def _version_range(root: Path) -> None:
    write_plugin(root, "alpha", manifest("alpha", core_version=">=2.0,<3"))


def _missing_dependency(root: Path) -> None:
    write_plugin(root, "alpha", manifest("alpha", dependencies={"ghost": ">=1.0"}))


def _cycle(root: Path) -> None:
    write_plugin(root, "alpha", manifest("alpha", dependencies={"beta": ">=1.0"}))
    write_plugin(root, "beta", manifest("beta", dependencies={"alpha": ">=1.0"}))


def _import_error(root: Path) -> None:
    write_plugin(root, "alpha", code="import shopdb_no_such_module_xyz\n")


def _hook_raises(root: Path) -> None:
    write_plugin(root, "alpha", code="""
        from shopdb_gql.plugins import Plugin

        class Raising(Plugin):
            def navigation(self):
                raise RuntimeError("navigation exploded")

        plugin = Raising()
    """)


CASES = {
    "bad-json": Case(_bad_json, ("alpha",), PluginManifestError, ("not valid JSON",)),
    "missing-field": Case(_missing_field, ("alpha",), PluginManifestError,
                          ("required field 'description' is missing",)),
    "missing-fields": Case(_missing_fields, ("alpha",), PluginManifestError,
                           ("'version' is missing", "'description' is missing",
                            "'core_version' is missing")),
    "name-mismatch": Case(_name_mismatch, ("alpha",), PluginManifestError,
                          ("name 'beta' must equal the folder name 'alpha'",)),
    "version-range": Case(_version_range, ("alpha",), PluginVersionError, (">=2.0", __contract_version__)),
    "missing-dependency": Case(_missing_dependency, ("alpha",), PluginDependencyError,
                               ("'ghost'", "not installed")),
    "cycle": Case(_cycle, ("alpha", "beta"), PluginDependencyError,
                  ("dependency cycle alpha -> beta -> alpha",)),
    "import-error": Case(_import_error, ("alpha",), PluginContractError,
                         ("ModuleNotFoundError", "shopdb_no_such_module_xyz")),
    "hook-raises": Case(_hook_raises, ("alpha",), PluginContractError,
                        ("hook navigation() raised RuntimeError: navigation exploded",)),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_strict_mode_raises_typed_error(tmp_path: Path, case: Case) -> None:
    case.setup(tmp_path)
    write_plugin(tmp_path, "good")
    with pytest.raises(PluginError) as caught:
        load_plugins([tmp_path], strict=True)
    assert type(caught.value) is case.error
    assert caught.value.plugin == case.failing[0]
    for fragment in case.says:
        assert fragment in str(caught.value)


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_production_mode_leaves_plugin_out(tmp_path: Path, case: Case) -> None:
    case.setup(tmp_path)
    write_plugin(tmp_path, "good")
    records = load_plugins([tmp_path], strict=False)
    for name in case.failing:
        record = records[name]
        assert type(record.error) is case.error
        assert record.plugin is None and not record.loaded
        for fragment in case.says:
            assert fragment in str(record.error)
    assert records["good"].loaded and records["good"].error is None


def test_all_missing_fields_are_reported_in_one_error(tmp_path: Path) -> None:
    _missing_fields(tmp_path)
    with pytest.raises(PluginManifestError) as caught:
        load_plugins([tmp_path], strict=True)
    assert len(caught.value.problems) == 3


def test_no_plugin_code_runs_before_the_manifest_is_valid(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    write_plugin(tmp_path / "plugins", "alpha", manifest("alpha", core_version=">=9"),
                 code=f"open({str(marker)!r}, 'w').close()\n")
    records = load_plugins([tmp_path / "plugins"], strict=False)
    assert isinstance(records["alpha"].error, PluginVersionError)
    assert not marker.exists()


def test_dependent_of_a_failed_plugin_is_left_out(tmp_path: Path) -> None:
    write_plugin(tmp_path, "alpha", code="raise ImportError('broken on purpose')\n")
    write_plugin(tmp_path, "beta", manifest("beta", dependencies={"alpha": ">=1.0"}))
    records = load_plugins([tmp_path], strict=False)
    assert isinstance(records["alpha"].error, PluginContractError)
    assert isinstance(records["beta"].error, PluginDependencyError)
    assert "'alpha'" in str(records["beta"].error)


# --- name collisions, detected when the schema is assembled ------------------------------

COLLISIONS = {
    "type-vs-core": ({"alpha": contributing(type_name="Location")},
                     "alpha", ("type 'Location'", "core", "'alpha'")),
    "field-vs-core": ({"alpha": contributing(query_field="assets")},
                      "alpha", ("Query field 'assets'", "core", "'alpha'")),
    "type-between-plugins": ({"alpha": contributing(type_name="Gadget"),
                              "beta": contributing(type_name="Gadget")},
                             "beta", ("type 'Gadget'", "alpha", "'beta'")),
    "field-between-plugins": ({"alpha": contributing(query_field="gadgets"),
                               "beta": contributing(query_field="gadgets")},
                              "beta", ("Query field 'gadgets'", "alpha", "'beta'")),
}


def _collision_records(root: Path, plugins: dict[str, str]) -> dict[str, PluginRecord]:
    for name, code in plugins.items():
        write_plugin(root, name, code=code)
    write_plugin(root, "good", code=contributing(query_field="goodField", type_name="GoodType"))
    return load_plugins([root], strict=True)


@pytest.mark.parametrize(("plugins", "refused", "says"), COLLISIONS.values(), ids=list(COLLISIONS))
def test_collision_strict_names_both_parties(
    tmp_path: Path, plugins: dict[str, str], refused: str, says: tuple[str, ...]
) -> None:
    records = _collision_records(tmp_path, plugins)
    settings = harness.test_settings(f"sqlite+aiosqlite:///{tmp_path / 'unused.sqlite3'}")
    with pytest.raises(PluginContractError) as caught:
        build_schema(ActiveSet(records=tuple(records.values())), settings)
    assert caught.value.plugin == refused
    for fragment in says:
        assert fragment in str(caught.value)


@pytest.mark.parametrize(("plugins", "refused", "says"), COLLISIONS.values(), ids=list(COLLISIONS))
def test_collision_production_leaves_the_later_plugin_out(
    tmp_path: Path, plugins: dict[str, str], refused: str, says: tuple[str, ...]
) -> None:
    records = _collision_records(tmp_path, plugins)
    settings = harness.test_settings(f"sqlite+aiosqlite:///{tmp_path / 'unused.sqlite3'}", env="production")
    runtime = Runtime(settings, records=records)
    try:
        active = runtime.buildable(runtime.active_set(set(records), 0))
        served = runtime.build(active)
    finally:
        asyncio.run(runtime.db.dispose())
    assert [r.name for r in served.active.records] == [n for n in records if n != refused]
    error = records[refused].error
    assert isinstance(error, PluginContractError)
    for fragment in says:
        assert fragment in str(error)
    described = {p.name: p for p in runtime.describe_plugins(set(records))}
    assert described[refused].status.value == "FAILED"
    printed = served.schema.as_str()
    assert "goodField" in printed and "type GoodType" in printed


def test_dummy_plugin_loads_with_every_contribution() -> None:
    from click.testing import CliRunner

    from tests.plugins.conftest import PLUGINS_DIR

    record = load_plugins([PLUGINS_DIR], strict=True)["dummy"]
    c = record.contributions
    assert record.loaded and c.query is not None and c.mutation is not None
    assert [k.kind for k in c.asset_kinds] == ["dummywidget"]
    assert [n.key for n in c.navigation] == ["dummywidgets"]
    assert [w.key for w in c.dashboard_widgets] == ["dummycount"]
    result = CliRunner().invoke(c.cli_commands[0], [])
    assert result.exit_code == 0 and result.output == "hello from dummy\n"


def test_core_root_fields_give_every_nullable_argument_a_default() -> None:
    from shopdb_gql.graphql.schema import CORE_MUTATIONS, CORE_QUERIES
    from shopdb_gql.plugins.validate import optional_arguments_without_default

    assert [name for part in (*CORE_QUERIES, *CORE_MUTATIONS)
            for name in optional_arguments_without_default(part)] == []


def test_a_nullable_argument_without_default_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "nodefault"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({
        "name": "nodefault", "version": "1.0.0", "description": "x", "core_version": ">=1.0,<2"}))
    (folder / "__init__.py").write_text(
        "from __future__ import annotations\n"
        "import strawberry\n"
        "from shopdb_gql.plugins import Plugin\n\n"
        "@strawberry.type\n"
        "class Mutation:\n"
        "    @strawberry.mutation\n"
        "    def nodefault_touch(self, note: str | None) -> bool:\n"
        "        return True\n\n"
        "class P(Plugin):\n"
        "    def mutation(self) -> type:\n"
        "        return Mutation\n\n"
        "plugin = P()\n")
    with pytest.raises(PluginContractError, match=r"nodefault_touch\.note"):
        load_plugins([tmp_path], strict=True)


def test_a_package_imported_under_another_name_is_reused(tmp_path: Path) -> None:
    """pytest imports a plugin package when it collects tests inside it; loading must not
    run the package again (its tables would be defined twice on the shared metadata)."""
    import importlib.util

    folder = tmp_path / "preloaded"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({
        "name": "preloaded", "version": "1.0.0", "description": "x", "core_version": ">=1.0,<2"}))
    (folder / "__init__.py").write_text(
        "from __future__ import annotations\n"
        "from sqlalchemy import ForeignKey, Integer\n"
        "from sqlalchemy.orm import Mapped, mapped_column\n"
        "from shopdb_gql.plugins import Base, Plugin\n\n"
        "class PreloadedRow(Base):\n"
        "    __tablename__ = 'preloadeds'\n"
        "    id: Mapped[int] = mapped_column(Integer, ForeignKey('assets.id'), primary_key=True)\n\n"
        "plugin = Plugin()\n")
    spec = importlib.util.spec_from_file_location("preloaded", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["preloaded"] = module
    try:
        spec.loader.exec_module(module)
        record = load_plugins([tmp_path], strict=True)["preloaded"]
        assert record.plugin is module.plugin
    finally:
        sys.modules.pop("preloaded", None)
        sys.modules.pop(f"{MODULE_PREFIX}.preloaded", None)
