"""GraphQL type of the dummy plugin's asset kind."""

from __future__ import annotations

import strawberry

from shopdb_gql.plugins import Asset


@strawberry.type(description="A test asset kind contributed by the dummy plugin.")
class DummyWidget(Asset):
    color: str | None = strawberry.field(default=None, description="Colour of the widget.")
    size: int | None = strawberry.field(default=None, description="Size of the widget in mm.")
