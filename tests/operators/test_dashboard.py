"""The staff dashboard shows figures from a seeded state, and survives a dead cache."""

import re
from datetime import timedelta

import pytest
import requests
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import XAccount
from apps.client.models import OutboxItem
from apps.xapi import ratelimit_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(django_user_model):
    user = django_user_model.objects.create_user("operator", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def _cell(html, cell_id):
    match = re.search(rf'<td id="{cell_id}">(.*?)</td>', html, re.S)
    assert match, cell_id
    return match.group(1).strip()


def test_dashboard_figures_from_a_seeded_state(staff_client, signed_in, emulator):
    user = XAccount.objects.get(screen_name="demo").user
    # Activity: the demo user read pages (counted once), X answered with rate-limit headers.
    assert signed_in.get("/home/").status_code == 200
    signed_in.get("/mentions/")
    # Two posts X could not take, the older one three hours old.
    old = OutboxItem.objects.create(user=user, text="one", next_attempt_at=timezone.now())
    OutboxItem.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=3))
    OutboxItem.objects.create(user=user, text="two", next_attempt_at=timezone.now())
    OutboxItem.objects.create(
        user=user, text="sent", next_attempt_at=timezone.now(), status=OutboxItem.Status.SENT
    )
    # X fails twice (503 on posting).
    requests.post(
        f"{emulator.base_url}/_emulator/faults",
        json={"pattern": "/2/tweets", "status": 503, "method": "POST", "times": 2},
        timeout=5,
    )
    for text in ("first try", "second try", "third try lands"):
        signed_in.post("/post/", {"text": text})

    page = staff_client.get(reverse("admin:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert _cell(html, "users-active-today") == "1"
    assert _cell(html, "users-linked") == "1"
    assert _cell(html, "users-total") == "2"
    assert _cell(html, "outbox-backlog") == "4"  # two seeded, two kept by the 503s
    oldest = _cell(html, "outbox-oldest")
    assert (timezone.localtime(timezone.now() - timedelta(hours=3))).strftime("%H:") in oldest
    assert _cell(html, "x-errors") == "2"
    assert _cell(html, "posts-web") == "1"
    assert "GET /2/users/:id/timelines/reverse_chronological" in html
    limits = re.search(r'<table id="x-rate-limits">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"<td>GET /2/users/:id/mentions</td><td>\d+</td><td>\d+</td>", limits)
    assert _cell(html, "health-cache").startswith("ok")
    assert _cell(html, "health-database").startswith("ok")
    assert "docomo" in html and "210.153.84.0/24" in html


def test_rate_limit_state_keeps_the_last_answer_per_endpoint(settings):
    ratelimit_state.record_response(
        "GET",
        "/2/users/12345/mentions",
        {
            "x-rate-limit-limit": "180",
            "x-rate-limit-remaining": "179",
            "x-rate-limit-reset": "2000000000",
        },
    )
    ratelimit_state.record_response(
        "GET",
        "/2/users/67890/mentions",
        {
            "x-rate-limit-limit": "180",
            "x-rate-limit-remaining": "7",
            "x-rate-limit-reset": "2000000000",
        },
    )
    (row,) = ratelimit_state.summary()
    assert row["endpoint"] == "GET /2/users/:id/mentions"
    assert row["remaining"] == "7" and row["limit"] == "180"
    assert row["reset_at"].year == 2033


def test_dashboard_says_when_the_cache_is_down(staff_client, dead_cache):
    page = staff_client.get(reverse("admin:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert _cell(html, "health-cache").startswith("FAILING")
    assert _cell(html, "health-database").startswith("ok")
    assert _cell(html, "users-active-today") == "cache down"


def test_dashboard_shows_x_spending_and_what_waits_for_credits(staff_client, signed_in, emulator):
    assert signed_in.get("/home/").status_code == 200
    assert signed_in.post("/post/", {"text": "a link https://example.com/"}).status_code == 302
    requests.post(f"{emulator.base_url}/_emulator/credits", json={"balance": 0}, timeout=5)
    assert signed_in.post("/post/", {"text": "waits for credits"}).status_code == 503

    html = staff_client.get(reverse("admin:dashboard")).content.decode()
    assert _cell(html, "x-credits-waiting") == "1"
    assert _cell(html, "x-credits-exhausted") != "not in the last two days"
    by_endpoint = re.search(r'<table id="x-spend-by-endpoint">(.*?)</table>', html, re.S).group(1)
    assert "<td>POST /2/tweets</td><td>0.200</td><td>1</td>" in by_endpoint
    assert "GET /2/users/:id/timelines/reverse_chronological" in by_endpoint
    by_page = re.search(r'<table id="x-spend-by-page">(.*?)</table>', html, re.S).group(1)
    assert "<td>client:post</td><td>0.200</td><td>1</td>" in by_page
    assert "<td>client:home</td>" in by_page
    by_user = re.search(r'<table id="x-spend-by-user">(.*?)</table>', html, re.S).group(1)
    assert "<td>@demo</td>" in by_user
    billed = requests.get(f"{emulator.base_url}/_emulator/credits", timeout=5).json()
    by_day = re.search(r'<table id="x-spend-by-day">(.*?)</table>', html, re.S).group(1)
    assert f"<td>{billed['spent_usd']:.3f}</td>" in by_day
