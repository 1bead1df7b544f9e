"""Core navigation entries and dashboard widgets (plugins add theirs through hooks)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth.actor import Actor
from shopdb_gql.core import assetcounts, models
from shopdb_gql.core.audit import ADMIN_ONLY_OBJECTS
from shopdb_gql.db.base import utcnow
from shopdb_gql.plugins.spec import DashboardWidget, NavigationItem, WidgetValue

CORE_NAVIGATION = (
    NavigationItem("dashboard", "Dashboard", "/", icon="home", order=0),
    NavigationItem("assets", "All assets", "/assets", icon="boxes", order=10),
    NavigationItem("map", "Site map", "/map", icon="map", order=20),
    NavigationItem("locations", "Locations", "/locations", icon="pin", order=30),
    NavigationItem("audit", "Audit log", "/admin/audit", icon="history", order=900),
)


async def _asset_count(session: AsyncSession) -> WidgetValue:
    total = await session.scalar(assetcounts.total())
    return WidgetValue(value=float(total or 0), link="/assets")


async def _by_status(session: AsyncSession) -> WidgetValue:
    st = models.AssetStatus
    rows = (await session.execute(
        select(st.id, st.name, func.count(models.Asset.id))
        .join(models.Asset, models.Asset.statusid == st.id).group_by(st.id, st.name)
        .order_by(st.sortorder))).all()
    return WidgetValue(rows=[(name, float(n), f"/assets?status={sid}") for sid, name, n in rows],
                       link="/assets")


async def _by_kind(session: AsyncSession) -> WidgetValue:
    rows = await assetcounts.by_kind(session)
    return WidgetValue(rows=[(kind, float(n), f"/assets?kind={quote(kind)}") for kind, n in rows],
                       link="/assets")


async def _changes_today(session: AsyncSession, *, actor: Actor) -> WidgetValue:
    # Whole seconds, so the link's `since` says exactly the instant the count started from.
    since = (utcnow() - timedelta(hours=24)).replace(microsecond=0)
    recent = select(func.count()).where(models.AuditEntry.createdat >= since)
    if not actor.is_admin:  # what the audit log shows this caller
        recent = recent.where(models.AuditEntry.objecttype.not_in(ADMIN_ONLY_OBJECTS))
    total = await session.scalar(recent)
    return WidgetValue(value=float(total or 0), text="changes in the last 24 h",
                       link=f"/admin/audit?since={since.strftime('%Y-%m-%dT%H:%M:%SZ')}")


CORE_WIDGETS = (
    DashboardWidget("assets.total", "Assets", _asset_count, kind="stat", order=0),
    DashboardWidget("assets.bystatus", "Assets by status", _by_status, kind="bar", order=10),
    DashboardWidget("assets.bykind", "Assets by kind", _by_kind, kind="bar", order=20),
    DashboardWidget("audit.recent", "Recent changes", _changes_today, kind="stat", order=30),
)
