"""What a screen reader and a small screen need from every page, checked in the markup.

The axe-core run in Chromium (tests/a11y/test_axe.py) covers the rendered pages; these
name each finding of the audit on its own, over the Django test client and the emulator.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from tests.keitai.phone import Phone, page_text

pytestmark = pytest.mark.django_db

XHTML = "{http://www.w3.org/1999/xhtml}"
DOCOMO = "DoCoMo/2.0 P903i(c100;TB;W24H12)"
KAIOS = "Mozilla/5.0 (Mobile; LYF/F300B; Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5"


def _tree(response, status: int = 200) -> ET.Element:
    assert response.status_code == status, response.status_code
    return ET.fromstring(response.content)


def _all(tree, tag):
    return list(tree.iter(XHTML + tag))


def _text(element) -> str:
    return "".join(element.itertext()).strip()


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_header_link_contrast_is_at_least_4_5_to_1():
    css = settings.INLINE_STYLESHEET.read_text()
    background = re.search(r"\.header \{ background-color: #([0-9a-f]{6});", css).group(1)
    link = re.search(r"\.header a \{ color: #([0-9a-f]{3,6});", css).group(1)
    link = "".join(c * 2 for c in link) if len(link) == 3 else link
    lighter, darker = sorted((_luminance(background), _luminance(link)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5


def _unlabelled_fields(tree) -> list[str]:
    labelled = {label.get("for") for label in _all(tree, "label")}
    fields = [
        field
        for field in _all(tree, "input") + _all(tree, "textarea") + _all(tree, "select")
        if field.get("type") not in ("hidden", "submit")
    ]
    return [ET.tostring(f, encoding="unicode")[:80] for f in fields if f.get("id") not in labelled]


def _first_post_id(signed_in) -> str:
    home = signed_in.get("/home/").content.decode()
    return re.search(r'href="/p/(\d+)/"', home).group(1)


def test_every_text_field_is_labelled(signed_in):
    post_id = _first_post_id(signed_in)
    paths = ["/home/", "/post/", "/search/", "/search/?q=ramen", "/dm/hanako/", "/settings/"]
    paths += [f"/p/{post_id}/", f"/p/{post_id}/quote/"]
    for path in paths:
        assert _unlabelled_fields(_tree(signed_in.get(path))) == [], path


def test_pin_and_phone_code_fields_are_labelled(client, emulator):
    for path in ("/login/pin/", "/h/"):
        assert _unlabelled_fields(_tree(client.get(path, HTTP_USER_AGENT=KAIOS))) == [], path


def test_a_refused_post_points_aria_describedby_at_its_error(signed_in):
    tree = _tree(signed_in.post("/post/", {"text": "   "}), 400)
    field = next(f for f in _all(tree, "textarea") if f.get("name") == "text")
    assert field.get("aria-invalid") == "true"
    ids = {element.get("id") for element in tree.iter()}
    described = field.get("aria-describedby").split()
    assert described and all(i in ids for i in described), described
    error = next(e for e in tree.iter() if e.get("id") == described[0])
    assert "Write something first." in _text(error)


def _headings(tree):
    return [e for e in tree.iter() if e.tag in (XHTML + "h1", XHTML + "h2", XHTML + "h3")]


def test_one_h1_comes_first_before_any_form(signed_in):
    post_id = _first_post_id(signed_in)
    for path in ("/home/", f"/p/{post_id}/", "/search/", "/dm/", "/keys/"):
        tree = _tree(signed_in.get(path))
        headings = _headings(tree)
        assert [h.tag for h in headings].count(XHTML + "h1") == 1, path
        assert headings[0].tag == XHTML + "h1", path
        order = list(tree.iter())
        forms = [order.index(f) for f in _all(tree, "form")]
        assert order.index(headings[0]) < min(forms), path


def test_post_page_is_headed_and_titled_by_its_author_and_words(signed_in):
    post_id = _first_post_id(signed_in)
    tree = _tree(signed_in.get(f"/p/{post_id}/"))
    h1 = _text(_all(tree, "h1")[0])
    title = _text(_all(tree, "title")[0])
    assert h1.startswith("Post by ")
    author = h1.removeprefix("Post by ")
    assert title.startswith(f"{author}: ") and title != "Post - yubitter"


def test_headings_are_not_smaller_than_body_text():
    css = settings.INLINE_STYLESHEET.read_text()
    sizes = dict(re.findall(r"^(h[12]) \{ font-size: ([a-z-]+);", css, re.MULTILINE))
    assert sizes["h1"] in ("medium", "large", "x-large") and sizes["h2"] in ("medium", "large")


def test_skip_link_is_first_and_lands_on_the_navigation_landmark(signed_in):
    tree = _tree(signed_in.get("/home/"))
    first = _all(tree, "a")[0]
    assert first.get("href") == "#nav" and first.get("accesskey") == "#"
    nav = _all(tree, "nav")
    assert len(nav) == 1 and nav[0].get("id") == "nav"
    assert len(_all(tree, "main")) == 1 and len(_all(tree, "header")) == 1


def test_carrier_markup_gets_no_landmark_elements_but_the_skip_target(client, emulator):
    body = page_text(Phone(client, DOCOMO).sign_in())
    assert "<body" in body
    assert "<nav" not in body and "<main" not in body and "<header" not in body
    assert 'href="#nav"' in body and 'id="nav"' in body


@pytest.mark.parametrize("path", ["/home/", "/post/", "/search/", "/dm/", "/lists/", "/keys/"])
def test_every_access_key_has_a_visible_hint(signed_in, path):
    tree = _tree(signed_in.get(path))
    keyed = [e for e in tree.iter() if e.get("accesskey")]
    assert keyed
    for element in keyed:
        shown = _text(element) or element.get("value", "")
        assert f"[{element.get('accesskey')}]" in shown, ET.tostring(element, encoding="unicode")


def test_search_messages_and_lists_have_keys_and_the_keys_page_explains_each(signed_in):
    tree = _tree(signed_in.get("/home/"))
    keys = {a.get("href"): a.get("accesskey") for a in _all(tree, "a") if a.get("accesskey")}
    assert keys["/search/"] and keys["/dm/"]
    page = _tree(signed_in.get("/keys/"))
    explained = {_text(dt) for dt in _all(page, "dt")}
    assert set(keys.values()) <= explained


def _seeded(emulator, starts: str):
    return next(p for p in emulator.state.posts.values() if (p.text or "").startswith(starts))


def _post_item(tree, post_id: str):
    """The <article> of the timeline post whose own link is /p/<post_id>/."""
    return next(
        article
        for article in _all(tree, "article")
        if any(a.get("href") == f"/p/{post_id}/" for a in _all(article, "a"))
    )


def test_a_timeline_is_a_list_of_articles_headed_by_a_link_to_the_author(signed_in):
    tree = _tree(signed_in.get("/home/"))
    lists = [ul for ul in _all(tree, "ul") if ul.get("class") == "posts"]
    assert len(lists) == 1
    items = [li for li in lists[0] if li.tag == XHTML + "li"]
    assert len(items) == 20
    for li in items:
        (article,) = _all(li, "article")
        heading = _all(article, "h2")[0]
        (author,) = _all(heading, "a")
        assert re.fullmatch(r"/u/\w+/", author.get("href")) and _text(author)


def test_each_post_link_is_named_by_author_and_time(signed_in, emulator):
    post = _seeded(emulator, "夕焼けがきれい")
    article = _post_item(_tree(signed_in.get("/home/")), post.id)
    link = next(a for a in _all(article, "a") if a.get("href") == f"/p/{post.id}/")
    assert link.get("aria-label") == f"Post by 花子, {_text(link)}"
    japanese = _tree(signed_in.get("/home/", headers={"Accept-Language": "ja"}))
    link = next(a for a in _all(japanese, "a") if a.get("href") == f"/p/{post.id}/")
    assert link.get("aria-label") == f"花子さんの投稿、{_text(link)}"


def test_japanese_words_on_an_english_page_carry_lang_from_x(signed_in, emulator):
    japanese = _seeded(emulator, "夕焼けがきれい")
    english = _seeded(emulator, "Watch: how feature phones")
    tree = _tree(signed_in.get("/home/"))
    texts = [d for d in _all(_post_item(tree, japanese.id), "div") if "夕焼け" in _text(d)]
    assert texts[-1].get("lang") == "ja"
    assert all(d.get("lang") is None for d in _all(_post_item(tree, english.id), "div"))
    detail = _tree(signed_in.get(f"/p/{japanese.id}/"))
    assert [d.get("lang") for d in _all(detail, "div") if d.get("class") == "text"] == ["ja"]


def test_alt_text_is_said_once_and_a_video_without_it_is_named_in_the_language(signed_in, emulator):
    photo = _seeded(emulator, "夕焼けがきれい")
    video = _seeded(emulator, "Watch: how feature phones")
    alt = "オレンジ色の夕焼けと東京タワー"
    tree = _tree(signed_in.get("/home/"))
    item = _post_item(tree, photo.id)
    assert [img.get("alt") for img in _all(item, "img")] == [alt]
    assert alt not in _text(item)
    item = _post_item(tree, video.id)
    # Named once, by the visible [video] inside the image's link; the image adds nothing.
    assert [img.get("alt") for img in _all(item, "img")] == [""]
    (link,) = [a for a in _all(item, "a") if _all(a, "img")]
    assert _text(link) == "[video]" and _text(item).count("video") == 1
    japanese = _text(
        _post_item(_tree(signed_in.get("/home/", headers={"Accept-Language": "ja"})), video.id)
    )
    assert "動画" in japanese and "video" not in japanese
    assert "animated_gif" not in signed_in.get("/home/").content.decode()


def test_carrier_phones_keep_the_lean_post(client, emulator):
    body = page_text(Phone(client, DOCOMO).sign_in())
    assert body.count('<div class="post"') >= 5
    assert "<article" not in body and "aria-label" not in body and "<ul" not in body


def test_the_japanese_outbox_never_shows_x_english_error(signed_in, django_user_model):
    from apps.client.models import OutboxItem

    user = django_user_model.objects.get(x_account__screen_name="demo")
    for text, error in (
        ("待ってる投稿", "Service Unavailable"),
        ("ログイン待ち", "Sign in with X again to send this."),
    ):
        OutboxItem.objects.create(
            user=user, text=text, last_error=error, next_attempt_at="2030-01-01T00:00:00Z"
        )
    japanese = signed_in.get("/outbox/", headers={"Accept-Language": "ja"}).content.decode()
    assert "待ってる投稿" in japanese and "Service Unavailable" not in japanese
    assert "送信するにはもう一度Xでログインしてください。" in japanese
    assert "Sign in with X again" not in japanese
    english = signed_in.get("/outbox/", headers={"Accept-Language": "en"}).content.decode()
    assert "Service Unavailable" in english


def test_a_conversation_is_not_styled_as_a_notice(signed_in):
    body = signed_in.get("/dm/hanako/").content.decode()
    assert 'class="dm ' in body and 'class="message' not in body


def _profile_actions(page) -> set[str]:
    return set(re.findall(r'action="/u/\w+/(follow|unfollow)/"', page.content.decode()))


def test_a_profile_offers_only_the_follow_action_that_applies(signed_in, x_enterprise):
    assert _profile_actions(signed_in.get("/u/stranger/")) == {"follow"}
    assert signed_in.post("/u/stranger/follow/").status_code == 302
    assert _profile_actions(signed_in.get("/u/stranger/")) == {"unfollow"}
    assert signed_in.post("/u/stranger/unfollow/").status_code == 302
    assert _profile_actions(signed_in.get("/u/stranger/")) == {"follow"}


def test_a_link_in_a_message_is_a_link_not_t_co_text(signed_in, emulator):
    sent = signed_in.post("/dm/hanako/", {"text": "Look: https://example.com/ramen-guide"})
    assert sent.status_code == 302
    body = signed_in.get("/dm/hanako/").content.decode()
    assert "https://t.co/" not in body
    tree = ET.fromstring(body)
    links = [a for a in _all(tree, "a") if a.get("href", "").startswith("/exit/?to=")]
    assert "example.com/ramen-guide" in [_text(a) for a in links]


JA = {"Accept-Language": "ja"}
EN = {"Accept-Language": "en"}


def _conversation_item(tree, words: str):
    return next(
        div
        for div in tree.iter(XHTML + "div")
        if div.get("class") == "conversation" and words in _text(div)
    )


def _group(emulator, me: str, group: str, *senders: str) -> None:
    """A group conversation (X's id: a number, no "-") with a message from each sender."""
    emulator.state.dm_conversations[group] = [me, *senders]
    for sender in senders:
        emulator.state.send_dm(sender, group, f"Noodles tonight? ({sender})")
    emulator.state.send_dm(me, group, "Who brings the noodles?")


def test_a_conversation_with_nobody_known_is_named_a_group_conversation(signed_in, emulator):
    me = _my_x_id(signed_in)
    group = "1580000000000000001"
    emulator.state.dm_conversations[group] = [me, "1580000000000000011", "1580000000000000012"]
    emulator.state.send_dm(me, group, "Who brings the noodles?")
    for headers, name in ((EN, "Group conversation"), (JA, "グループ会話")):
        item = _conversation_item(_tree(signed_in.get("/dm/", headers=headers)), "noodles")
        named = [a for a in _all(item, "a") if a.get("class") == "name"]
        assert [(_text(a), a.get("href")) for a in named] == [(name, f"/dm/group/{group}/")]
        assert "?" not in [_text(e) for e in item.iter()]


def test_a_group_conversation_is_named_by_its_people_and_opens_its_own_page(signed_in, emulator):
    me = _my_x_id(signed_in)
    people = [emulator.state.user_by_username(n) for n in ("hanako", "stranger")]
    others = [u for u in emulator.state.users.values() if u.id != me and u not in people]
    people.append(others[0])
    group = "1580000000000000002"
    _group(emulator, me, group, *(p.id for p in people))
    tree = _tree(signed_in.get("/dm/", headers=EN))
    link = next(
        a for a in _all(_conversation_item(tree, "Who brings"), "a") if a.get("class") == "name"
    )
    assert link.get("href") == f"/dm/group/{group}/"
    named = re.fullmatch(r"Group with (.+), (.+) and 1 other", _text(link))
    assert named, _text(link)
    assert set(named.groups()) < {p.name for p in people}
    japanese = _tree(signed_in.get("/dm/", headers=JA))
    link_ja = next(
        a for a in _all(_conversation_item(japanese, "Who brings"), "a") if a.get("class") == "name"
    )
    assert _text(link_ja) == f"{named[1]}, {named[2]}ほか1人とのグループ会話"
    page = _tree(signed_in.get(f"/dm/group/{group}/", headers=EN))
    assert _text(_all(page, "h1")[0]) == f"Messages: {_text(link)}"
    senders = [_text(s) for s in _all(page, "strong")]
    assert senders[0] == "you"
    assert sorted(senders[1:]) == sorted(f"@{p.username}" for p in people)
    said = [_text(d) for d in page.iter(XHTML + "div") if d.get("class") == "text"]
    assert said[0] == "Who brings the noodles?"
    assert f"Noodles tonight? ({people[0].id})" in said


def test_a_group_page_of_a_conversation_one_is_not_in_is_refused(signed_in, emulator):
    group = "1580000000000000003"
    emulator.state.dm_conversations[group] = ["1580000000000000011", "1580000000000000012"]
    assert signed_in.get(f"/dm/group/{group}/").status_code == 403
    assert signed_in.get("/dm/group/12345/").status_code == 404


def _my_x_id(signed_in) -> str:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=signed_in.session["_auth_user_id"])
    return user.x_account.x_user_id


def test_the_keys_page_in_japanese_explains_every_key_in_japanese(signed_in):
    english = _tree(signed_in.get("/keys/", headers=EN))
    japanese = _tree(signed_in.get("/keys/", headers=JA))
    assert _text(_all(japanese, "h1")[0]) == "キー操作"
    assert _text(_all(japanese, "title")[0]) == "キー操作 - yubitter"
    keys_en = [_text(dt) for dt in _all(english, "dt")]
    keys_ja = [_text(dt) for dt in _all(japanese, "dt")]
    assert keys_ja == keys_en and len(keys_ja) >= 8
    said_en = [_text(dd) for dd in _all(english, "dd")]
    said_ja = [_text(dd) for dd in _all(japanese, "dd")]
    assert len(said_ja) == len(keys_ja)
    untranslated = [ja for en, ja in zip(said_en, said_ja, strict=True) if ja == en]
    assert untranslated == []
    assert said_ja[keys_ja.index("#")] == "メニュー（ページ下のナビゲーション）"
    body = signed_in.get("/keys/", headers=JA).content.decode()
    assert "[1]のように番号のついたリンクやボタンは、そのキーを押すと選べます。" in body


def _label_of(tree, name: str) -> str:
    """The text of the label tied to the form field called ``name``."""
    field = next(f for f in _all(tree, "textarea") + _all(tree, "input") if f.get("name") == name)
    label = next(lab for lab in _all(tree, "label") if lab.get("for") == field.get("id"))
    return _text(label)


def test_the_quote_and_message_fields_are_labelled_in_japanese(signed_in):
    post_id = _first_post_id(signed_in)
    quote = f"/p/{post_id}/quote/"
    assert _label_of(_tree(signed_in.get(quote, headers=JA)), "text") == "ひとこと"
    assert _label_of(_tree(signed_in.get(quote, headers=EN)), "text") == "Your words"
    assert _label_of(_tree(signed_in.get("/dm/hanako/", headers=JA)), "text") == "メッセージ"
    assert _label_of(_tree(signed_in.get("/dm/hanako/", headers=EN)), "text") == "Message"


@pytest.mark.parametrize("profile", ["docomo-mova", "docomo-foma", "au"])
def test_a_phone_reaches_the_group_page_in_its_own_markup(client, emulator, profile):
    from apps.keitai.conformance import chtml_problems, xml_problem
    from tests.keitai.phone import UAS, same_site

    phone = Phone(client, UAS[profile], HTTP_ACCEPT_LANGUAGE="ja")
    home = phone.sign_in()
    listed = phone.get(same_site(home, "/dm/"))
    found = re.search(r'href="(/dm/group/\d+/)[^"]*"', page_text(listed))
    assert found, page_text(listed)
    group = phone.get(same_site(listed, found[1]))
    assert group.status_code == 200
    text = page_text(group)
    assert "とのグループ会話" in text and "グループへの返信はここからは送れません" in text
    if profile == "docomo-mova":
        assert chtml_problems(text) == []
    else:
        assert xml_problem(text) is None
