"""The per-request GraphQL context: one session, the caller, the loaders, the active plugins."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection
from starlette.responses import Response

from shopdb_gql.auth.actor import Actor

if TYPE_CHECKING:
    from shopdb_gql.core.loaders import Loaders
    from shopdb_gql.db.engine import Database
    from shopdb_gql.plugins.registry import ActiveSet
    from shopdb_gql.runtime import Runtime
    from shopdb_gql.settings import Settings


@dataclass
class Context:
    """Everything a resolver may use. Created per request (and per websocket operation)."""

    request: HTTPConnection
    response: Response | None
    runtime: Runtime
    active: ActiveSet
    session: AsyncSession
    actor: Actor
    loaders: Loaders
    auth_error: str | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    source: str = "api"
    extra: dict[str, Any] = field(default_factory=dict)
    #: A websocket's ``connection_init`` payload (Strawberry sets it); None over HTTP.
    connection_params: dict[str, Any] | None = None

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def client_address(self) -> str:
        client = self.request.client
        return client.host if client else "unknown"


#: The loaders of the operation this task executes (``use_loaders``, called by the
#: SessionCleanup extension as execution starts).
_LOADERS: ContextVar[Loaders] = ContextVar("shopdb_loaders")


def use_loaders(loaders: Loaders) -> None:
    """Make ``loaders`` those of the operation this task executes from now on."""
    _LOADERS.set(loaders)


def current_loaders() -> Loaders:
    """The loaders of the operation being executed: ``info.context.loaders`` without the
    Info. For the fields every item of a list reads (an asset's status, location, position
    and relationships): a resolver taking no Info is called without one being built, which
    for a page of 100 assets is 400 Info objects and their ResolveInfos fewer."""
    try:
        return _LOADERS.get()
    except LookupError:
        raise RuntimeError("no GraphQL operation is being executed in this task") from None
