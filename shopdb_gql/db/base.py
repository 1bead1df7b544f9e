"""The one declarative base and MetaData shared by core and every plugin.

Naming follows shopdb's legacy convention: lowercase table and column names without
underscores. Constraint names are generated so that migrations are stable across
SQLite and MySQL/MariaDB.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC, at microsecond precision."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (MySQL DATETIME has no zone) and returns aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column; use utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any]:
        """:meth:`process_result_value` after the dialect's own conversion, made cheap: a page
        of rows converts hundreds of values, and ``replace(tzinfo=...)`` alone costs several
        times parsing the text. SQLite's text (as SQLAlchemy writes it) is read with its
        offset appended; a driver's naive datetime is rebuilt with the zone. Anything else
        takes the dialect's parser and :meth:`process_result_value`."""
        parse = self.load_dialect_impl(dialect).result_processor(dialect, coltype)

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            if value.__class__ is str:
                try:
                    read = datetime.fromisoformat(value + "+00:00")
                except ValueError:
                    read = None
                if read is not None and read.tzinfo is UTC:  # not a date alone, not zoned
                    return read
            elif value.__class__ is datetime and value.tzinfo is None and parse is None:
                return datetime(value.year, value.month, value.day, value.hour, value.minute,
                                value.second, value.microsecond, UTC)
            return self.process_result_value(parse(value) if parse else value, dialect)

        return process


class Base(DeclarativeBase):
    """Declarative base for core and plugin models (one MetaData for all)."""

    metadata = metadata
