"""Operations: structured JSON logs with request context, and Prometheus metrics."""

from __future__ import annotations

from shopdb_gql.observability.logging import (
    RequestContextMiddleware,
    configure_logging,
    logging_config,
    operation_name,
    request_id,
)
from shopdb_gql.observability.metrics import (
    count_ingest,
    count_schema_rebuild,
    metrics_endpoint,
    observe_request,
)

__all__ = [
    "RequestContextMiddleware",
    "configure_logging",
    "count_ingest",
    "count_schema_rebuild",
    "logging_config",
    "metrics_endpoint",
    "observe_request",
    "operation_name",
    "request_id",
]
