"""Byte budgets: every page fits the device, and "older" goes on without gaps or repeats."""

import re
from html import unescape

import pytest
from django.test import Client

from apps.keitai.detect import detect
from tests.keitai.phone import UAS, Phone, assert_well_formed, page_text, post_ids

pytestmark = pytest.mark.django_db

KB = 1024
PROFILES = [
    # (UA, extra headers, expected markup budget)
    (UAS["docomo-mova-5k"], {}, 5 * KB),
    (UAS["docomo-foma"], {}, 30 * KB),
    (UAS["au"], {"HTTP_X_UP_DEVCAP_MAX_PDU": "102400"}, 100 * KB),
]
PAGES = 4


def _older(page):
    html = page_text(page)
    found = re.search(r'<a href="([^"]+)" accesskey="6"', html)
    return unescape(found.group(1)) if found else None


def _reference_ids(count):
    """The home timeline as a smartphone (1 MB budget, 20 a page) sees it."""
    phone = Phone(Client(), UAS["smartphone"])
    page = phone.sign_in()
    ids = []
    while len(ids) < count:
        ids += post_ids(page)
        page = phone.get("/home/" + _older(page))
    return ids


@pytest.mark.parametrize(("ua", "headers", "budget"), PROFILES)
def test_timeline_pages_fit_the_budget_and_page_on_without_gaps(
    client, emulator, ua, headers, budget
):
    assert detect(ua, headers).markup_budget == budget
    phone = Phone(client, ua, **headers)
    page = phone.sign_in()
    seen = []
    for _ in range(PAGES):
        assert page.status_code == 200
        assert len(page.content) <= budget, (len(page.content), budget)
        assert int(page["Content-Length"]) == len(page.content)
        assert_well_formed(page)
        shown = post_ids(page)
        assert shown, "at least one post on every page"
        seen += shown
        older = _older(page)
        assert older
        page = phone.get(older if older.startswith("/") else "/home/" + older)
    reference = _reference_ids(len(seen) + 20)
    assert seen == reference[: len(seen)]
    if budget < 20 * KB:
        assert len(seen) < 20 * PAGES, "a small budget must have split the pages"


def test_a_small_budget_splits_the_page_and_a_large_one_does_not(client, emulator):
    small = Phone(client, UAS["docomo-mova-5k"]).sign_in()
    assert 0 < len(post_ids(small)) < 20
    assert "until=" in _older(small)
    large = Phone(Client(), UAS["au"], HTTP_X_UP_DEVCAP_MAX_PDU="102400").sign_in()
    assert len(post_ids(large)) == 20
    assert "page=" in _older(large)


def test_the_measured_page_is_sent_without_a_second_pipeline_run(client, emulator, monkeypatch):
    from apps.keitai import budget
    from tests.keitai.phone import parse

    phone = Phone(client, UAS["docomo-foma"])  # 30 KB budget: the page is measured
    links, _ = parse(phone.sign_in())
    home_link = unescape(next(link for link in links if link.startswith("/home/")))
    calls = {"budget": 0}

    def counting(name, real):
        def run(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(budget, "transform", counting("budget", budget.transform))
    home = phone.get(home_link)
    assert home.status_code == 200 and len(post_ids(home)) == 20
    assert calls == {"budget": 1}, "measured once, and those bytes are sent"
