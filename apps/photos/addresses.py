"""Which network addresses the image proxy may connect to.

The proxy fetches URLs that end up in posts, so a host name must not lead it
to the gateway's own network (metadata services, memcached, the admin): only
public unicast addresses are allowed, except the address-and-port pairs a
deployment names in IMAGE_PROXY_ALLOW_PRIVATE_HOSTS (a local test or
development server): "127.0.0.1:8001" lets the proxy reach the emulator's
images, not memcached on 11211 or the emulator's control API on another port.
"""

import ipaddress
import socket

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .errors import BadUpstream, ForbiddenSource

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# RFC 6052 well-known NAT64 prefix: the low 32 bits are an IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address tunnels to (6to4, Teredo)."""
    if address.version != 6:
        return []
    found = []
    if address.sixtofour:
        found.append(address.sixtofour)
    if address.teredo:
        found.extend(address.teredo)
    return found


def is_public(address: IPAddress) -> bool:
    """Whether `address` is a globally routed unicast address (and tunnels to none other)."""
    if address.version == 6 and address.ipv4_mapped:
        # A dual-stack socket reaches the IPv4 address itself.
        return is_public(address.ipv4_mapped)
    if address in _NAT64:
        # An IPv6-only network's DNS64 answers with these; the gateway reaches the IPv4 one.
        return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    for candidate in (address, *_embedded_ipv4(address)):
        if (
            not candidate.is_global
            or candidate.is_private
            or candidate.is_loopback
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
        ):
            return False
    return True


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_exception(entry: str) -> tuple[Network, int]:
    """One IMAGE_PROXY_ALLOW_PRIVATE_HOSTS entry: "127.0.0.1:8001", "[::1]:8001", "10.0.0.0/8:80".

    Raises ImproperlyConfigured for an entry without a port: a whole host was
    once allowed, and with it every service listening on it.
    """
    host, sep, port = entry.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ImproperlyConfigured(
            f"IMAGE_PROXY_ALLOW_PRIVATE_HOSTS entry {entry!r} needs a port: address:port"
        )
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return ipaddress.ip_network(host, strict=False), int(port)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"IMAGE_PROXY_ALLOW_PRIVATE_HOSTS entry {entry!r}: {exc}"
        ) from exc


def private_exceptions() -> list[tuple[Network, int]]:
    """The (network, port) pairs IMAGE_PROXY_ALLOW_PRIVATE_HOSTS lets through."""
    entries = getattr(settings, "IMAGE_PROXY_ALLOW_PRIVATE_HOSTS", [])
    return [parse_exception(entry) for entry in entries]


def is_explicitly_allowed(address: IPAddress, port: int) -> bool:
    """Whether the deployment named this non-public address and port as fetchable."""
    return any(
        address in network and port == allowed_port
        for network, allowed_port in private_exceptions()
    )


def check(address: IPAddress, port: int) -> None:
    """Raise ForbiddenSource unless the proxy may connect to `address` on `port`."""
    if not (is_public(address) or is_explicitly_allowed(address, port)):
        raise ForbiddenSource(f"address {address} port {port} is not public")


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to, each checked; the caller connects only to these."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise BadUpstream(f"cannot resolve {host!r}: {exc}") from exc
    addresses = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise BadUpstream(f"{host!r} has no address")
    # One bad answer refuses the host: a name that also points inside is not trusted.
    for address in addresses:
        check(address, port)
    return addresses
