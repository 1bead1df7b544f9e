"""What collectors may send for measuring tool assets (ADR-006): ``ingestMeasuringTools``.

Identity is the tool number, then the serial number: a gauge keeps its crib number when
its serial plate is replaced.
"""

from __future__ import annotations

from shopdb_gql.plugins import IngestSpec

from .models import KIND

INGEST_SPEC = IngestSpec(
    kind=KIND,
    mutation_name="ingestMeasuringTools",
    identity=("tool_number", "serial_number"),
    fields=("tool_number", "tool_type", "manufacturer", "model_name", "range_min", "range_max",
            "unit", "resolution", "calibration_interval_days"),
)


def ingest_specs() -> tuple[IngestSpec, ...]:
    """The specs this plugin declares to core."""
    return (INGEST_SPEC,)
