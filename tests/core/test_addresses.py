"""Parsing stored addresses and narrowing candidates for ``find_assets_in_network``."""

from __future__ import annotations

import ipaddress

import pytest

from shopdb_gql.core.addresses import _prefix_pattern, parse_address, parse_network


@pytest.mark.parametrize(("text", "expected"), [
    ("10.1.2.3", "10.1.2.3"), (" 10.1.2.3/24 ", "10.1.2.3"), ("fe80::1%eth0", "fe80::1"),
    ("FD00::0001", "fd00::1"), ("", None), (None, None), ("host-1", None), ("10.1.2", None)])
def test_parse_address(text: str | None, expected: str | None) -> None:
    parsed = parse_address(text)
    assert (str(parsed) if parsed else None) == expected


@pytest.mark.parametrize(("cidr", "pattern"), [
    ("10.10.1.0/24", "10.10.1.%"), ("10.10.0.0/20", "10.10.%"), ("10.0.0.0/8", "10.%"),
    ("0.0.0.0/0", None), ("10.10.1.7/32", "10.10.1.7"), ("fd00::/64", None)])
def test_prefix_pattern_covers_every_address(cidr: str, pattern: str | None) -> None:
    network = parse_network(cidr)
    assert _prefix_pattern(network) == pattern
    if pattern is not None and network.num_addresses > 1:
        last = str(network.broadcast_address)
        assert last.startswith(pattern.rstrip("%"))


def test_parse_network_refuses_host_bits() -> None:
    with pytest.raises(ValueError):
        parse_network("10.10.1.5/24")
    assert parse_network(ipaddress.ip_network("10.0.0.0/8")) == ipaddress.ip_network("10.0.0.0/8")
