"""The Computer GraphQL type: the declared fields (kind.py) and two written by hand."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from shopdb_gql.plugins import Asset, Context, related_target

from .applications import CONTROLS, ComputerApplication, load_applications
from .kind import computer


@computer.object_type
class Computer(Asset):
    @strawberry.field(description="Installed applications, by name.")
    async def applications(self, info: Info[Context, Any]) -> list[ComputerApplication]:
        session = info.context.session
        loader = info.context.loaders.loader(
            "computers.applications", lambda ids: load_applications(session, ids))
        result: list[ComputerApplication] = await loader.load(int(self.id))
        return result

    @strawberry.field(description=(
        "The machine this PC controls: the target of its controls relationship, whose map "
        "position the PC takes."))
    async def controls(self, info: Info[Context, Any]) -> Asset | None:
        asset: Asset | None = await related_target(info, int(self.id), CONTROLS)
        return asset
