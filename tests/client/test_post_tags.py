"""The post helpers of the client's templates (apps/client/templatetags/posts.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.formats import date_format

from apps.client.templatetags.posts import ago

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "django_format"),
    [
        (NOW - timedelta(days=2, hours=5), "n/j H:i"),  # this year: month/day and time
        (datetime(2026, 1, 5, 20, 7, tzinfo=UTC), "n/j H:i"),  # one-digit month and day
        (datetime(2024, 12, 31, 23, 59, tzinfo=UTC), "Y/n/j"),  # another year: the date
    ],
)
@pytest.mark.parametrize("zone", ["Asia/Tokyo", "UTC"])
def test_ago_writes_what_django_date_format_writes_in_the_users_zone(moment, django_format, zone):
    with timezone.override(zone):
        expected = date_format(timezone.localtime(moment), django_format)
        assert ago(moment, NOW) == expected


def test_ago_is_relative_within_a_day():
    assert ago(NOW - timedelta(seconds=30), NOW) == "now"
    assert ago(NOW - timedelta(minutes=5, seconds=59), NOW) == "5m"
    assert ago(NOW - timedelta(hours=23, minutes=59), NOW) == "23h"


def test_a_jinja_partial_in_a_django_page_gets_the_page_context_and_its_own_values():
    page = Template(
        '{% load posts %}{% jinja_include "client/_media.jinja" post=shown %}|{{ image_format }}'
    )
    shown = {"media": [{"type": "video", "url": "", "preview_image_url": ""}]}
    html = page.render(Context({"shown": shown, "image_format": "jpeg", "thumb_width": 120}))
    # No image address: the kind of media in words, escaped by Jinja2, page context kept.
    assert html == '<div class="media">[video]</div>\n|jpeg'
