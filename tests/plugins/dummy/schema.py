"""Root fields of the dummy plugin: ``dummyWidget``, ``dummyWidgets`` and CRUD mutations."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from shopdb_gql.core.models import Asset as AssetRow
from shopdb_gql.plugins import (
    CanRead,
    CanWrite,
    Connection,
    Context,
    ErrorCode,
    PayloadErrors,
    Tx,
    UserError,
    asset_fields,
    asset_of_type,
    asset_page,
    create_asset,
    delete_asset,
    perform,
    update_asset,
    user_error,
)

from .models import DummyWidgetRow
from .types import DummyWidget

KIND = "dummywidget"
UNSET: Any = strawberry.UNSET


@strawberry.input(description="A new dummy widget.")
class DummyWidgetInput:
    name: str = strawberry.field(description="Display name.")
    asset_tag: str | None = strawberry.field(default=None, description="Asset number (generated if empty).")
    color: str | None = strawberry.field(default=None, description="Colour of the widget.")
    size: int | None = strawberry.field(default=None, description="Size of the widget in mm.")


@strawberry.input(description="Changes to a dummy widget; omitted fields stay, null clears.")
class DummyWidgetUpdateInput:
    name: str | None = strawberry.field(default=UNSET, description="Display name.")
    color: str | None = strawberry.field(default=UNSET, description="Colour of the widget.")
    size: int | None = strawberry.field(default=UNSET, description="Size of the widget in mm.")


@strawberry.type(description="Result of a dummy widget mutation.")
class DummyWidgetPayload:
    dummy_widget: DummyWidget | None = strawberry.field(default=None, description="The widget, after.")
    errors: list[UserError] = strawberry.field(description="Why the change was refused.")


@strawberry.type(description="Result of deleting a dummy widget.")
class DeleteDummyWidgetPayload:
    deleted_id: strawberry.ID | None = strawberry.field(default=None, description="What was deleted.")
    errors: list[UserError] = strawberry.field(description="Why the delete was refused.")


def build(row: AssetRow, ext: DummyWidgetRow | None) -> DummyWidget:
    return DummyWidget(**asset_fields(row), color=ext.color if ext else None,
                       size=ext.size if ext else None)


#: What the dummy plugin's ``on_event`` heard: ``<type>:<id>`` (tests/plugins/test_runtime_toggle.py).
HEARD: list[str] = []


@strawberry.type
class DummyQuery:
    @strawberry.field(description="Events the dummy plugin heard (``type:id``), oldest first.",
                      permission_classes=[CanRead])
    def dummy_events(self) -> list[str]:
        return list(HEARD)

    @strawberry.field(description="One dummy widget by id.", permission_classes=[CanRead])
    async def dummy_widget(self, info: Info[Context, Any], id: strawberry.ID) -> DummyWidget | None:
        return await asset_of_type(info, id, DummyWidget)

    @strawberry.field(description="Dummy widgets by id, paged.", permission_classes=[CanRead])
    async def dummy_widgets(
        self, info: Info[Context, Any], first: int | None = 50, after: str | None = None
    ) -> Connection[DummyWidget]:
        query = select(AssetRow).where(AssetRow.kind == KIND).order_by(AssetRow.id)
        return await asset_page(info, query, first, after)


@strawberry.type
class DummyMutation:
    @strawberry.mutation(description="Create a dummy widget.", permission_classes=[CanWrite])
    async def create_dummy_widget(
        self, info: Info[Context, Any], input: DummyWidgetInput
    ) -> DummyWidgetPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            name = input.name.strip()
            if not name:
                raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A name is required",
                                               "input", "name"))
            ext = DummyWidgetRow(color=input.color, size=input.size)
            values: dict[str, Any] = {"name": name, "assettag": input.asset_tag}
            row = await create_asset(tx, KIND, values, ext)
            return {"dummy_widget": build(row, ext)}

        return await perform(info, DummyWidgetPayload, work)

    @strawberry.mutation(description="Change a dummy widget.", permission_classes=[CanWrite])
    async def update_dummy_widget(
        self, info: Info[Context, Any], id: strawberry.ID, input: DummyWidgetUpdateInput
    ) -> DummyWidgetPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            ext_values = {k: getattr(input, k) for k in ("color", "size")
                          if getattr(input, k) is not UNSET}
            result = await update_asset(tx, id, input, ext_values, DummyWidgetRow, kind=KIND)
            return {"dummy_widget": result["asset"]}

        return await perform(info, DummyWidgetPayload, work)

    @strawberry.mutation(description="Delete a dummy widget.", permission_classes=[CanWrite])
    async def delete_dummy_widget(
        self, info: Info[Context, Any], id: strawberry.ID
    ) -> DeleteDummyWidgetPayload:
        return await perform(info, DeleteDummyWidgetPayload,
                             lambda tx: delete_asset(tx, id, kind=KIND))
