"""Tables of the computers plugin: one row per computer asset, and its installed applications."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime


class ComputerRow(Base):
    """Fields of a computer beyond the core asset columns."""

    __tablename__ = "computers"

    id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    hostname: Mapped[str | None] = mapped_column(String(255), index=True)
    manufacturer: Mapped[str | None] = mapped_column(String(120))
    model: Mapped[str | None] = mapped_column(String(120))
    osname: Mapped[str | None] = mapped_column(String(120))
    osversion: Mapped[str | None] = mapped_column(String(80))
    pctype: Mapped[str | None] = mapped_column(String(40), index=True)
    ipaddress: Mapped[str | None] = mapped_column(String(64))
    macaddress: Mapped[str | None] = mapped_column(String(64))
    loggedonuser: Mapped[str | None] = mapped_column(String(120))
    lastbootat: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ComputerApplicationRow(Base):
    """An application installed on a computer."""

    __tablename__ = "computerapplications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    computerid: Mapped[int] = mapped_column(ForeignKey("computers.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str | None] = mapped_column(String(80))
