import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.photos import addresses
from apps.photos.errors import ForbiddenSource


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "127.8.9.10",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2001:db8::1",  # documentation
    ],
)
def test_non_public_addresses_are_refused(address, settings):
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = []
    ip = ipaddress.ip_address(address)
    assert not addresses.is_public(ip)
    with pytest.raises(ForbiddenSource):
        addresses.check(ip, 443)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "151.101.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_public_addresses_pass(address):
    ip = ipaddress.ip_address(address)
    assert addresses.is_public(ip)
    addresses.check(ip, 443)


def test_private_addresses_pass_only_on_the_port_the_setting_names(settings):
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = ["127.0.0.1:8001", "[fd00::/8]:443"]
    addresses.check(ipaddress.ip_address("127.0.0.1"), 8001)
    addresses.check(ipaddress.ip_address("fd12::5"), 443)
    for address, port in [("127.0.0.2", 8001), ("127.0.0.1", 11211), ("fd12::5", 80)]:
        with pytest.raises(ForbiddenSource):
            addresses.check(ipaddress.ip_address(address), port)
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = []
    with pytest.raises(ForbiddenSource):
        addresses.check(ipaddress.ip_address("127.0.0.1"), 8001)


@pytest.mark.parametrize("entry", ["127.0.0.1", "localhost:8001", "127.0.0.1:0", "[::1]", "::1"])
def test_an_allowed_private_host_without_a_valid_port_is_a_configuration_error(entry, settings):
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = [entry]
    with pytest.raises(ImproperlyConfigured):
        addresses.check(ipaddress.ip_address("127.0.0.1"), 8001)


def test_a_name_with_one_inside_answer_among_public_ones_is_refused(monkeypatch):
    import socket

    def two_answers(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", two_answers)
    with pytest.raises(ForbiddenSource):
        addresses.resolve("mixed.test", 443)
