"""Byte budgets: every page fits the device, and "older" goes on without gaps or repeats."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from apps.keitai.detect import detect
from apps.keitai.pipeline import transform
from tests.keitai.phone import UAS, Phone, assert_well_formed, page_text, parse, post_ids

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


class PageRecorder:
    """Test middleware just inside the response pipeline: keeps each page it is handed."""

    pages: list[str] = []

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        PageRecorder.pages.append(response.content.decode(response.charset or "utf-8"))
        return response


@pytest.mark.parametrize("ua", [UAS["docomo-mova-5k"], UAS["docomo-foma"]])
def test_the_page_sent_is_one_pipeline_run_of_the_page_and_fits(client, emulator, settings, ua):
    pipeline = "apps.keitai.middleware.ResponsePipelineMiddleware"
    at = settings.MIDDLEWARE.index(pipeline) + 1
    settings.MIDDLEWARE = [*settings.MIDDLEWARE[:at], f"{__name__}.PageRecorder"] + list(
        settings.MIDDLEWARE[at:]
    )
    phone = Phone(client, ua)
    links, _ = parse(phone.sign_in())
    home_link = unescape(next(link for link in links if link.startswith("/home/")))
    PageRecorder.pages.clear()
    home = phone.get(home_link)
    device = detect(ua, {})
    assert home.status_code == 200 and len(PageRecorder.pages) == 1
    shown = post_ids(home)
    assert 0 < len(shown) <= 20
    if device.markup_budget < 10 * KB:
        assert len(shown) < 20, "the budget had to split this page"
    assert len(home.content) <= device.markup_budget
    # What one run of the pipeline makes of the page the view rendered, for these links.
    carried = [(k, v) for k, v in parse_qsl(urlsplit(home_link).query) if k in ("sid", "guid")]
    assert [k for k, _ in carried] == ["sid", "guid"]
    once = transform(
        PageRecorder.pages[0],
        device,
        host="testserver",
        link_params=carried,
        current_url=home_link,
        language="en",
    )
    assert home.content == once
