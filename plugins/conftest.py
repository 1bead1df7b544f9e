"""Tests inside bundled plugins: each plugin package is imported once, by the plugin loader.

pytest imports ``plugins/<name>/__init__.py`` as module ``<name>`` when it collects the tests
inside the folder, and the loader imports it as ``shopdb_plugins.<name>``. Running the package
twice would define its tables twice on the shared metadata, so the loader's import comes first
and pytest is handed the same module object.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shopdb_gql.plugins.loader import MODULE_PREFIX, load_plugins

for _name in load_plugins([Path(__file__).resolve().parent], strict=False):
    _module = sys.modules.get(f"{MODULE_PREFIX}.{_name}")
    if _module is not None:
        sys.modules.setdefault(_name, _module)
