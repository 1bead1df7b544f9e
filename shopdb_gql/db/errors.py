"""What a database error means for the caller: come back shortly, or a real failure."""

from __future__ import annotations

from sqlalchemy import exc as sa

#: MySQL/MariaDB errors that say the server is out of reach or out of room, not that the
#: statement was wrong: can't connect (2002, 2003), gone away / lost (2006, 2013), too many
#: connections (1040, 1203), server shutting down (1053).
_MYSQL_UNAVAILABLE = frozenset({1040, 1053, 1203, 2002, 2003, 2006, 2013})
#: Lock contention that a retry of the whole unit of work resolves: deadlock, lock wait
#: timeout (MySQL), a busy or locked database file (SQLite).
_MYSQL_RETRY = frozenset({1205, 1213})


def _mysql_code(error: BaseException) -> int | None:
    args = getattr(getattr(error, "orig", None), "args", ())
    return args[0] if args and isinstance(args[0], int) else None


def is_unavailable(error: BaseException) -> bool:
    """The database cannot serve now (down, unreachable, pool exhausted, too busy)."""
    if isinstance(error, sa.TimeoutError):  # no pooled connection within the pool timeout
        return True
    if isinstance(error, sa.DBAPIError):
        if error.connection_invalidated:
            return True
        code = _mysql_code(error)
        if code in _MYSQL_UNAVAILABLE:
            return True
        text = str(error.orig).lower()
        return "unable to open database" in text or (code is None and "connect" in text
                                                     and "refused" in text)
    return isinstance(error, ConnectionError | OSError)


def is_contention(error: BaseException) -> bool:
    """A deadlock or lock timeout: running the unit of work again will likely succeed."""
    if not isinstance(error, sa.DBAPIError):
        return False
    if _mysql_code(error) in _MYSQL_RETRY:
        return True
    text = str(error.orig).lower()
    return "database is locked" in text or "database table is locked" in text or "deadlock" in text
