"""shopdb-gql: shop-floor inventory as a GraphQL API stitched together from plugins."""

from __future__ import annotations

__all__ = ["__contract_version__", "__version__"]

#: Version of the shopdb-gql distribution.
__version__ = "0.1.0"

#: Version of the plugin contract (semver, see docs/adr/002-contract-versioning.md).
#: Plugins declare the range they support in manifest.json's ``core_version``.
__contract_version__ = "1.5.0"
