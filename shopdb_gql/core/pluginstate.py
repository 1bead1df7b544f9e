"""Which plugins the database records as installed (the ``plugins`` table).

Domain, not plugin machinery: ``db.migrations`` asks it which plugin branches to upgrade,
and ``plugins.install`` writes the rows; neither has to import the other for it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core.models import PluginState


async def installed_plugin_names(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(PluginState.name).where(PluginState.installed)))
