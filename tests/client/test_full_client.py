"""Every page of the full client, over real HTTP to the X emulator."""

import re

import pytest
import requests

from apps.xapi import services

pytestmark = pytest.mark.django_db


def _posts_by(emulator, username):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author={username}", timeout=5)
    return answer.json()["data"]


def _text(page):
    return page.content.decode()


def test_profile_shows_bio_counts_and_posts(signed_in, x_enterprise):
    page = signed_in.get("/u/hanako/")
    body = _text(page)
    assert page.status_code == 200
    assert "@hanako" in body and 'class="counts"' in body
    assert body.count('<div class="post"') >= 5
    # demo follows hanako: only Unfollow applies.
    assert 'action="/u/hanako/unfollow/"' in body and 'action="/u/hanako/follow/"' not in body


def test_unknown_user_and_malformed_names_are_404(signed_in):
    assert signed_in.get("/u/nobody_here_x/").status_code == 404
    assert signed_in.get("/u/bad-name!/").status_code == 404
    assert signed_in.get("/p/notanumber/").status_code == 404


def test_post_page_shows_the_post_and_its_conversation(signed_in, emulator, x_enterprise):
    reply = next(p for p in _posts_by(emulator, "hanako") if p["referenced_tweets"])
    parent_id = reply["referenced_tweets"][0]["id"]
    page = signed_in.get(f"/p/{parent_id}/")
    body = _text(page)
    assert page.status_code == 200
    assert "道玄坂のお店だよ" in body, "the reply shows under the post"
    assert f'action="/p/{parent_id}/like/"' in body


def test_long_post_is_shown_in_full_on_its_page(signed_in, emulator):
    long_post = max(_posts_by(emulator, "hanako"), key=lambda p: len(p["text"]))
    page = _text(signed_in.get(f"/p/{long_post['id']}/"))
    tail = long_post["text"].split("https://")[0].strip()[-20:]
    assert tail in page


def test_reply_from_the_post_page(signed_in, emulator):
    target = _posts_by(emulator, "hanako")[0]
    done = signed_in.post("/post/", {"text": "@hanako 返信です", "in_reply_to": target["id"]})
    assert done.status_code == 302 and done["Location"] == f"/p/{target['id']}/"
    mine = _posts_by(emulator, "demo")
    assert any(
        p["text"] == "@hanako 返信です"
        and {"type": "replied_to", "id": target["id"]} in p["referenced_tweets"]
        for p in mine
    )


def test_quote(signed_in, emulator, x_enterprise):
    target = _posts_by(emulator, "alice")[0]
    form = signed_in.get(f"/p/{target['id']}/quote/")
    assert form.status_code == 200 and 'name="quote_of"' in _text(form)
    done = signed_in.post("/post/", {"text": "これは引用", "quote_of": target["id"]})
    assert done.status_code == 302
    quoted = [p for p in _posts_by(emulator, "demo") if p["text"].startswith("これは引用")]
    assert quoted and {"type": "quoted", "id": target["id"]} in quoted[0]["referenced_tweets"]


def test_like_unlike_repost_and_undo(signed_in, emulator, x_enterprise):
    target = _posts_by(emulator, "alice")[1]["id"]
    for action, word in (
        ("like", "Liked"),
        ("unlike", "Like removed"),
        ("repost", "Reposted"),
        ("unrepost", "Repost undone"),
    ):
        page = signed_in.post(f"/p/{target}/{action}/", follow=True)
        assert page.status_code == 200
        assert word in _text(page), action
    assert signed_in.get(f"/p/{target}/like/").status_code == 405


def test_self_serve_tier_refusal_is_explained_and_nothing_is_lost(signed_in, emulator):
    emulator.state.set_tier("self-serve")
    target = _posts_by(emulator, "alice")[1]["id"]
    page = signed_in.post(f"/p/{target}/like/", follow=True)
    assert page.status_code == 200
    assert "does not allow this" in _text(page)
    quote = signed_in.post("/post/", {"text": "引用したい文章", "quote_of": target})
    assert quote.status_code == 400
    assert "引用したい文章" in _text(quote)


def test_reply_not_summoned_is_explained_and_the_text_kept(signed_in, emulator):
    emulator.state.set_tier("self-serve")
    target = next(p for p in _posts_by(emulator, "technews") if "@demo" not in p["text"])
    page = signed_in.post("/post/", {"text": "勝手に返信", "in_reply_to": target["id"]})
    body = _text(page)
    assert page.status_code == 400
    assert "勝手に返信" in body and "mentioned" in body


def test_delete_own_post_asks_first(signed_in, emulator):
    signed_in.post("/post/", {"text": "消す予定の投稿"})
    mine = next(p for p in _posts_by(emulator, "demo") if p["text"] == "消す予定の投稿")
    confirm = signed_in.get(f"/p/{mine['id']}/delete/")
    assert confirm.status_code == 200 and "消す予定の投稿" in _text(confirm)
    done = signed_in.post(f"/p/{mine['id']}/delete/")
    assert done.status_code == 302
    assert not [p for p in _posts_by(emulator, "demo") if p["text"] == "消す予定の投稿"]


def test_deleting_someone_elses_post_is_refused(signed_in, emulator):
    target = _posts_by(emulator, "alice")[0]["id"]
    page = signed_in.post(f"/p/{target}/delete/", follow=True)
    assert page.status_code == 200
    assert "X refused" in _text(page)
    assert any(p["id"] == target for p in _posts_by(emulator, "alice"))


def test_search_with_paging(signed_in):
    first = signed_in.get("/search/", {"q": "@demo"})
    body = _text(first)
    assert first.status_code == 200
    assert body.count('<div class="post"') == 20
    older = re.search(r'href="\?q=%40demo&amp;page=([A-Za-z0-9]+)"', body)
    assert older, "a second page is offered, keeping the query"
    second = _text(signed_in.get("/search/", {"q": "@demo", "page": older.group(1)}))
    first_ids = set(re.findall(r'href="/p/(\d+)/"', body))
    second_ids = set(re.findall(r'href="/p/(\d+)/"', second))
    assert second_ids and not first_ids & second_ids


def test_search_x_refuses_says_why(signed_in):
    page = _text(signed_in.get("/search/", {"q": "the"}))
    assert "non-stopword" in page


def test_search_for_a_hashtag_finds_japanese_posts(signed_in):
    page = _text(signed_in.get("/search/", {"q": "#ラーメン"}))
    assert "ラーメン" in page and '<div class="post"' in page


def test_search_with_nothing_found_and_empty_query(signed_in):
    page = signed_in.get("/search/", {"q": "zzzqqqxxxnotfound"})
    assert page.status_code == 200 and 'class="empty"' in _text(page)
    assert signed_in.get("/search/").status_code == 200


def test_follow_unfollow_and_lists_of_people(signed_in, emulator, x_enterprise):
    page = signed_in.post("/u/stranger/follow/", follow=True)
    assert page.status_code == 200
    following = _text(signed_in.get("/u/demo/following/"))
    assert "@stranger" in following
    signed_in.post("/u/stranger/unfollow/", follow=True)
    assert "@stranger" not in _text(signed_in.get("/u/demo/following/"))
    followers = signed_in.get("/u/demo/followers/")
    assert followers.status_code == 200 and 'class="person"' in _text(followers)


def test_direct_messages_list_conversation_and_send(signed_in, emulator):
    listing = signed_in.get("/dm/")
    body = _text(listing)
    assert listing.status_code == 200
    link = re.search(r'href="/dm/([A-Za-z0-9_]+)/"', body)
    assert link, "seeded conversations are listed"
    conversation = signed_in.get(f"/dm/{link.group(1)}/")
    assert conversation.status_code == 200 and 'class="dm' in _text(conversation)
    sent = signed_in.post(f"/dm/{link.group(1)}/", {"text": "メッセージです🙂"}, follow=True)
    assert sent.status_code == 200 and "メッセージです🙂" in _text(sent)


def test_dm_during_an_outage_goes_to_the_outbox(signed_in, emulator):
    emulator.state.set_fault("/2/dm_conversations/*", status=503, method="POST")
    page = signed_in.post("/dm/hanako/", {"text": "あとで届いてね"}, follow=True)
    assert page.status_code == 200
    assert "あとで届いてね" in _text(page)
    emulator.state.clear_faults()
    from apps.client.models import OutboxItem
    from apps.client.outbox import outbox_send

    item = OutboxItem.objects.get(kind="dm")
    assert outbox_send(item)


def test_lists_and_a_lists_timeline(signed_in):
    page = _text(signed_in.get("/lists/"))
    link = re.search(r'href="/lists/(\d+)/"', page)
    assert link
    timeline = signed_in.get(f"/lists/{link.group(1)}/")
    assert timeline.status_code == 200 and '<div class="post"' in _text(timeline)


def test_settings_change_page_size_language_and_time_zone(signed_in):
    page = signed_in.get("/settings/")
    assert page.status_code == 200 and 'name="time_zone"' in _text(page)
    saved = signed_in.post(
        "/settings/",
        {"posts_per_page": 5, "show_images": "on", "time_zone": "UTC", "language": "ja"},
    )
    assert saved.status_code == 302
    profile = _text(signed_in.get("/u/hanako/"))
    assert profile.count('<div class="post"') == 5
    assert 'lang="ja"' in profile
    for timeline in ("/home/", "/mentions/"):
        assert _text(signed_in.get(timeline)).count('<div class="post"') == 5, timeline
    bad = signed_in.post("/settings/", {"posts_per_page": 500, "time_zone": "Mars/Base"})
    assert bad.status_code == 400 and 'class="error"' in _text(bad)


def test_exit_page_names_the_destination_and_refuses_forgeries(signed_in):
    from apps.client.rendering import exit_url

    page = signed_in.get(exit_url("https://example.com/a"))
    body = _text(page)
    assert page.status_code == 200 and "example.com" in body
    assert 'href="https://example.com/a"' in body and 'rel="noreferrer' in body
    assert page["Referrer-Policy"] == "no-referrer"
    forged = signed_in.get("/exit/", {"to": "https://evil.example/:forged"})
    assert forged.status_code == 400


def test_media_thumbnails_come_through_the_image_proxy(signed_in, emulator, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    photo = next(p for p in _posts_by(emulator, "carol") if p["media_keys"])
    page = _text(signed_in.get(f"/p/{photo['id']}/"))
    thumb = re.search(r'<img src="(/img/[^"]+)"', page)
    assert thumb, "the photo is shown as a proxied thumbnail"
    image = signed_in.get(thumb.group(1).replace("&amp;", "&"))
    assert image.status_code == 200
    assert image["Content-Type"] in ("image/jpeg", "image/png", "image/gif")
    assert 0 < len(image.content) < 30_000


def test_images_off_shows_text_instead(signed_in, emulator):
    signed_in.post("/settings/", {"posts_per_page": 20, "time_zone": "UTC", "language": ""})
    photo = next(p for p in _posts_by(emulator, "carol") if p["media_keys"])
    page = _text(signed_in.get(f"/p/{photo['id']}/"))
    assert "<img" not in page and "[photo]" in page


def test_avatars_on_shows_proxied_profile_images(signed_in, emulator, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    assert "/48/" not in _text(signed_in.get("/u/hanako/")), "avatars are off by default"
    signed_in.post(
        "/settings/",
        {"posts_per_page": 20, "show_avatars": "on", "time_zone": "UTC", "language": ""},
    )
    page = _text(signed_in.get("/u/hanako/"))
    avatars = re.findall(r'<img src="(/img/[^"]+/48/[^"]+)"', page)
    assert avatars
    image = signed_in.get(avatars[0].replace("&amp;", "&"))
    assert image.status_code == 200 and image["Content-Type"].startswith("image/")


def test_paging_home_to_the_last_page_shows_every_post_once(signed_in, emulator):
    from apps.xemulator.seed import DEMO_USER_ID

    seen = []
    url = "/home/"
    for _ in range(20):
        body = _text(signed_in.get(url))
        # A repost links to the original, so count the post boxes, not distinct links.
        seen += re.findall(r'<div class="post"[^>]*>.*?href="/p/(\d+)/"', body, re.S)
        older = re.search(r'href="(\?[^"]*)"[^>]*accesskey="6"', body)
        if older is None:
            break
        url = "/home/" + older.group(1).replace("&amp;", "&")
    else:
        pytest.fail("the timeline never ended")
    assert len(seen) == len(emulator.state.home_posts(DEMO_USER_ID)) > 100


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("/p/{post}/", "/2/tweets/*"),
        ("/u/hanako/", "/2/users/*"),
        ("/u/hanako/followers/", "/2/users/*"),
        ("/search/?q=%23django", "/2/tweets/search/recent"),
        ("/dm/", "/2/dm_events"),
        ("/dm/hanako/", "/2/*"),
        ("/lists/", "/2/users/*/owned_lists"),
        ("/mentions/", "/2/users/*/mentions"),
    ],
)
@pytest.mark.parametrize("fault", [{"status": 503}, {"status": 500}, {"hang": True}])
def test_every_page_survives_x_failing(signed_in, emulator, settings, path, pattern, fault):
    settings.X_READ_TIMEOUT = 0.5
    post = _posts_by(emulator, "hanako")[0]["id"]
    emulator.state.set_fault(pattern, **fault)
    page = signed_in.get(path.format(post=post))
    body = _text(page)
    assert page.status_code in (200, 503), page.status_code
    assert "Traceback" not in body and "Server Error" not in body
    if page.status_code == 503:
        said = "X took too long to answer." if "hang" in fault else "X is having trouble right now."
        assert said in body


def test_rate_limited_search_serves_the_cached_copy_with_a_notice(signed_in, emulator, monkeypatch):
    fresh = signed_in.get("/search/", {"q": "#django"})
    assert fresh.status_code == 200 and 'class="notice"' not in _text(fresh)
    # The copy is no longer fresh, so X is asked again, and X says 429.
    monkeypatch.setitem(services.READ_TTL, "search", 0)
    emulator.state.set_fault("/2/tweets/search/recent", status=429)
    stale = signed_in.get("/search/", {"q": "#django"})
    assert stale.status_code == 200
    assert 'class="notice"' in _text(stale)
    assert _text(stale).count('<div class="post"') == _text(fresh).count('<div class="post"')
