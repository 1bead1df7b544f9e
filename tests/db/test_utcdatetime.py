"""UTCDateTime's quick result conversion returns what the generic TypeDecorator path does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.engine import Dialect

from shopdb_gql.db.base import UTCDateTime

SQLITE_TEXTS = ["2026-12-05 20:51:22.123456", "2026-12-05 20:51:22", "2026-12-05 20:51:22.000001",
                "1999-01-01 00:00:00.000000", "2026-12-05T20:51:22.5", "2026-12-05"]


def quick(dialect: Dialect) -> Callable[[Any], Any]:
    process = UTCDateTime()._cached_result_processor(dialect, None)
    assert process is not None
    return process


def generic(dialect: Dialect, value: Any) -> Any:
    """What TypeDecorator does without the override: the dialect's parser, then the hook."""
    column = UTCDateTime()
    parse = column.load_dialect_impl(dialect).result_processor(dialect, None)
    return column.process_result_value(parse(value) if parse else value, dialect)


@pytest.mark.parametrize("text", SQLITE_TEXTS)
def test_sqlite_text_reads_as_before(text: str) -> None:
    dialect = sqlite.dialect()
    assert quick(dialect)(text) == generic(dialect, text)
    assert quick(dialect)(text).tzinfo is UTC


def test_sqlite_text_the_quick_path_cannot_read_falls_back() -> None:
    dialect = sqlite.dialect()
    # already zoned: fromisoformat refuses the appended offset; the dialect's parser reads
    # the date and time, as before
    zoned = "2026-12-05 20:51:22+02:00"
    assert quick(dialect)(zoned) == generic(dialect, zoned)
    assert quick(dialect)(None) is None


@pytest.mark.parametrize("value", [
    datetime(2026, 12, 5, 20, 51, 22, 123456), datetime(2026, 12, 5, 20, 51, 22),
    datetime(2026, 12, 5, 20, 51, 22, tzinfo=timezone(timedelta(hours=2)))])
def test_driver_datetimes_read_as_before(value: datetime) -> None:
    dialect = mysql.dialect()
    assert quick(dialect)(value) == generic(dialect, value)
    assert quick(dialect)(value).tzinfo is UTC
    assert quick(dialect)(None) is None
