"""Client addresses as the limits and the fraud checks count them: by network, not by
address, where one client holds many addresses."""

from __future__ import annotations

import ipaddress


def client_network(address: str | None, ipv6_prefix: int = 64) -> str:
    """The network this address speaks for: an IPv4 address itself; an IPv6 address by
    its /ipv6_prefix, because one household or phone is given a whole /64 and could step
    through it (RFC 6177). Anything else (a test client, a unix socket) as it is."""
    if not address:
        return ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # an IPv4 client seen through an IPv6 socket
    if isinstance(ip, ipaddress.IPv6Address):
        prefix = min(max(ipv6_prefix, 0), 128)
        return str(ipaddress.IPv6Network((ip, prefix), strict=False))
    return str(ip)
