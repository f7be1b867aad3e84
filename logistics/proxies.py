"""The client's address behind trusted proxies (LOGISTICS_TRUSTED_PROXIES), and only behind them.

X-Forwarded-For is a list that each proxy appends its peer's address to; anything left of the
entries our own proxies wrote was written by the client and proves nothing. So the address is
found by walking from the right, past our proxies only:
- a hop count N: the connection comes from our last proxy, and the N entries at the right end
  were written by our N proxies; the Nth from the right is the client (werkzeug's ProxyFix rule;
  a header with fewer than N entries is ignored);
- a list of addresses and networks: while the peer is one of ours, step left to the address it
  forwarded for; the first address that is not ours is the client's (a direct client, not
  in the list, is taken as it is, whatever it sends).
Without the setting the header is ignored. The middleware rewrites REMOTE_ADDR once, so every
reader of ``request.remote_addr`` gets the client's address; the peer's is kept under
``logistics.peer_addr``.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class TrustedProxies:
    """Which peers may tell us the client's address: a hop count, or networks (never both)."""

    hops: int = 0
    networks: tuple[Network, ...] = ()

    def trusts(self, address: str) -> bool:
        """Say whether an address is one of the listed proxies."""
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        return any(ip in network for network in self.networks)


def parse(text: str) -> TrustedProxies:
    """Read LOGISTICS_TRUSTED_PROXIES: a hop count ("1") or addresses/networks ("10.0.0.5, 10.1.0.0/16")."""
    text = text.strip()
    if text.isdigit():
        hops = int(text)
        if hops > 10:
            raise ValueError(f"{hops} proxies in a row: give a hop count from 0 to 10, "
                             "or the proxies' addresses")
        return TrustedProxies(hops=hops)
    networks = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item[:50]!r} is neither an address nor a network (e.g. 10.0.0.5, "
                             "10.0.0.0/8, fd00::/8); give a hop count or a comma-separated list") from None
    return TrustedProxies(networks=tuple(networks))


def client_address(peer: str, forwarded_for: Iterable[str], trusted: TrustedProxies) -> str:
    """Return the client's address, given the connection's peer and the X-Forwarded-For entries."""
    entries = [entry.strip() for entry in forwarded_for if entry.strip()]
    if trusted.hops:
        return entries[-trusted.hops] if len(entries) >= trusted.hops else peer
    address = peer
    while trusted.networks and trusted.trusts(address) and entries:
        address = entries.pop()
    return address


class ProxiedClient:
    """WSGI middleware: set REMOTE_ADDR to the client's address as our trusted proxies report it."""

    def __init__(self, app, trusted: TrustedProxies):
        self.app = app
        self.trusted = trusted

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR", "")
        environ["logistics.peer_addr"] = peer
        forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            environ["REMOTE_ADDR"] = client_address(peer, forwarded.split(","), self.trusted)
        return self.app(environ, start_response)
