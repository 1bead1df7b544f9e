"""Schema extensions: closing the request session, and reporting/masking unexpected errors."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from shopdb_gql.db.errors import is_unavailable
from shopdb_gql.db.rows import connection
from shopdb_gql.graphql.context import use_loaders
from shopdb_gql.observability.logging import operation_name
from shopdb_gql.observability.metrics import observe_request

log = logging.getLogger("shopdb_gql.graphql")

EXPECTED_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT",
                            "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED",
                            "QUERY_TOO_COMPLEX", "UNAVAILABLE"})


def unavailable(request_id: str, cause: BaseException) -> GraphQLError:
    """The database cannot serve now: a retryable error that says so (and logs why)."""
    log.warning("database unavailable (request %s): %s", request_id,
                str(cause).splitlines()[0] if str(cause) else type(cause).__name__)
    return GraphQLError(
        f"The database is busy or out of reach: retry in a few seconds (request {request_id})",
        extensions={"code": "UNAVAILABLE", "retryable": True, "requestId": request_id})


class SessionCleanup(SchemaExtension):
    """Take the request's database connection before execution starts, close the session
    when the operation ends; make the context's loaders the current ones (context.py)."""

    async def on_execute(self) -> AsyncIterator[None]:
        # Sibling resolvers run concurrently and an AsyncSession refuses to provision its
        # connection from two tasks at once: take it before they start (not for subscriptions).
        context = self.execution_context.context
        loaders = getattr(context, "loaders", None)
        if loaders is not None:
            use_loaders(loaders)  # for resolvers reading current_loaders()
        session = getattr(context, "session", None)
        operation = self.execution_context.operation_type
        if session is not None and operation is not OperationType.SUBSCRIPTION:
            try:
                await connection(session)  # kept for the read path's statements (db/rows.py)
            except Exception as exc:
                if not is_unavailable(exc):
                    raise
                raise unavailable(getattr(context, "request_id", "-"), exc) from exc
        yield

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            session = getattr(self.execution_context.context, "session", None)
            if session is not None:
                await session.close()


class Observe(SchemaExtension):
    """Name the operation in log lines and record its latency and errors as metrics."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        token = operation_name.set(self.execution_context.operation_name)
        try:
            yield
        finally:
            result = self.execution_context.result
            observe_request(self.execution_context.operation_name,
                            time.perf_counter() - started, bool(result and result.errors))
            operation_name.reset(token)


def code_of(message: str) -> str:
    """The code of an error graphql-core raised without one."""
    if "more than" in message and "tokens" in message:  # the parser's token limit
        return "QUERY_TOO_COMPLEX"
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if (message.startswith(("Variable '$", "Expected value of type"))
            or "cannot represent" in message):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    return GraphQLError(error.message, error.nodes, error.source, error.positions, error.path,
                        error.original_error, {**(error.extensions or {}), "code": code})


class ErrorReporting(SchemaExtension):
    """Log unexpected resolver errors with the request id; mask them outside development.

    Errors that are part of the contract (a code in EXPECTED_CODES, validation errors)
    pass through; anything else becomes ``Internal server error (request <id>)`` with
    ``extensions.code = INTERNAL_SERVER_ERROR`` in production and test.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        context = self.execution_context.context
        request_id = getattr(context, "request_id", "-")
        settings = getattr(getattr(context, "runtime", None), "settings", None)
        mask = settings is None or settings.env.value != "development"
        result.errors = [self._process(e, request_id, mask) for e in result.errors]

    def _process(self, error: GraphQLError, request_id: str, mask: bool) -> GraphQLError:
        code = (error.extensions or {}).get("code")
        original = error.original_error
        parsing = error.path is None and isinstance(original, ValueError | TypeError)
        if code is None and (original is None or isinstance(original, GraphQLError) or parsing):
            # graphql-core's own errors (syntax, validation, variable coercion) have no code:
            # every error a caller sees carries one.
            return _with_code(error, code_of(error.message))
        if original is None or isinstance(original, GraphQLError) or code in EXPECTED_CODES:
            return error
        if isinstance(original, OverflowError | UnicodeEncodeError | UnicodeDecodeError):
            return GraphQLError(
                "A value is out of range or is not valid text (a number too large, an unpaired "
                "surrogate)", error.nodes, error.source, error.positions, error.path, None,
                {"code": "BAD_USER_INPUT"})
        if is_unavailable(original):
            fresh = unavailable(request_id, original)
            return GraphQLError(fresh.message, error.nodes, error.source, error.positions,
                                error.path, None, fresh.extensions)
        log.error("unexpected error in %s (request %s)", error.path, request_id,
                  exc_info=(type(original), original, original.__traceback__))
        if not mask:
            return GraphQLError(error.message, error.nodes, error.source, error.positions,
                                error.path, original,
                                {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id})
        return GraphQLError(f"Internal server error (request {request_id})", error.nodes,
                            error.source, error.positions, error.path, None,
                            {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id})
