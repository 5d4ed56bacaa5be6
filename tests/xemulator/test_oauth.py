"""OAuth 1.0a as X runs it: signatures, the three-legged and PIN flows, X's error bodies."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import RequestFactory
from oauthlib.oauth1 import Client
from oauthlib.oauth1.rfc5849 import signature
from requests_oauthlib import OAuth1Session
from requests_oauthlib.oauth1_session import TokenRequestDenied

from apps.xemulator import oauth, seed
from apps.xemulator.records import AccessToken
from apps.xemulator.state import EmulatorState
from apps.xemulator.wsgi import EmulatorRequest

from .conftest import XClient, assert_matches_spec, script_authorize

UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}
CALLBACK = "http://127.0.0.1:9/login/callback/"

# The worked example of X's "Creating a signature" page.
VECTOR = {
    "uri": "https://api.x.com/1.1/statuses/update.json?include_entities=true",
    "body": "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21",
    "consumer_key": "xvz1evFS4wEEPTGEFPHBog",
    "consumer_secret": "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
    "token": "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
    "token_secret": "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
    "nonce": "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
    "timestamp": "1318622958",
    "signature": "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=",
}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _vector_client():
    return Client(
        VECTOR["consumer_key"],
        VECTOR["consumer_secret"],
        VECTOR["token"],
        VECTOR["token_secret"],
        nonce=VECTOR["nonce"],
        timestamp=VECTOR["timestamp"],
    )


def _vector_header():
    _, headers, _ = _vector_client().sign(VECTOR["uri"], "POST", VECTOR["body"], FORM)
    return headers["Authorization"]


def _vector_state():
    state = EmulatorState()
    state.timestamp_lifetime = 10**10  # the example is from 2011
    state.add_consumer(VECTOR["consumer_key"], VECTOR["consumer_secret"])
    state.save_access_token(
        AccessToken(VECTOR["token"], VECTOR["token_secret"], VECTOR["consumer_key"], "370773112")
    )
    return state


def _vector_request(authorization):
    django_request = RequestFactory().post(
        "/1.1/statuses/update.json?include_entities=true",
        data=VECTOR["body"],
        content_type=FORM["Content-Type"],
        HTTP_AUTHORIZATION=authorization,
        HTTP_HOST="api.x.com",
        secure=True,
    )
    return EmulatorRequest(django_request.environ)


def test_signature_base_string_of_x_docs_example_signs_to_documented_value():
    header = _vector_header()
    params = signature.collect_parameters(
        uri_query="include_entities=true", body=VECTOR["body"], headers={"Authorization": header}
    )
    base = signature.signature_base_string(
        "POST", signature.base_string_uri(VECTOR["uri"]), signature.normalize_parameters(params)
    )
    assert base.startswith("POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&")
    assert signature.sign_hmac_sha1_with_client(base, _vector_client()) == VECTOR["signature"]
    assert 'oauth_signature="Ls93hJiZbQ3akF3HF3x1Bz8%2FzU4%3D"' in header


def test_emulator_verifies_the_documented_signature_and_rejects_a_changed_one():
    header = _vector_header()
    token = oauth.authenticate(_vector_request(header), _vector_state())
    assert token is not None and token.user_id == "370773112"
    tampered = header.replace("Ls93hJiZbQ3akF3HF3x1Bz8", "Ls93hJiZbQ3akF3HF3x1Bz9")
    assert oauth.authenticate(_vector_request(tampered), _vector_state()) is None


def _start_login(xemu, callback=CALLBACK):
    session = OAuth1Session(
        seed.DEMO_CONSUMER_KEY, seed.DEMO_CONSUMER_SECRET, callback_uri=callback
    )
    tokens = session.fetch_request_token(xemu.base_url + "/oauth/request_token")
    return session, tokens


def test_three_legged_flow_gives_an_x_style_token_that_works(xemu):
    session, tokens = _start_login(xemu)
    assert tokens["oauth_callback_confirmed"] == "true"
    answer = script_authorize(
        f"{xemu.base_url}/oauth/authorize?oauth_token={tokens['oauth_token']}"
    )
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(CALLBACK)
    query = parse_qs(urlsplit(location).query)
    assert query["oauth_token"] == [tokens["oauth_token"]]
    session.parse_authorization_response(location)
    access = session.fetch_access_token(xemu.base_url + "/oauth/access_token")
    assert access["user_id"] == seed.DEMO_USER_ID
    assert access["screen_name"] == "demo"
    assert re.fullmatch(rf"{seed.DEMO_USER_ID}-[A-Za-z0-9]{{40}}", access["oauth_token"])
    client = XClient(xemu.base_url, access["oauth_token"], access["oauth_token_secret"])
    me = client.get("/2/users/me")
    assert me.status_code == 200
    assert me.json() == {"data": {"id": seed.DEMO_USER_ID, "name": "Demo User", "username": "demo"}}


def test_authenticate_page_logs_in_another_seeded_user(xemu):
    session, tokens = _start_login(xemu)
    url = f"{xemu.base_url}/oauth/authenticate?oauth_token={tokens['oauth_token']}"
    answer = script_authorize(url, username="hanako", password="hanako")
    session.parse_authorization_response(answer.headers["Location"])
    access = session.fetch_access_token(xemu.base_url + "/oauth/access_token")
    assert access["screen_name"] == "hanako"


def test_cancel_redirects_with_denied_and_spends_the_request_token(xemu):
    session, tokens = _start_login(xemu)
    url = f"{xemu.base_url}/oauth/authorize?oauth_token={tokens['oauth_token']}"
    answer = script_authorize(url, button="deny")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{CALLBACK}?denied={tokens['oauth_token']}"
    again = requests.get(url, timeout=5)
    assert again.status_code == 400
    assert "no longer valid" in again.text


def test_pin_flow_shows_seven_digits_that_work_as_verifier(xemu):
    session, tokens = _start_login(xemu, callback="oob")
    answer = script_authorize(
        f"{xemu.base_url}/oauth/authorize?oauth_token={tokens['oauth_token']}"
    )
    assert answer.status_code == 200
    pin = re.search(r'id="pin">(\d+)<', answer.text).group(1)
    assert len(pin) == 7
    session = OAuth1Session(
        seed.DEMO_CONSUMER_KEY,
        seed.DEMO_CONSUMER_SECRET,
        tokens["oauth_token"],
        tokens["oauth_token_secret"],
        verifier=pin,
    )
    access = session.fetch_access_token(xemu.base_url + "/oauth/access_token")
    assert access["user_id"] == seed.DEMO_USER_ID


def test_wrong_password_shows_the_form_again_with_an_error(xemu):
    _, tokens = _start_login(xemu)
    url = f"{xemu.base_url}/oauth/authorize?oauth_token={tokens['oauth_token']}"
    answer = script_authorize(url, password="wrong")
    assert answer.status_code == 200
    assert 'id="error"' in answer.text and 'name="password"' in answer.text
    assert script_authorize(url).status_code == 302


def test_unknown_request_token_gets_an_error_page(xemu):
    page = requests.get(f"{xemu.base_url}/oauth/authorize?oauth_token=nosuchtoken", timeout=5)
    assert page.status_code == 400
    assert "no longer valid" in page.text


@pytest.mark.parametrize(
    "consumer",
    [("unknown-consumer-key-000000", seed.DEMO_CONSUMER_SECRET), (seed.DEMO_CONSUMER_KEY, "wrong")],
    ids=["wrong consumer key", "bad signature"],
)
def test_request_token_failures_get_code_32(xemu, consumer):
    session = OAuth1Session(*consumer, callback_uri=CALLBACK)
    response = session.post(xemu.base_url + "/oauth/request_token", timeout=5)
    assert response.status_code == 401
    assert response.json() == {"errors": [{"code": 32, "message": "Could not authenticate you."}]}


def _approved(xemu):
    session, tokens = _start_login(xemu)
    answer = script_authorize(
        f"{xemu.base_url}/oauth/authorize?oauth_token={tokens['oauth_token']}"
    )
    verifier = parse_qs(urlsplit(answer.headers["Location"]).query)["oauth_verifier"][0]
    return tokens, verifier


def _exchange(xemu, tokens, verifier):
    session = OAuth1Session(
        seed.DEMO_CONSUMER_KEY,
        seed.DEMO_CONSUMER_SECRET,
        tokens["oauth_token"],
        tokens["oauth_token_secret"],
        verifier=verifier,
    )
    return session.post(xemu.base_url + "/oauth/access_token", timeout=5)


def test_bad_verifier_gets_x_plain_text(xemu):
    tokens, verifier = _approved(xemu)
    response = _exchange(xemu, tokens, "not" + verifier)
    assert response.status_code == 401
    assert response.text == "Error processing your OAuth request: Invalid oauth_verifier parameter"


def test_reused_request_token_is_invalid(xemu):
    tokens, verifier = _approved(xemu)
    assert _exchange(xemu, tokens, verifier).status_code == 200
    again = _exchange(xemu, tokens, verifier)
    assert again.status_code == 401
    assert again.text == "Invalid request token."


def test_fetch_access_token_raises_for_requests_oauthlib_users(xemu):
    tokens, _ = _approved(xemu)
    session = OAuth1Session(
        seed.DEMO_CONSUMER_KEY,
        seed.DEMO_CONSUMER_SECRET,
        tokens["oauth_token"],
        tokens["oauth_token_secret"],
        verifier="1234567",
    )
    with pytest.raises(TokenRequestDenied):
        session.fetch_access_token(xemu.base_url + "/oauth/access_token")


def test_v2_with_bad_token_secret_is_unauthorized(xemu, state):
    token = state.issue_access_token(seed.DEMO_USER_ID)
    response = XClient(xemu.base_url, token.token, "wrong-secret").get("/2/users/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert "x-rate-limit-limit" not in response.headers


def test_v2_with_unknown_token_or_consumer_is_unauthorized(xemu, state):
    token = state.issue_access_token(seed.DEMO_USER_ID)
    unknown = XClient(xemu.base_url, f"{seed.DEMO_USER_ID}-{'a' * 40}", token.secret)
    assert unknown.get("/2/users/me").json() == UNAUTHORIZED
    other_app = XClient(
        xemu.base_url, token.token, token.secret, consumer=("another-app-key-0000000", "x" * 20)
    )
    assert other_app.get("/2/users/me").status_code == 401


def test_replayed_nonce_is_unauthorized(demo):
    prepared = demo.session.prepare_request(requests.Request("GET", demo.base_url + "/2/users/me"))
    first = demo.session.send(prepared, timeout=5)
    replay = demo.session.send(prepared, timeout=5)
    assert first.status_code == 200
    assert replay.status_code == 401
    assert replay.json() == UNAUTHORIZED
    assert_matches_spec(replay)


def test_stale_timestamp_is_unauthorized(client_for):
    stale = client_for(timestamp=str(int(time.time()) - 3600))
    response = stale.get("/2/users/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


@pytest.mark.parametrize(
    "path", ["/1.1/oauth/invalidate_token", "/1.1/oauth/invalidate_token.json"]
)
def test_invalidated_token_is_refused_afterwards(xemu, state, path):
    token = state.issue_access_token(seed.DEMO_USER_ID)
    client = XClient(xemu.base_url, token.token, token.secret)
    assert client.get("/2/users/me").status_code == 200
    revoked = client.session.post(xemu.base_url + path, timeout=5)
    assert revoked.status_code == 200
    assert revoked.json() == {"access_token": token.token}
    after = client.get("/2/users/me")
    assert after.status_code == 401
    assert after.json() == UNAUTHORIZED
    again = client.session.post(xemu.base_url + path, timeout=5)
    assert again.json() == {"errors": [{"code": 89, "message": "Invalid or expired token."}]}
