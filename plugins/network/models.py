"""The network plugin's tables: one row per network device asset, and the site's subnets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopdb_gql.plugins import Base, UTCDateTime, utcnow


class NetworkDeviceRow(Base):
    """Fields of a switch, router, access point, firewall or camera beyond the core columns."""

    __tablename__ = "networkdevices"

    id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True)
    hostname: Mapped[str | None] = mapped_column(String(120), unique=True)
    devicetype: Mapped[str] = mapped_column(String(20), default="OTHER", index=True)
    managementip: Mapped[str | None] = mapped_column(String(45), index=True)
    macaddress: Mapped[str | None] = mapped_column(String(17), index=True)
    model: Mapped[str | None] = mapped_column(String(120))
    vendor: Mapped[str | None] = mapped_column(String(120), index=True)
    firmware: Mapped[str | None] = mapped_column(String(120))
    portcount: Mapped[int | None] = mapped_column(Integer)


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
