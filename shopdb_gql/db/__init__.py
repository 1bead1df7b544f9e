"""Database access: declarative base, engine and session factory, migrations."""

from __future__ import annotations

from shopdb_gql.db.base import Base, UTCDateTime, metadata, utcnow
from shopdb_gql.db.engine import Database

__all__ = ["Base", "Database", "UTCDateTime", "metadata", "utcnow"]
