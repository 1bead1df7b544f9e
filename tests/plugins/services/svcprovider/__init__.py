"""Offers a service: the number of assets, through ``Plugin.service()``."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.plugins import AssetRow, Plugin


class AssetCounter:
    """The service object: what plugins that depend on this one may call."""

    async def count(self, session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count()).select_from(AssetRow)) or 0)


class ProviderPlugin(Plugin):
    def service(self) -> object:
        return AssetCounter()


plugin = ProviderPlugin()
