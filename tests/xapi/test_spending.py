"""X's cost of each call at the configured rates, kept per account, UTC day and endpoint."""

import pytest

from apps.xapi import pricing, spending
from apps.xapi.errors import SpendCapReached
from apps.xapi.models import XSpend

pytestmark = pytest.mark.django_db

ME = "1101406720619577345"
HOME = f"/2/users/{ME}/timelines/reverse_chronological"
ANSWER = {
    "data": [{"id": "101", "text": "a"}, {"id": "102", "text": "b"}],
    "includes": {"users": [{"id": "7"}], "media": [{"media_key": "3_9"}]},
}


@pytest.mark.parametrize(
    ("method", "path", "body", "micros"),
    [
        ("POST", "/2/tweets", {"text": "plain"}, 15_000),
        ("POST", "/2/tweets", {"text": "see https://example.com/a"}, 200_000),
        ("POST", f"/2/users/{ME}/likes", {"tweet_id": "1"}, 15_000),
        ("POST", f"/2/users/{ME}/retweets", {"tweet_id": "1"}, 15_000),
        ("DELETE", "/2/tweets/1234", None, 10_000),
        ("POST", "/2/dm_conversations/with/123/messages", {"text": "hi"}, 15_000),
        ("POST", "/2/media/upload", None, 5_000),
    ],
)
def test_writes_are_priced_per_request(method, path, body, micros):
    assert pricing.price(method, pricing.route_of(path), body, None).micros == micros


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (HOME, "post"),
        ("/2/tweets/search/recent", "post"),
        ("/2/tweets/1234/liking_users", "user"),
        ("/2/users/by/username/hanako", "user"),
        (f"/2/users/{ME}/followers", "follow"),
        ("/2/dm_conversations/123-456/dm_events", "dm_event"),
        ("/2/lists/1234", "list"),
        ("/2/lists/1234/tweets", "post"),
    ],
)
def test_reads_are_priced_per_resource_of_their_kind(path, kind):
    assert pricing.read_kind(pricing.route_of(path)) == kind


def test_a_read_costs_its_resources_once_a_day_and_is_written_at_the_flush(settings):
    settings.X_SPEND_FLUSH_SECONDS = 3600
    spending.flush()
    assert spending.record(ME, "GET", HOME, None, ANSWER) == 2 * 5_000 + 10_000 + 5_000
    assert spending.record(ME, "GET", HOME, None, ANSWER) == 0  # the same resources today
    assert not XSpend.objects.exists()  # the tally waits for the flush
    spending.flush()
    row = XSpend.objects.get()
    endpoint = "GET /2/users/:id/timelines/reverse_chronological"
    assert (row.x_user_id, row.endpoint, row.calls, row.resources, row.micros) == (
        ME,
        endpoint,
        2,
        4,
        25_000,
    )
    assert row.page == ""  # no page named in this thread yet
    assert spending.spent_today(ME) == (25_000, 25_000)


def test_calls_are_kept_per_page(settings):
    settings.X_SPEND_FLUSH_SECONDS = 3600
    spending.spend_for("client:home")
    spending.record(ME, "GET", HOME, None, ANSWER)
    spending.spend_for("send_outbox")
    spending.record(ME, "POST", "/2/tweets", {"text": "kept"}, None)
    spending.spend_for("")
    spending.flush()
    rows = dict(XSpend.objects.values_list("page", "micros"))
    assert rows == {"client:home": 25_000, "send_outbox": 15_000}


def test_the_caps_stop_calls_and_near_one_the_budget_says_so(settings):
    settings.X_SPEND_FLUSH_SECONDS = 0
    spending.record(ME, "POST", "/2/tweets", {"text": "see https://example.com/"}, None)
    settings.X_DAILY_CAP_PER_USER = 0.24
    assert spending.budget(ME) == "near"
    spending.check_cap(ME)  # near is not reached: the call goes ahead
    settings.X_DAILY_CAP_PER_USER = 0.0
    settings.X_DAILY_CAP_TOTAL = 0.2
    assert spending.budget(ME) == "cap"
    with pytest.raises(SpendCapReached):
        spending.check_cap(ME)
    assert spending.budget("someone-else") == "cap"  # the site's cap is everyone's
    settings.X_DAILY_CAP_TOTAL = 0.0
    assert spending.budget(ME) == ""
