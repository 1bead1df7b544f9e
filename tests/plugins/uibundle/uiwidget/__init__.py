"""Ships a browser bundle (manifest "ui") and no GraphQL types."""

from __future__ import annotations

from shopdb_gql.plugins import Plugin

plugin = Plugin()
