"""Declares a UI bundle whose file is missing."""

from __future__ import annotations

from shopdb_gql.plugins import Plugin

plugin = Plugin()
