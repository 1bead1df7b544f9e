"""Subcommand groups of the ``shopdb`` CLI, one module per group, imported on first use.

``shopdb --help`` lists them from :data:`COMMANDS` without importing SQLAlchemy or
Strawberry (it took 2-5 s); a command's module loads when the command runs.
"""

from __future__ import annotations

import importlib

import click

#: name -> (module, attribute, one-line help for the listing)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "db": ("database", "db", "Database migrations."),
    "seed": ("database", "seed", "Load reference or demo data."),
    "user": ("accounts", "user", "Users who log in."),
    "token": ("accounts", "token", "API tokens for integrators and collectors."),
    "auth": ("accounts", "auth", "Sign-in settings: check the directory (LDAP) binding."),
    "plugin": ("pluginadmin", "plugin",
               "Plugins: list, enable, disable, install, uninstall, scaffold, migrations."),
    "schema": ("schema", "schema", "The GraphQL schema."),
    "ingest": ("ingest", "ingest", "Send a file of records to an ingest mutation."),
    "collectors": ("ingest", "collectors", "Collectors: assets they stopped reporting."),
    "import": ("importing", "import_", "Bring a site's inventory in from another system."),
    "search": ("search", "search", "The text search index: rebuild it."),
}


def load(name: str) -> click.Command:
    module, attribute, _ = COMMANDS[name]
    command: click.Command = getattr(importlib.import_module(f"shopdb_gql.commands.{module}"),
                                     attribute)
    return command
