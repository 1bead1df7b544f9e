"""Validation and normalisation of network fields; each failure is a payload error at its input."""

from __future__ import annotations

import ipaddress
import re

from shopdb_gql.plugins import ErrorCode, PayloadErrors, user_error

HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
MAC_DIGITS = re.compile(r"^[0-9a-f]{12}$")


def invalid(message: str, field: str) -> PayloadErrors:
    return PayloadErrors(user_error(ErrorCode.INVALID, message, "input", field))


def clean_hostname(value: str | None) -> str:
    """A lowercase DNS host name (labels of letters, digits and hyphens), 1-120 characters."""
    hostname = (value or "").strip().lower().rstrip(".")
    if not hostname:
        raise PayloadErrors(user_error(ErrorCode.REQUIRED, "A hostname is required",
                                       "input", "hostname"))
    if len(hostname) > 120 or not HOSTNAME.match(hostname):
        raise invalid(f"{value!r} is not a host name: use letters, digits, hyphens and dots",
                      "hostname")
    return hostname


def clean_ip(value: str | None, field: str) -> str | None:
    """The compressed form of an IPv4/IPv6 address, or None for empty."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError as exc:
        raise invalid(f"{value!r} is not an IPv4 or IPv6 address", field) from exc


def clean_mac(value: str | None) -> str | None:
    """``aa:bb:cc:dd:ee:ff`` from any common notation (colons, hyphens, dots, none)."""
    text = (value or "").strip().lower()
    if not text:
        return None
    digits = re.sub(r"[:\-.\s]", "", text)
    if not MAC_DIGITS.match(digits):
        raise invalid(f"{value!r} is not a MAC address (12 hex digits)", "macAddress")
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


def clean_text(value: str | None, limit: int, field: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise invalid(f"At most {limit} characters", field)
    return text or None


def clean_port_count(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 10000:
        raise invalid("The port count must be between 0 and 10000", "portCount")
    return value


def clean_network(value: str | None) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    text = (value or "").strip()
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        raise invalid(f"{value!r} is not a network in CIDR notation with host bits zero "
                      "(e.g. 10.10.1.0/24)", "cidr") from exc


def clean_vlan(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= 4094:
        raise invalid("A VLAN id is between 1 and 4094", "vlanId")
    return value
