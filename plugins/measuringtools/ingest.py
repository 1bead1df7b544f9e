"""What collectors may send for measuring tool assets (ADR-006): ``ingestMeasuringTools``.

The ingest engine is not available yet, and a plugin declaring a spec cannot be enabled
until it is. The spec is declared here and handed to core only once ``INGEST_READY`` is
switched to True (when the engine lands).
"""

from __future__ import annotations

from shopdb_gql.plugins import IngestSpec

from .models import KIND

INGEST_READY = True

INGEST_SPEC = IngestSpec(
    kind=KIND,
    mutation_name="ingestMeasuringTools",
    identity=("tool_number", "serial_number"),
    fields=("tool_number", "tool_type", "manufacturer", "model_name", "range_min", "range_max",
            "unit", "resolution", "calibration_interval_days"),
)


def ingest_specs() -> tuple[IngestSpec, ...]:
    """The specs to declare: none until the ingest engine is available."""
    return (INGEST_SPEC,) if INGEST_READY else ()
