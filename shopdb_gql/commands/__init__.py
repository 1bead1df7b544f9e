"""Subcommand groups of the ``shopdb`` CLI, one module per group."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    from shopdb_gql.commands import accounts, database, ingest, pluginadmin, schema

    for group in (database.db, database.seed, accounts.user, accounts.token, pluginadmin.plugin,
                  schema.schema, ingest.ingest, ingest.collectors):
        main.add_command(group)
    # Plugins' own commands are mounted lazily by the root group (shopdb_gql.cli).
