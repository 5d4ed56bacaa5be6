"""Carrier gateway address ranges: lookups, bad input, and the override file."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from apps.keitai.ipranges import carrier_for_address, is_carrier_address, ranges


@pytest.mark.parametrize(
    ("ip", "carrier"),
    [
        ("210.153.84.1", "docomo"),
        ("210.153.84.255", "docomo"),
        ("124.146.175.10", "docomo"),
        ("202.229.178.200", "docomo"),  # added 2010-07
        ("210.230.128.225", "au"),
        ("111.107.116.1", "au"),  # 2011 new-spec handset range
        ("210.146.7.199", "softbank"),
        ("123.108.237.31", "softbank"),
        ("61.198.142.1", "willcom"),
        ("117.55.1.232", "emobile"),
        ("117.55.1.255", "emobile"),
    ],
)
def test_addresses_inside_a_carrier_range(ip, carrier):
    assert carrier_for_address(ip) == carrier
    assert is_carrier_address(carrier, ip) is True
    others = {"docomo", "au", "softbank", "willcom", "emobile"} - {carrier}
    assert not any(is_carrier_address(other, ip) for other in others)


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "10.0.0.1",
        "8.8.8.8",
        "210.153.83.255",  # just below docomo's 210.153.84.0/24
        "210.153.85.0",  # between docomo's 84 and 86
        "117.55.1.223",  # just below EMOBILE's /27
        "117.55.2.0",  # just above it
        "123.108.237.32",  # just above SoftBank's 123.108.237.0/27
        "202.179.204.1",  # the old J-PHONE 2G gateway, gone from the lists
    ],
)
def test_addresses_outside_every_range(ip):
    assert carrier_for_address(ip) is None
    assert not any(
        is_carrier_address(c, ip) for c in ("docomo", "au", "softbank", "willcom", "emobile")
    )


def test_ipv4_mapped_ipv6_is_the_ipv4_client():
    assert carrier_for_address("::ffff:210.153.84.1") == "docomo"
    assert is_carrier_address("docomo", "::ffff:210.153.84.1") is True


@pytest.mark.parametrize("ip", ["::1", "2001:db8::1", "fe80::1%eth0"])
def test_ipv6_addresses_match_no_carrier(ip):
    assert carrier_for_address(ip) is None
    assert is_carrier_address("docomo", ip) is False


@pytest.mark.parametrize(
    "ip", ["", "not-an-ip", "210.153.84", "210.153.84.256", "210.153.84.1/24", None, 3520484353]
)
def test_invalid_input_is_none_not_an_error(ip):
    assert carrier_for_address(ip) is None
    assert is_carrier_address("docomo", ip) is False


def test_unknown_or_missing_carrier_is_false():
    assert is_carrier_address(None, "210.153.84.1") is False
    assert is_carrier_address("", "210.153.84.1") is False
    assert is_carrier_address("vodafone", "210.146.7.199") is False
    assert is_carrier_address("DoCoMo", "210.153.84.1") is True


def test_shipped_lists_are_collapsed_per_carrier():
    networks = ranges()
    assert set(networks) == {"docomo", "au", "softbank", "willcom", "emobile"}
    assert [str(n) for n in networks["emobile"]] == ["117.55.1.224/27"]
    # 8 docomo /24s collapse to 6 networks; au's duplicate entry disappears.
    assert len(networks["docomo"]) == 6
    assert len(networks["au"]) == 29


@pytest.fixture
def ranges_file(tmp_path):
    def write(data):
        path = tmp_path / "ranges.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write


def test_override_file_replaces_the_shipped_ranges(ranges_file):
    path = ranges_file(
        {
            "carriers": {
                "docomo": {"cidrs": ["192.0.2.0/25"]},
                "au": ["198.51.100.0/24", "2001:db8:1::/48"],
            }
        }
    )
    with override_settings(KEITAI_IP_RANGES_FILE=str(path)):
        assert carrier_for_address("192.0.2.10") == "docomo"
        assert carrier_for_address("192.0.2.200") is None
        assert carrier_for_address("198.51.100.7") == "au"
        assert carrier_for_address("2001:db8:1::5") == "au"
        assert is_carrier_address("au", "2001:db8:1:ffff::1") is True
        # The shipped ranges no longer apply.
        assert carrier_for_address("210.153.84.1") is None
        assert set(ranges()) == {"docomo", "au"}
    # Back to the shipped file once the setting is gone.
    assert carrier_for_address("210.153.84.1") == "docomo"
    assert carrier_for_address("192.0.2.10") is None


def test_override_file_accepts_the_shipped_format(ranges_file):
    path = ranges_file({"carriers": {"softbank": {"cidrs_as_shipped": ["203.0.113.0/24"]}}})
    with override_settings(KEITAI_IP_RANGES_FILE=path):
        assert carrier_for_address("203.0.113.9") == "softbank"


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"no": "carriers"}),
        json.dumps({"carriers": {"docomo": {"cidrs": ["999.0.0.0/8"]}}}),
        json.dumps({"carriers": {"docomo": "210.153.84.0/24"}}),
    ],
)
def test_broken_override_file_is_a_configuration_error(tmp_path, content):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with override_settings(KEITAI_IP_RANGES_FILE=str(path)):
        with pytest.raises(ImproperlyConfigured):
            carrier_for_address("210.153.84.1")


def test_missing_override_file_is_a_configuration_error(tmp_path):
    with override_settings(KEITAI_IP_RANGES_FILE=str(tmp_path / "absent.json")):
        with pytest.raises(ImproperlyConfigured):
            is_carrier_address("docomo", "210.153.84.1")
