"""One way to run a mutation: a transaction, typed payload errors, audit through :class:`Tx`."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import ListValueNode, ObjectValueNode, VariableNode
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.auth.actor import Actor
from shopdb_gql.core import audit
from shopdb_gql.db.errors import is_contention
from shopdb_gql.db.lengths import UnfitValue
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, user_error

P = TypeVar("P")


@dataclass
class Tx:
    """A mutation's unit of work: its own session inside a transaction, and the caller."""

    session: AsyncSession
    actor: Actor
    source: str
    info: Info[Any, Any]

    async def audit(
        self, action: str, object_type: str, object_id: object, changes: audit.Changes | None = None,
        *, summary: str | None = None, batch_id: str | None = None,
    ) -> None:
        """Record an audit entry in this transaction."""
        await audit.record(self.session, self.actor, action=action, object_type=object_type,
                           object_id=object_id, changes=changes, source=self.source,
                           summary=summary, batch_id=batch_id)


async def perform(
    info: Info[Any, Any],
    payload: Callable[..., P],
    work: Callable[[Tx], Awaitable[dict[str, Any]]],
) -> P:
    """Run ``work`` in a transaction and wrap its result in ``payload(errors=[], **result)``.

    ``work`` raises :class:`PayloadErrors` for expected failures: the transaction rolls
    back (nothing half-written) and the payload carries the errors. Deadlocks, lock
    timeouts and unique-value clashes with a concurrent writer run the whole unit of work
    again (up to :data:`RETRIES` times, jittered): a clash that remains is a real one and
    becomes ``CONFLICT``, so ``work`` must be safe to run again (it is, being one
    transaction that rolled back).
    """
    ctx = info.context
    for attempt in range(RETRIES + 1):
        try:
            async with own_transaction(info) as session:
                result = await work(Tx(session, ctx.actor, ctx.source, info))
            break
        except PayloadErrors as exc:
            return payload(errors=exc.errors)
        except UnfitValue as exc:
            return payload(errors=[user_error(ErrorCode.INVALID, exc.problem,
                                              *input_path(info, exc.column))])
        except IntegrityError as exc:
            if attempt < RETRIES and _is_unique(exc):
                await _backoff(attempt)
                continue
            return payload(errors=[_integrity_error(exc)])
        except DBAPIError as exc:
            if attempt < RETRIES and is_contention(exc):
                await _backoff(attempt)
                continue
            if "too long" in str(exc.orig).lower() or "out of range" in str(exc.orig).lower():
                return payload(errors=[user_error(ErrorCode.INVALID,
                                                  "A value is too long or out of range")])
            raise
        except OverflowError:  # an integer SQLite cannot even bind
            return payload(errors=[user_error(ErrorCode.INVALID, "A number is out of range")])
    ctx.loaders.clear()
    return payload(errors=[], **result)


RETRIES = 3


def input_path(info: Info[Any, Any], column: str) -> list[str]:
    """Where in the mutation's arguments the value for ``column`` was given, as a payload
    error's ``field`` (``["input", "displayName"]`` for column ``displayname``)."""
    raw = info._raw_info
    given: Any = raw.variable_values  # graphql-core 3.3: VariableValues (.coerced); else a dict
    variables: dict[str, Any] = dict(getattr(given, "coerced", given) or {})

    def matches(key: str) -> bool:
        return key.replace("_", "").lower() == column

    def walk(value: Any, path: list[str]) -> list[str] | None:
        if isinstance(value, VariableNode):
            return walk(variables.get(value.name.value), path)
        if isinstance(value, ObjectValueNode):
            items: Any = ((f.name.value, f.value) for f in value.fields)
        elif isinstance(value, ListValueNode):
            items = ((str(i), v) for i, v in enumerate(value.values))
        elif isinstance(value, dict):
            items = value.items()
        elif isinstance(value, list):
            items = ((str(i), v) for i, v in enumerate(value))
        else:
            return None
        for key, item in items:
            if matches(key):
                return [*path, key]
            found = walk(item, [*path, key])
            if found:
                return found
        return None

    for argument in raw.field_nodes[0].arguments or ():
        name = argument.name.value
        found = [name] if matches(name) else walk(argument.value, [name])
        if found:
            return found
    return []


async def _backoff(attempt: int) -> None:
    await asyncio.sleep(random.uniform(0.005, 0.03) * (attempt + 1))


def _is_unique(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "unique" in text or "duplicate" in text


@asynccontextmanager
async def own_transaction(info: Info[Any, Any]) -> AsyncIterator[AsyncSession]:
    """A transaction of its own (commits on success, rolls back on error), run while the
    request's session holds no connection: one request never holds two connections, so a
    burst of requests cannot exhaust the pool by each waiting for its second one.

    Afterwards the request's session takes a fresh connection (and snapshot: MySQL's
    REPEATABLE READ) before the payload's fields resolve concurrently, so they read what
    was just committed.
    """
    ctx = info.context
    await ctx.session.rollback()  # ends its transaction: the connection goes back to the pool
    try:
        async with ctx.db.transaction() as session:
            yield session
    finally:
        await ctx.session.connection()


def _integrity_error(exc: IntegrityError) -> UserError:
    text = str(exc.orig).lower()
    if "unique" in text or "duplicate" in text:
        return user_error(ErrorCode.CONFLICT, "A record with this value exists already")
    if "foreign key" in text:
        return user_error(ErrorCode.IN_USE, "The record is referenced by or refers to missing data")
    return user_error(ErrorCode.INVALID, "The change violates a database constraint")
