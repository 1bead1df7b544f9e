"""Collector ingest declarations. The engine that generates ``ingest<Kinds>`` lands with the
collector ingest issue; until then a plugin declaring an ingest spec is refused clearly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from shopdb_gql.plugins.errors import PluginContractError


@dataclass(frozen=True)
class IngestSpec:
    """What collectors may send for one asset kind.

    ``identity`` lists the fields that identify an asset, in order of preference
    (e.g. ``("hostname", "serial_number")``); ``fields`` the kind's accepted fields.
    """

    kind: str
    mutation_name: str
    identity: Sequence[str]
    fields: Sequence[str] = ()
    stale_after: timedelta | None = None
    normalizers: dict[str, str] = field(default_factory=dict)


def ingest_mutation_type(plugin: str, spec: IngestSpec) -> type:
    raise PluginContractError(
        plugin, f"ingest spec {spec.mutation_name!r}: the ingest engine is not available yet")
