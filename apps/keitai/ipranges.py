"""Carrier gateway address ranges: is this request really from a carrier's proxy?

Subscriber-ID headers (X-DCMGUID, X-UP-SUBNO, X-JPHONE-UID, X-EM-UID) can be
forged by anyone; they only mean something when the request comes from the
carrier's gateway. The ranges ship in ``data/carrier-ip-ranges.json``; the
setting ``KEITAI_IP_RANGES_FILE`` points at another file of the same shape so
the lists can be updated without a code change.
"""

from __future__ import annotations

import ipaddress
import json
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

__all__ = ["carrier_for_address", "is_carrier_address", "ranges"]

DEFAULT_FILE = Path(__file__).with_name("data") / "carrier-ip-ranges.json"

# Keys holding the CIDR list inside a carrier's entry, in order of preference.
_CIDR_KEYS = ("cidrs", "cidrs_as_shipped")

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class _Intervals:
    """Networks as sorted address intervals, searched with bisect."""

    def __init__(self, tagged: list[tuple[IPNetwork, str]]):
        self.starts: dict[int, list[int]] = {4: [], 6: []}
        self.intervals: dict[int, list[tuple[int, int, str]]] = {4: [], 6: []}
        # reach[v][i]: the highest address covered by intervals 0..i.
        self.reach: dict[int, list[int]] = {4: [], 6: []}
        rows = sorted(
            (net.version, int(net.network_address), int(net.broadcast_address), tag)
            for net, tag in tagged
        )
        for version, start, end, tag in rows:
            reach = self.reach[version]
            self.starts[version].append(start)
            self.intervals[version].append((start, end, tag))
            reach.append(max(end, reach[-1]) if reach else end)

    def find(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
        value = int(address)
        intervals = self.intervals[address.version]
        reach = self.reach[address.version]
        # Walk back from the last interval starting at or below the address
        # while some earlier interval still reaches it (usually one step).
        i = bisect_right(self.starts[address.version], value) - 1
        while i >= 0 and reach[i] >= value:
            start, end, tag = intervals[i]
            if value <= end:
                return tag
            i -= 1
        return None


class _Table:
    """Networks per carrier, searchable across all carriers or within one."""

    def __init__(self, networks: dict[str, tuple[IPNetwork, ...]]):
        self.networks = networks
        self.all = _Intervals([(net, c) for c, nets in networks.items() for net in nets])
        self.by_carrier = {
            c: _Intervals([(net, c) for net in nets]) for c, nets in networks.items()
        }


def _parse(data: object, source: str) -> dict[str, tuple[IPNetwork, ...]]:
    carriers = data.get("carriers") if isinstance(data, dict) else None
    if not isinstance(carriers, dict):
        raise ImproperlyConfigured(f"{source}: no 'carriers' object")
    networks: dict[str, tuple[IPNetwork, ...]] = {}
    for carrier, entry in carriers.items():
        cidrs = entry
        if isinstance(entry, dict):
            cidrs = next((entry[key] for key in _CIDR_KEYS if key in entry), None)
        if not isinstance(cidrs, list):
            raise ImproperlyConfigured(f"{source}: carrier {carrier!r} has no CIDR list")
        try:
            parsed = [ipaddress.ip_network(str(cidr).strip(), strict=False) for cidr in cidrs]
        except ValueError as exc:
            raise ImproperlyConfigured(f"{source}: carrier {carrier!r}: {exc}") from exc
        v4 = ipaddress.collapse_addresses(n for n in parsed if n.version == 4)
        v6 = ipaddress.collapse_addresses(n for n in parsed if n.version == 6)
        networks[str(carrier).lower()] = (*v4, *v6)
    return networks


@lru_cache(maxsize=4)
def _load(path: str) -> _Table:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"KEITAI_IP_RANGES_FILE {path}: {exc}") from exc
    return _Table(_parse(data, path))


def _table() -> _Table:
    path = getattr(settings, "KEITAI_IP_RANGES_FILE", None) or DEFAULT_FILE
    return _load(str(path))


@receiver(setting_changed)
def _forget_ranges(*, setting: str, **kwargs) -> None:
    if setting == "KEITAI_IP_RANGES_FILE":
        _load.cache_clear()


def _address(ip: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not isinstance(ip, str):
        return None
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        # ::ffff:a.b.c.d from a dual-stack socket is the IPv4 client.
        return address.ipv4_mapped
    return address


def ranges() -> dict[str, tuple[IPNetwork, ...]]:
    """The gateway networks per carrier (docomo, au, softbank, willcom, emobile)."""
    return dict(_table().networks)


def carrier_for_address(ip: str) -> str | None:
    """The carrier whose gateway uses address ``ip``, or None (also for bad input)."""
    address = _address(ip)
    if address is None:
        return None
    return _table().all.find(address)


def is_carrier_address(carrier: str | None, ip: str) -> bool:
    """True if ``ip`` is one of ``carrier``'s gateway addresses."""
    if not carrier:
        return False
    address = _address(ip)
    if address is None:
        return False
    intervals = _table().by_carrier.get(carrier.lower())
    return intervals is not None and intervals.find(address) is not None
