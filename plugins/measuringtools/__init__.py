"""The measuringtools plugin: gauges, calipers, micrometers, CMMs and their calibration.

Asset kind `measuringtool`, GraphQL type `MeasuringTool`; measuring tools are not equipment
(ADR-005). The kind is declared once (kind.py); the calibration schedule and history
(calibration.py, types.py) and demo data (seed.py) are written by hand beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.plugins import (
    AssetKind,
    Base,
    DashboardWidget,
    IngestSpec,
    NavigationItem,
    Plugin,
    PluginRoute,
)

from . import calibration, routes, seed
from .kind import KIND, MeasuringToolRow, measuringtool
from .models import MeasuringToolCalibrationRow
from .types import CalibrationResult, MeasuringToolCalibration


class MeasuringToolsPlugin(Plugin):
    """Contributes the `measuringtool` kind, its root fields, a menu entry and a tile."""

    def models(self) -> Sequence[type[Base]]:
        return (MeasuringToolRow, MeasuringToolCalibrationRow)

    def types(self) -> Sequence[type]:
        return (*measuringtool.types(), calibration.RecordCalibrationPayload,
                MeasuringToolCalibration, CalibrationResult)

    def query(self) -> type:
        return measuringtool.query_with(calibration.CalibrationQuery)

    def mutation(self) -> type:
        return measuringtool.mutation_with(calibration.CalibrationMutation)

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (measuringtool.asset_kind(),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (measuringtool.ingest_spec(),)

    def navigation(self) -> Sequence[NavigationItem]:
        menu = NavigationItem(key="measuringtools", label="Measuring tools", path="/measuringtools",
                              icon="box", order=200, kind=KIND)
        return (menu,)

    def dashboard_widgets(self) -> Sequence[DashboardWidget]:
        return (DashboardWidget(key="calibrationsdue", title="Calibrations due",
                                load=calibration.calibrations_due, kind="stat", order=200),)

    def routes(self) -> Sequence[PluginRoute]:
        return routes.ROUTES

    async def seed_demo(self, session: AsyncSession) -> None:
        """Tool data and calibration history for the demo site's measuring tools."""
        await seed.seed_demo(session)


plugin = MeasuringToolsPlugin()
