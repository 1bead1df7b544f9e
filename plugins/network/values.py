"""Validation and normalisation of subnet fields; each failure is a payload error at its input."""

from __future__ import annotations

import ipaddress

from graphql import GraphQLError

from shopdb_gql.plugins import ErrorCode, PayloadErrors, user_error


def invalid(message: str, field: str) -> PayloadErrors:
    return PayloadErrors(user_error(ErrorCode.INVALID, message, "input", field))


def bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def parse_cidr(value: str, argument: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """A query argument's network; a top-level BAD_USER_INPUT error otherwise."""
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError as exc:
        raise bad_input(f"`{argument}` must be a network in CIDR notation with host bits zero, "
                        f"e.g. 10.10.1.0/24: {exc}") from exc


def clean_ip(value: str | None, field: str) -> str | None:
    """The compressed form of an IPv4/IPv6 address, or None for empty."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError as exc:
        raise invalid(f"{value!r} is not an IPv4 or IPv6 address", field) from exc


def clean_text(value: str | None, limit: int, field: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise invalid(f"At most {limit} characters", field)
    return text or None


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
