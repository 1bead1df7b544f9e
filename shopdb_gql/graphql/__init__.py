"""GraphQL infrastructure (errors, connections, context, limits, scalars) and the schema assembly."""
