"""HTTP surface besides GraphQL: health probes, request limits, the built frontend."""
