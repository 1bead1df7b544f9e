"""Collector ingest declarations: what a plugin tells core to generate ``ingest<Kinds>`` from.

The engine lives in :mod:`shopdb_gql.ingest` (ADR-006); this module holds the plugin-facing
record; :mod:`shopdb_gql.ingest.generate` turns it into the generated mutation type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class IngestSpec:
    """What collectors may send for one asset kind.

    ``identity`` lists the record fields that identify an asset, in order of preference
    (e.g. ``("hostname", "serial_number")``): core ``serial_number``/``asset_tag`` or the
    kind's own fields. ``fields`` are the kind's accepted fields (Python names of its
    GraphQL type, stored in the extension column of the same name without underscores);
    a record may always carry the core ``asset_tag``, ``name``, ``serial_number`` and
    ``location`` (by name). ``normalizers`` maps a field to ``text`` (default),
    ``hostname``, ``mac`` or ``serial`` for identity matching. ``stale_after``: assets of
    the kind not reported for that long are listed by ``staleAssets``.
    """

    kind: str
    mutation_name: str
    identity: Sequence[str]
    fields: Sequence[str] = ()
    stale_after: timedelta | None = None
    normalizers: dict[str, str] = field(default_factory=dict)

