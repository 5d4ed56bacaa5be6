"""How long device detection and the carrier IP check take (µs per call).

Run from the project root: ``.venv/bin/python bench/bench_detect.py``
"""

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure()

from apps.keitai.detect import detect  # noqa: E402
from apps.keitai.detect.dispatch import detect_cached  # noqa: E402
from apps.keitai.detect.headers import NO_HEADERS  # noqa: E402
from apps.keitai.ipranges import carrier_for_address, is_carrier_address  # noqa: E402

SAMPLES = {
    "docomo FOMA": "DoCoMo/2.0 P903i(c100;TB;W24H12)",
    "docomo mova": "DoCoMo/1.0/P503i/c10/TB/W20H10",
    "au WAP2": "KDDI-SA31 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0",
    "SoftBank 3G": "SoftBank/1.0/910T/TJ001/SN000000000000000 Browser/NetFront/3.3 "
    "Profile/MIDP-2.0 Configuration/CLDC-1.1",
    "WILLCOM": "Mozilla/3.0(WILLCOM;KYOCERA/WX310K/2;1.2.2.16.000000/0.1/C100) Opera 7.0",
    "KaiOS": "Mozilla/5.0 (Mobile; Nokia_8110_4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
    "w3m": "w3m/0.5.3+git20230121",
    "iPhone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Chrome desktop": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
}

# A request.META as Django builds it for a browser behind nginx/gunicorn.
META = {
    "wsgi.version": (1, 0),
    "wsgi.url_scheme": "http",
    "REQUEST_METHOD": "GET",
    "PATH_INFO": "/home/",
    "QUERY_STRING": "",
    "SERVER_NAME": "localhost",
    "SERVER_PORT": "8000",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "210.153.84.1",
    "HTTP_HOST": "example.jp",
    "HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*",
    "HTTP_ACCEPT_LANGUAGE": "ja",
    "HTTP_ACCEPT_ENCODING": "gzip",
    "HTTP_CONNECTION": "keep-alive",
    "HTTP_X_FORWARDED_FOR": "210.153.84.1",
    "HTTP_X_FORWARDED_PROTO": "http",
    "HTTP_COOKIE": "sessionid=abc",
    "HTTP_X_UP_DEVCAP_SCREENPIXELS": "240,346",
    "HTTP_X_UP_DEVCAP_MAX_PDU": "131072",
    "HTTP_X_UP_SUBNO": "00000000000000_mj.ezweb.ne.jp",
}


def per_call_us(fn, number):
    best = min(timeit.repeat(fn, number=number, repeat=5))
    return best / number * 1e6


def main():
    uncached = detect_cached.__wrapped__
    no_headers = NO_HEADERS
    print("detect() cost, µs per call (best of 5)")
    print(f"{'device':<16} {'uncached':>9} {'cached':>8} {'cached+META':>12}")
    for name, ua in SAMPLES.items():
        cold = per_call_us(lambda ua=ua: uncached(ua, no_headers, False), 2000)
        warm = per_call_us(lambda ua=ua: detect(ua), 20000)
        meta = per_call_us(lambda ua=ua: detect(ua, META), 20000)
        print(f"{name:<16} {cold:9.2f} {warm:8.2f} {meta:12.2f}")

    print()
    print("carrier IP check, µs per call")
    for ip in ("210.153.84.1", "61.198.142.1", "127.0.0.1", "::ffff:117.55.1.232", "bogus"):
        lookup = per_call_us(lambda ip=ip: carrier_for_address(ip), 20000)
        check = per_call_us(lambda ip=ip: is_carrier_address("willcom", ip), 20000)
        print(
            f"{ip:<22} carrier_for_address {lookup:6.2f}   is_carrier_address(willcom) {check:6.2f}"
        )


if __name__ == "__main__":
    main()
