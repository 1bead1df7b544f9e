"""Reading plugin install/enable state outside a running server (CLI, seeding)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core.models import PluginState


async def installed_plugin_names(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(PluginState.name).where(PluginState.installed)))
