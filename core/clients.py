"""Who is asking: the client's address, the one every limit on the site counts by.

Behind a proxy (a load balancer, nginx, a CDN) every request arrives from the proxy's
address, and the visitor's address is in ``X-Forwarded-For``, which each proxy appends
to. Anyone can send that header, so only the part written by proxies we trust counts:

* ``TRUSTED_PROXIES`` (core/conf.py, the ``TRUSTED_PROXIES`` environment variable) lists
  the proxies' networks, e.g. ``["10.0.0.0/8", "127.0.0.1/32"]``.
* When the direct peer (``REMOTE_ADDR``) is one of them, the client is the right-most
  address of ``X-Forwarded-For`` that is not a trusted proxy: the one our own proxy saw.
  Addresses to its left were written by the client and are ignored.
* With no trusted proxies (the default), or a peer that is not one, the client is
  ``REMOTE_ADDR`` and the header is ignored: it cannot be used to dodge a limit.

``client_key`` is what limits count by: the address, except that an IPv6 client counts
by its /64 network, since one household or one attacker usually holds a whole /64.
"""

import ipaddress
from functools import lru_cache

from core.conf import setting


@lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def trusted_networks():
    return _networks(tuple(setting("TRUSTED_PROXIES")))


def _parse(value):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks):
    return any(address in network for network in networks)


def client_address(request):
    """The visitor's IP address as text ("" when there is none, as in some tests)."""
    if request is None:
        return ""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    networks = trusted_networks()
    if not networks or not _trusted(peer, networks):
        return str(peer)
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Not written by a proxy of ours: stop at the last address one of them wrote.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def client_key(request):
    """What per-client limits count by: the address, or its /64 network for IPv6."""
    address = _parse(client_address(request))
    if address is None:
        return ""
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
