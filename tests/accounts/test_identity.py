"""The user, X account and preferences come from the session, and change when they do."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.identity import IDENTITY
from apps.accounts.models import Preferences, XAccount
from apps.accounts.revocation import user_sign_out_everywhere
from apps.accounts.services import account_mark_revoked

pytestmark = pytest.mark.django_db


def _demo():
    return XAccount.objects.select_related("user").get(screen_name="demo")


def test_a_warm_signed_in_page_makes_one_query_the_sessions(signed_in):
    assert signed_in.get("/home/").status_code == 200  # the first request keeps the copy
    with CaptureQueriesContext(connection) as queries:
        page = signed_in.get("/home/")
    assert page.status_code == 200
    assert "@demo" in page.content.decode()
    assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]
    # The session's version and the user's identity stamp, by primary key.
    sql = queries.captured_queries[0]["sql"]
    assert "accounts_session" in sql and "accounts_identitystamp" in sql, sql


def test_preferences_changed_on_another_device_show_at_the_next_request(signed_in):
    assert 'lang="en"' in signed_in.get("/home/").content.decode()
    user = _demo().user
    Preferences.objects.update_or_create(user=user, defaults={"language": "ja"})
    assert 'lang="ja"' in signed_in.get("/home/").content.decode()


def test_preferences_saved_on_the_settings_page_apply_at_once(signed_in):
    form = signed_in.get("/settings/")
    assert form.status_code == 200
    saved = signed_in.post(
        "/settings/",
        {"posts_per_page": 7, "time_zone": "UTC", "language": "ja", "show_images": "on"},
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert 'lang="ja"' in signed_in.get("/home/").content.decode()
    assert signed_in.session[IDENTITY]["preferences"]["posts_per_page"] == "7"


def test_a_token_marked_revoked_is_in_the_copy_at_the_next_request(signed_in):
    signed_in.get("/home/")
    assert signed_in.session[IDENTITY]["x_account"]["token_revoked"] == "False"
    account_mark_revoked(_demo())
    signed_in.get("/settings/")
    assert signed_in.session[IDENTITY]["x_account"]["token_revoked"] == "True"


def test_signing_out_everywhere_signs_out_a_session_that_holds_a_copy(signed_in):
    assert signed_in.get("/home/").status_code == 200
    assert IDENTITY in signed_in.session
    user_sign_out_everywhere(_demo().user)
    answer = signed_in.get("/home/")
    assert (answer.status_code, answer["Location"]) == (302, "/?next=/home/")


def test_a_deleted_user_is_not_signed_in_by_the_copy(signed_in):
    assert signed_in.get("/home/").status_code == 200
    _demo().user.delete()
    answer = signed_in.get("/home/")
    assert (answer.status_code, answer["Location"]) == (302, "/?next=/home/")


def test_staff_with_a_password_are_read_from_the_database(client):
    staff = get_user_model().objects.create_user("operator", password="a long passphrase here")
    client.force_login(staff)
    client.get("/")
    assert IDENTITY not in client.session
