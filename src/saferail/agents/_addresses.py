"""Which IP addresses a server-side fetch must never reach, and why.

:func:`classify` maps one address to a reason code (``"loopback_address"``, ...) or ``None``
when it is ordinary global unicast. The tables are written out here from the IANA
special-purpose registries rather than taken from ``ipaddress``'s ``is_private``/``is_global``
flags, whose answers changed between Python releases (3.11 calls ``::ffff:8.8.8.8`` private,
3.13 does not); the stdlib is used for parsing and network membership only.

IPv6 addresses that carry an IPv4 address are judged by that IPv4 address as well:
IPv4-mapped ``::ffff:a.b.c.d`` (judged *only* as the IPv4 address: a dual-stack socket
connects there), IPv4-compatible ``::a.b.c.d``, SIIT ``::ffff:0:a.b.c.d``, NAT64
``64:ff9b::a.b.c.d``, 6to4 ``2002:AABB:CCDD::`` and both ends of Teredo ``2001:0::``.
"""

from __future__ import annotations

__all__ = ["IPAddress", "carried_v4", "classify", "effective", "parse_address"]

import ipaddress
from typing import TypeAlias

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
_Net = ipaddress.IPv4Network | ipaddress.IPv6Network

LOOPBACK = "loopback_address"
PRIVATE = "private_address"
LINK_LOCAL = "link_local_address"
MULTICAST = "multicast_address"
UNSPECIFIED = "unspecified_address"
RESERVED = "reserved_address"
METADATA = "metadata_address"

# Cloud instance-metadata and credential endpoints, by address.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack IMDS
        "169.254.170.2",  # AWS ECS task credentials
        "169.254.170.23",  # AWS EKS Pod Identity agent
        "100.100.100.200",  # Alibaba Cloud metadata
        "fd00:ec2::254",  # AWS IMDS over IPv6
        "fd00:ec2::23",  # AWS EKS Pod Identity agent over IPv6
    )
)


def _table(rows: list[tuple[str, str]]) -> list[tuple[_Net, str]]:
    return [(ipaddress.ip_network(net), reason) for net, reason in rows]


# First match wins. Anything not listed is global unicast.
_V4 = _table(
    [
        ("0.0.0.0/8", UNSPECIFIED),  # "this network"; Linux connects 0.0.0.0 to localhost
        ("10.0.0.0/8", PRIVATE),
        ("100.64.0.0/10", PRIVATE),  # carrier-grade NAT shared space
        ("127.0.0.0/8", LOOPBACK),
        ("169.254.0.0/16", LINK_LOCAL),
        ("172.16.0.0/12", PRIVATE),
        ("192.0.0.0/24", RESERVED),  # IETF protocol assignments
        ("192.0.2.0/24", RESERVED),  # documentation (TEST-NET-1)
        ("192.88.99.0/24", RESERVED),  # deprecated 6to4 relay anycast
        ("192.168.0.0/16", PRIVATE),
        ("198.18.0.0/15", RESERVED),  # benchmarking
        ("198.51.100.0/24", RESERVED),  # documentation (TEST-NET-2)
        ("203.0.113.0/24", RESERVED),  # documentation (TEST-NET-3)
        ("224.0.0.0/4", MULTICAST),
        ("240.0.0.0/4", RESERVED),  # future use, and 255.255.255.255 limited broadcast
    ]
)

_V6 = _table(
    [
        ("::/96", RESERVED),  # deprecated IPv4-compatible (embedded address checked first)
        ("64:ff9b:1::/48", PRIVATE),  # local-use NAT64
        ("100::/64", RESERVED),  # discard-only
        ("2001:2::/48", RESERVED),  # benchmarking
        ("2001:db8::/32", RESERVED),  # documentation
        ("3fff::/20", RESERVED),  # documentation
        ("fc00::/7", PRIVATE),  # unique local
        ("fe80::/10", LINK_LOCAL),
        ("fec0::/10", PRIVATE),  # deprecated site-local
        ("ff00::/8", MULTICAST),
    ]
)
_UNSPECIFIED_OR_LOOPBACK = (ipaddress.IPv6Address("::"), ipaddress.IPv6Address("::1"))
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SIIT = ipaddress.IPv6Network("::ffff:0:0:0/96")
_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")


def parse_address(text: str) -> IPAddress:
    """An IP address from a resolver answer or a URL literal; ValueError if it is not one.
    A zone index (``fe80::1%eth0``) is dropped: the address decides, not the interface."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def effective(ip: IPAddress) -> IPAddress:
    """The address a socket really connects to: IPv4-mapped IPv6 becomes its IPv4 address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def classify(ip: IPAddress) -> str | None:
    """The reason ``ip`` must not be fetched from, or ``None`` for a global unicast address."""
    ip = effective(ip)
    if ip in METADATA_ADDRESSES:
        return METADATA
    if isinstance(ip, ipaddress.IPv4Address):
        return _lookup(ip, _V4)
    if ip in _UNSPECIFIED_OR_LOOPBACK:  # inside ::/96, but not IPv4-compatible addresses
        return UNSPECIFIED if ip == _UNSPECIFIED_OR_LOOPBACK[0] else LOOPBACK
    for inner in carried_v4(ip):
        reason = classify(inner)
        if reason is not None:
            return reason
    reason = _lookup(ip, _V6)
    if reason is None and ip not in _GLOBAL_UNICAST and ip not in _NAT64:
        return RESERVED  # outside 2000::/3: unassigned or reserved by IANA
    return reason


def _lookup(ip: IPAddress, table: list[tuple[_Net, str]]) -> str | None:
    for net, reason in table:
        if ip in net:
            return reason
    return None


def carried_v4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries through a transition mechanism
    (IPv4-compatible, SIIT, NAT64, 6to4, Teredo); IPv4-mapped is :func:`effective`'s."""
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 or ip in _SIIT or ip in _NAT64:  # compatible, SIIT, NAT64
        return [low32]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    return []
