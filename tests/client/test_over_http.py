"""The whole path over real HTTP: a scripted phone, the gateway's live server, the emulator."""

import re

import pytest
import requests

from tests.conftest import approve_on_emulator

pytestmark = pytest.mark.django_db(transaction=True)


def test_scripted_client_signs_in_and_reads_twenty_posts(live_server, emulator):
    http = requests.Session()
    start = http.get(f"{live_server.url}/login/", allow_redirects=False, timeout=10)
    assert start.status_code == 302
    assert start.headers["Location"].startswith(emulator.base_url + "/oauth/authenticate")
    answer = approve_on_emulator(start.headers["Location"])
    home = http.get(answer.headers["Location"], timeout=10)
    assert home.status_code == 200 and home.url == f"{live_server.url}/home/"
    assert int(home.headers["Content-Length"]) == len(home.content)
    assert home.text.rstrip().endswith("</html>")
    assert len(re.findall(r'<div class="post"', home.text)) == 20
    assert home.headers["Referrer-Policy"] == "no-referrer"
