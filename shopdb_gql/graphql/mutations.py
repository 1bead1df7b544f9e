"""One way to run a mutation: a transaction, typed payload errors, audit through :class:`Tx`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from shopdb_gql.auth.actor import Actor
from shopdb_gql.core import audit
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
    back (nothing half-written) and the payload carries the errors. A unique-constraint
    violation becomes a ``CONFLICT`` error.
    """
    ctx = info.context
    try:
        async with ctx.db.transaction() as session:
            result = await work(Tx(session, ctx.actor, ctx.source, info))
    except PayloadErrors as exc:
        return payload(errors=exc.errors)
    except IntegrityError as exc:
        return payload(errors=[_integrity_error(exc)])
    # The request's read session may hold a snapshot from before this write (MySQL's
    # REPEATABLE READ): end it, and take the connection again before resolvers run
    # concurrently, so the payload's nested fields read what was just committed.
    await ctx.session.rollback()
    await ctx.session.connection()
    ctx.loaders.clear()
    return payload(errors=[], **result)


def _integrity_error(exc: IntegrityError) -> UserError:
    text = str(exc.orig).lower()
    if "unique" in text or "duplicate" in text:
        return user_error(ErrorCode.CONFLICT, "A record with this value exists already")
    if "foreign key" in text:
        return user_error(ErrorCode.IN_USE, "The record is referenced by or refers to missing data")
    return user_error(ErrorCode.INVALID, "The change violates a database constraint")
