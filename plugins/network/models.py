"""The network plugin's subnets table (the network devices' table is declared in kind.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime, utcnow


class SubnetRow(Base):
    """A subnet (and its VLAN) of the site network. Not an asset."""

    __tablename__ = "networksubnets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cidr: Mapped[str] = mapped_column(String(49), unique=True)
    vlanid: Mapped[int | None] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    gateway: Mapped[str | None] = mapped_column(String(45))
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
