"""Subcommand groups of the ``shopdb`` CLI, one module per group."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    from shopdb_gql.commands import accounts, database, pluginadmin, schema

    for group in (database.db, database.seed, accounts.user, accounts.token, pluginadmin.plugin,
                  schema.schema):
        main.add_command(group)
    pluginadmin.add_plugin_commands(main)
