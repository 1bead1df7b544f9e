"""Generated GraphQL operations for the live schema (hypothesis-graphql), and the knobs.

``SHOPDB_FUZZ_EXAMPLES`` sets the operations generated per root field and role: a few in
``make test`` (reproducible: derandomized, no example database), many more in ``make bench``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import graphql
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from tests.harness import ROOT

EXAMPLES = int(os.environ.get("SHOPDB_FUZZ_EXAMPLES", "10"))

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # No shrinking: each step would be another request to a server whose state the
    # previous ones changed; the failing operation is printed as it was generated.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)

_WHEN = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))

# Custom scalars as a client could send them: valid, naive, out of range and garbage.
CUSTOM_SCALARS: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    "DateTime": st.one_of(_WHEN.map(lambda d: d.replace(tzinfo=UTC).isoformat()),
                          _WHEN.map(datetime.isoformat), st.text(max_size=40)).map(nodes.String),
    "Date": st.one_of(st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
                      st.text(max_size=20)).map(nodes.String),
    "JSON": st.one_of(st.text(max_size=40), st.integers()).map(nodes.String),
}

ROLES = ("admin", "viewer", "anonymous")


def root_fields(type_name: str) -> list[str]:
    """Root fields of the committed schema (every bundled plugin enabled), for test ids."""
    schema = graphql.build_schema((ROOT / "schema.graphql").read_text())
    root = schema.get_type(type_name)
    assert isinstance(root, graphql.GraphQLObjectType)
    return sorted(root.fields)
