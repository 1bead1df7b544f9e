"""Core: the data model and domain concepts, and the GraphQL types, queries and mutations on them.

Which module sits in which layer is listed in docs/adr/010-import-layers.md.
"""
