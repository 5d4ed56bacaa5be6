"""The emulator as its own WSGI app and server: routes, unknown paths, spec conformance."""

import jsonschema
import pytest
import requests

from apps.xemulator import schema, seed
from apps.xemulator.server import EmulatorServer
from apps.xemulator.state import EmulatorState

from .conftest import XClient, assert_matches_spec


def test_base_url_has_the_bound_port_and_no_trailing_slash(xemu):
    assert xemu.base_url == f"http://127.0.0.1:{xemu.port}" and xemu.port > 0


def test_unknown_route_is_an_x_404_problem(xemu):
    response = requests.get(xemu.base_url + "/2/nothing/here", timeout=5)
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"
    assert response.json()["type"] == "about:blank"


def test_unsigned_v2_request_is_unauthorized_and_matches_the_spec(xemu):
    response = requests.get(xemu.base_url + "/2/users/me", timeout=5)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert_matches_spec(response)


def test_any_host_name_is_accepted_for_signing(xemu, state):
    token = state.issue_access_token(seed.DEMO_USER_ID)
    client = XClient(f"http://localhost:{xemu.port}", token.token, token.secret)
    assert client.get("/2/users/me").status_code == 200


def test_schema_check_rejects_bodies_that_break_the_spec():
    with pytest.raises(jsonschema.ValidationError):
        schema.validate_response("GET", "/2/users/me", 200, {"data": {"id": "1", "name": "x"}})
    with pytest.raises(jsonschema.ValidationError):
        schema.validate_response(
            "GET", "/2/users/1/mentions", 200, {"data": [], "meta": {"result_count": 0}}
        )
    with pytest.raises(jsonschema.ValidationError):
        schema.validate_response(
            "GET",
            "/2/tweets",
            200,
            {
                "errors": [
                    {
                        "title": "Not Found Error",
                        "detail": "x",
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                ]
            },
        )
    with pytest.raises(jsonschema.ValidationError):
        schema.validate_response(
            "GET", "/2/users/me", 429, {"title": "x"}, "application/problem+json"
        )
    with pytest.raises(schema.SchemaNotFound):
        schema.validate_response("GET", "/2/no/such/path", 200, {})


def test_second_server_with_its_own_state_is_independent(xemu, state):
    other = EmulatorServer(state=EmulatorState()).start()
    try:
        assert other.port != xemu.port
        other.state.set_fault("*", status=503)
        response = requests.get(xemu.base_url + "/2/users/me", timeout=5)
        assert response.status_code == 401
    finally:
        other.stop()
