"""The collector ingest engine (ADR-006): generated typed mutations, identity matching,
field locks, staleness. Plugins declare :class:`shopdb_gql.plugins.IngestSpec`."""
