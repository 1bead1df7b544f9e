"""Structured logs: one JSON object per line, tagged with the request id and GraphQL operation.

The request id and operation name live in context variables, so every log line written
while a request is handled carries them, whichever module logs.
:class:`RequestContextMiddleware` sets the request id (taken from a well-formed incoming
``X-Request-ID`` header, else generated) and echoes it in the response; the GraphQL layer
sets :data:`operation_name` once it knows it.

:func:`logging_config` is a :func:`logging.config.dictConfig` mapping, so the same setup
can be handed to uvicorn (``log_config=``), which applies it in every worker process.
"""

from __future__ import annotations

import logging
import logging.config
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "JsonFormatter",
    "LogContextFilter",
    "RequestContextMiddleware",
    "TextFormatter",
    "accept_request_id",
    "configure_logging",
    "logging_config",
    "new_request_id",
    "operation_name",
    "request_id",
]

#: Id of the request being handled, or ``None`` outside a request.
request_id: ContextVar[str | None] = ContextVar("shopdb_request_id", default=None)

#: Name of the GraphQL operation being executed, or ``None`` (not GraphQL, or anonymous).
operation_name: ContextVar[str | None] = ContextVar("shopdb_operation_name", default=None)

REQUEST_ID_HEADER = "x-request-id"

# A client-supplied id is kept only if it cannot forge log structure or flood the logs.
_REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None))
) | {"message", "asctime", "taskName", "request_id", "operation", "context"}

_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")
# The arguments of uvicorn's access-log call, in order.
_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")


def new_request_id() -> str:
    """A fresh random request id (32 hex characters)."""
    return uuid.uuid4().hex


def accept_request_id(value: str | None) -> str:
    """``value`` if it is a well-formed id (1-128 of ``A-Za-z0-9._:-``), else a new one."""
    if value is not None and _REQUEST_ID_PATTERN.fullmatch(value):
        return value
    return new_request_id()


class LogContextFilter(logging.Filter):
    """Copy the request id and operation name from the context onto each record.

    Values passed explicitly through ``extra=`` win over the context.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        if getattr(record, "operation", None) is None:
            record.operation = operation_name.get()
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message, context, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "operation": getattr(record, "operation", None),
        }
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
            entry.update(zip(_ACCESS_FIELDS, args, strict=True))
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """Human-readable lines for development: ``time level logger [request operation]: message``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s%(context)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        operation = getattr(record, "operation", None)
        record.context = f" [{rid or '-'} {operation or '-'}]" if rid or operation else ""
        return super().format(record)


def _level_name(level: str) -> str:
    name = level.strip().upper()
    if name not in logging.getLevelNamesMapping() or name == "NOTSET":
        raise ValueError(
            f"unknown log level {level!r}: use one of DEBUG, INFO, WARNING, ERROR, CRITICAL"
        )
    return name


def logging_config(level: str, json: bool) -> dict[str, Any]:
    """The :func:`logging.config.dictConfig` mapping for ``level`` and output format.

    Everything goes to standard output through one handler on the root logger; uvicorn's
    loggers propagate to it, so its access and error lines share the format and context.
    """
    name = _level_name(level)
    formatter = JsonFormatter if json else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": LogContextFilter}},
        "formatters": {"default": {"()": formatter}},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "default",
                "filters": ["context"],
            }
        },
        "root": {"level": name, "handlers": ["default"]},
        "loggers": {
            **{logger: {"level": name, "handlers": [], "propagate": True}
               for logger in _UVICORN_LOGGERS},
            # /readyz compares revisions through Alembic, whose context logs two INFO lines
            # each time; the server never migrates, so only its warnings matter here.
            "alembic.runtime.migration": {"level": "DEBUG" if name == "DEBUG" else "WARNING"},
        },
    }


def configure_logging(level: str, json: bool) -> None:
    """Send all logs to standard output at ``level``, as JSON lines if ``json`` is true.

    Call it in every process that logs (the app factory runs in each uvicorn worker).

    Raises:
        ValueError: ``level`` is not a logging level name.
    """
    logging.config.dictConfig(logging_config(level, json))


class RequestContextMiddleware:
    """ASGI middleware giving each HTTP/WebSocket request an id for its log lines.

    The id comes from a well-formed ``X-Request-ID`` header (so a proxy's id is kept) or is
    generated; it is set in :data:`request_id`, stored as ``request.state.request_id`` and
    returned in the ``X-Request-ID`` response header. :data:`operation_name` starts out
    empty for each request. Both are restored when the request ends.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        rid = accept_request_id(_header(scope, REQUEST_ID_HEADER))
        scope.setdefault("state", {})["request_id"] = rid

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = rid
            await send(message)

        rid_token = request_id.set(rid)
        operation_token = operation_name.set(None)
        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            operation_name.reset(operation_token)
            request_id.reset(rid_token)


def _header(scope: Scope, name: str) -> str | None:
    wanted = name.encode("latin-1")
    for key, value in scope.get("headers", ()):
        if key.lower() == wanted:
            return bytes(value).decode("latin-1")
    return None
