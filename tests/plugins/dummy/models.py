"""The dummy plugin's extension table: one row per dummy widget asset."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base


class DummyWidgetRow(Base):
    """Fields of a dummy widget beyond the core asset columns."""

    __tablename__ = "dummywidgets"

    id: Mapped[int] = mapped_column(ForeignKey("assets.id"), primary_key=True)
    color: Mapped[str | None] = mapped_column(String(40))
    size: Mapped[int | None] = mapped_column(Integer)
