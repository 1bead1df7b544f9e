"""Uses svcprovider's service (without importing it) and serves HTTP routes of each kind."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import PlainTextResponse, Response
from strawberry.types import Info

from shopdb_gql.plugins import Plugin, PluginRequest, PluginRoute

HOOK_SECRET = "s3cret-hook"


@runtime_checkable
class Counter(Protocol):
    """What this plugin needs from svcprovider, declared here."""

    async def count(self, session: AsyncSession) -> int: ...


@strawberry.type
class ConsumerQuery:
    @strawberry.field(description="The number of assets, counted by svcprovider's service.")
    async def svc_asset_count(self, info: Info[Any, Any]) -> int:
        return await plugin.uses("svcprovider", Counter).count(info.context.session)


async def count(req: PluginRequest) -> dict[str, Any]:
    return {"count": await plugin.uses("svcprovider", Counter).count(req.session),
            "caller": req.actor.name}


async def echo(req: PluginRequest) -> Response:
    return PlainTextResponse(f"{len(await req.request.body())} bytes from {req.actor.name}")


async def hook(req: PluginRequest) -> dict[str, Any]:
    given = req.request.headers.get("x-hook-secret", "")
    if not hmac.compare_digest(given, HOOK_SECRET):
        return {"accepted": False}
    return {"accepted": True, "anonymous": not req.actor.authenticated}


async def boom(req: PluginRequest) -> Response:
    raise RuntimeError("secret database detail that must not leak")


async def item(req: PluginRequest) -> dict[str, Any]:
    return {"id": req.path_params["id"], "type": type(req.path_params["id"]).__name__}


class ConsumerPlugin(Plugin):
    def query(self) -> type:
        return ConsumerQuery

    def routes(self) -> Sequence[PluginRoute]:
        return (PluginRoute("/count", count, description="Assets, counted by svcprovider"),
                PluginRoute("/echo", echo, methods=("POST",), permission="write"),
                PluginRoute("/hook", hook, methods=("POST",), permission=None),
                PluginRoute("/admin-only", count, permission="admin"),
                PluginRoute("/boom", boom),
                PluginRoute("/items/{id:int}", item))


plugin = ConsumerPlugin()
