"""A live server with some bundled plugins installed and enabled, for the plugins' own tests.

Only the named plugins are visible to the server (their folders are linked into a private
plugins folder), so one plugin's tests do not depend on the state of the others.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests import harness

BUNDLED_DIR = harness.ROOT / "plugins"


@dataclass
class PluginSite:
    """The database, the server and one logged-in client per role."""

    database_url: str
    server: harness.Server
    clients: dict[str, harness.Client]


def private_plugins_dir(tmp: Path, names: Sequence[str]) -> Path:
    """A folder holding links to the named bundled plugins only."""
    folder = tmp / "plugins"
    folder.mkdir(exist_ok=True)
    for name in names:
        link = folder / name
        if not link.exists():
            link.symlink_to(BUNDLED_DIR / name, target_is_directory=True)
    return folder


@contextmanager
def plugin_site(tmp: Path, *names: str, demo: bool = True) -> Iterator[PluginSite]:
    """A fresh database (core demo data + the plugins' demo data) served over HTTP."""
    plugins_dir = private_plugins_dir(tmp, names)
    with harness.fresh_database(tmp) as url:
        settings = harness.test_settings(url, bundled_plugins_dir=plugins_dir)
        harness.prepare(settings, demo=demo)  # installs, enables and seeds the named plugins
        server = harness.Server(settings).start()
        try:
            anonymous = harness.Client(server.url)
            clients = {role: anonymous.as_token(harness.login(anonymous, role, pw)["accessToken"])
                       for role, pw in harness.PASSWORDS.items()}
            yield PluginSite(url, server, clients)
        finally:
            server.stop()
