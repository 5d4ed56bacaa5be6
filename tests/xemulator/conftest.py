"""Fixtures: one emulator per session (its own state, reset per test), signed X clients."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from requests_oauthlib import OAuth1Session

from apps.xemulator import schema, seed
from apps.xemulator.server import EmulatorServer
from apps.xemulator.state import EmulatorState


def assert_matches_spec(response: requests.Response) -> None:
    """Fail unless a /2/ response body fits X's OpenAPI schema for its status."""
    request = response.request
    path = urlsplit(request.url).path
    if not path.startswith("/2/"):
        return
    schema.validate_response(
        request.method,
        path,
        response.status_code,
        response.json(),
        response.headers["content-type"],
    )


class XClient:
    """A signed client for one user's token; checks every v2 response against the spec."""

    def __init__(self, base_url, token=None, secret=None, consumer=None, **oauth_kwargs):
        key, consumer_secret = consumer or (seed.DEMO_CONSUMER_KEY, seed.DEMO_CONSUMER_SECRET)
        self.base_url = base_url
        self.session = OAuth1Session(key, consumer_secret, token, secret, **oauth_kwargs)

    def request(self, method, path, *, params=None, json=None, timeout=5, **kwargs):
        # X behaviour: list parameters are comma-separated, never repeated keys.
        params = {
            k: ",".join(v) if isinstance(v, list | tuple) else v for k, v in (params or {}).items()
        }
        response = self.session.request(
            method, self.base_url + path, params=params, json=json, timeout=timeout, **kwargs
        )
        assert_matches_spec(response)
        return response

    def get(self, path, **params):
        return self.request("GET", path, params=params)

    def post(self, path, json=None):
        return self.request("POST", path, json=json)

    def delete(self, path):
        return self.request("DELETE", path)


@pytest.fixture(scope="session")
def _xemulator_server():
    server = EmulatorServer(host="127.0.0.1", port=0, state=EmulatorState()).start()
    yield server
    server.stop()


@pytest.fixture
def xemu(_xemulator_server):
    """The running emulator with fresh seed data."""
    _xemulator_server.state.reset()
    yield _xemulator_server
    _xemulator_server.state.reset()


@pytest.fixture
def state(xemu):
    return xemu.state


@pytest.fixture
def enterprise(state):
    """The emulator on X's enterprise access (the default is pay-per-use self-serve)."""
    state.set_tier("enterprise")
    return state


@pytest.fixture
def client_for(xemu):
    """``client_for("hanako")``: a signed client with a new token for that user."""

    def make(username=seed.DEMO_USERNAME, **oauth_kwargs):
        user = xemu.state.user_by_username(username)
        token = xemu.state.issue_access_token(user.id)
        return XClient(xemu.base_url, token.token, token.secret, **oauth_kwargs)

    return make


@pytest.fixture
def demo(client_for):
    """A signed client for the demo user."""
    return client_for()


def script_authorize(authorize_url, *, username="demo", password="demo", button="allow"):
    """Fill in X's authorize page over HTTP; return the final answer (not following redirects)."""
    http = requests.Session()
    page = http.get(authorize_url, timeout=5)
    assert page.status_code == 200, page.text
    action = re.search(r'<form[^>]*action="([^"]*)"', page.text).group(1).replace("&amp;", "&")
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    fields.update({"username": username, "password": password, button: "1"})
    return http.post(urljoin(page.url, action), data=fields, allow_redirects=False, timeout=5)
