"""The computers plugin's hand-written table: applications installed on a computer.

The computer's own table is declared with its fields in kind.py.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base


class ComputerApplicationRow(Base):
    """An application installed on a computer."""

    __tablename__ = "computerapplications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    computerid: Mapped[int] = mapped_column(ForeignKey("computers.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str | None] = mapped_column(String(80))
