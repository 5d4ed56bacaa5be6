"""Turning X's recorded JSON into the values templates render."""

import copy
import pickle
from datetime import UTC, datetime

from apps.xapi.types import (
    DMEvent,
    Includes,
    Page,
    Post,
    User,
    XList,
    parse_dm_event,
    parse_list,
    parse_page,
    parse_post,
    parse_user,
    parse_user_item,
)

from .conftest import load


def recorded_body(cassette: str, index: int = 0) -> dict:
    return load(cassette)[index]["response"]["body"]


def test_served_text_stays_escaped_and_display_text_is_unescaped():
    page = parse_page(recorded_body("test_client_get_home_timeline.json"))
    post = next(p for p in page.items if p.id == "1578095129495482369")
    assert post.text.startswith("So @alanbenlee @snowman &amp; I are testing")
    assert post.display_text.startswith("So @alanbenlee @snowman & I are testing")


def test_recorded_home_timeline_page_keeps_meta_and_every_item():
    page = parse_page(recorded_body("test_client_get_home_timeline.json"))
    assert len(page.items) == 98
    assert page.result_count == 98
    assert page.next_token == "7140dibdnow9c7btw423hv9qw4l78it1roczd6anql1yu"
    assert page.newest_id == "1578466218075312129"
    assert page.oldest_id == "1574452695179534336"
    assert page.previous_token is None
    assert page.items[0].id == page.newest_id
    assert page.errors == ()


def test_empty_page_has_no_data_key_and_no_items():
    # GET /2/dm_events with nothing in the window, recorded 2022-10.
    body = recorded_body("test_manage_and_lookup_direct_messages.json", 3)
    assert "data" not in body
    page = parse_page(body)
    assert page == Page(result_count=0)
    assert page.next_token is None


def test_retweet_is_rebuilt_from_includes_not_the_truncated_rt_text():
    body = load("docs-dd-retweet.json")
    post = parse_page(body).items[0]
    assert post.text.startswith("RT @suhemparack: ")
    assert post.text.endswith("her…")
    assert post.is_retweet
    assert post.retweeted_id == "1229843515603144704"
    original = post.retweeted
    assert original is not None and original.id == "1229843515603144704"
    assert original.author.username == "suhemparack"
    assert post.author.username == "TwitterDev"
    assert post.display_text == original.text
    assert post.display_text.endswith("Check it out here 👇\n\nhttps://t.co/l5J8wq748G")
    assert "RT @" not in post.display_text
    assert post.shown is original
    # The original's entity offsets (code points) still index its text.
    url = original.entities["urls"][0]
    assert original.text[url["start"] : url["end"]] == url["url"]


def test_retweet_whose_original_is_missing_falls_back_to_the_served_text():
    body = copy.deepcopy(load("docs-dd-retweet.json"))
    del body["includes"]["tweets"]
    body["errors"] = [
        load("error-bodies.json")["v2_200_partial_error_expansion_deleted"]["errors_item"]
    ]
    page = parse_page(body)
    post = page.items[0]
    assert post.is_retweet
    assert post.retweeted is None
    assert post.display_text == post.text
    assert page.errors[0].resource_type == "tweet"
    assert page.errors[0].resource_id == "1503557906574503936"
    assert page.errors[0].problem_type == "resource-not-found"
    assert page.errors[0].detail.startswith("Could not find tweet with referenced_tweets.id")


def test_includes_posts_spelling_is_read_like_includes_tweets():
    body = copy.deepcopy(load("docs-dd-retweet.json"))
    body["includes"]["posts"] = body["includes"].pop("tweets")
    post = parse_page(body).items[0]
    assert post.retweeted is not None
    assert post.retweeted.author.username == "suhemparack"


def test_quoted_post_comes_from_includes_with_its_author():
    body = load("docs-dd-quote-tweet.json")
    post = parse_page(body).items[0]
    assert not post.is_retweet
    assert post.quoted_id == "1327011423252144128"
    assert post.quoted is not None
    assert post.quoted.id == "1327011423252144128"
    assert post.quoted.author is not None
    assert post.quoted.author.username == "TwitterDev"


def test_retweet_of_a_quote_keeps_the_original_and_reports_its_quote():
    body = load("docs-dd-retweeted-quote-tweet.json")
    post = parse_page(body).items[0]
    original = post.retweeted
    assert original.author.username == "AureliaSpecker"
    assert post.display_text.startswith("📣 If you enjoyed the London commute tutorial")
    assert original.quoted_id == "1195000047089389573"


def test_media_are_attached_from_includes():
    body = load("docs-dd-tweet-with-media.json")
    post = parse_page(body).items[0]
    assert len(post.media) == 1
    media = post.media[0]
    assert media.media_key == "7_1293565706408038401"
    assert media.type == "video"
    assert media.width == 1280 and media.height == 720
    assert media.preview_image_url.startswith("https://pbs.twimg.com/")
    assert post.created_at == datetime(2020, 8, 12, 17, 1, 42, tzinfo=UTC)
    hashtag = post.entities["hashtags"][0]
    assert post.text[hashtag["start"] : hashtag["end"]] == "#TwitterAPI"


def test_long_post_shows_note_tweet_text():
    obj = {
        "id": "1",
        "text": "Start of a long post &amp; more",
        "note_tweet": {
            "text": "Start of a long post &amp; more, and the rest of it",
            "entities": {"hashtags": [{"start": 0, "end": 5, "tag": "Start"}]},
        },
        "display_text_range": [0, 31],
    }
    post = parse_post(obj, {})
    assert post.text == "Start of a long post &amp; more"
    assert post.display_text == "Start of a long post & more, and the rest of it"
    assert post.note_entities["hashtags"][0]["tag"] == "Start"
    assert post.display_text_range == (0, 31)


def test_reply_fields_are_read():
    obj = {
        "id": "2",
        "text": "@a hi",
        "conversation_id": "1",
        "in_reply_to_user_id": "99",
        "referenced_tweets": [{"type": "replied_to", "id": "1"}],
        "author_id": "5",
    }
    post = parse_post(obj, {"users": [{"id": "5", "username": "e", "name": "E"}]})
    assert post.replied_to_id == "1"
    assert post.conversation_id == "1"
    assert post.in_reply_to_user_id == "99"
    assert post.author.name == "E"
    assert not post.is_retweet


def test_author_missing_from_includes_leaves_author_none_but_keeps_the_id():
    post = parse_post({"id": "3", "text": "x", "author_id": "404"}, Includes(None))
    assert post.author is None
    assert post.author_id == "404"


def test_a_page_of_users_parses_with_the_user_item_parser():
    users = {"data": [{"id": "1", "username": "a", "name": "A", "verified": True}]}
    page = parse_page(users, parse_user_item)
    assert page.items[0].username == "a" and page.items[0].verified
    assert page.result_count == 1


def test_parsed_values_survive_pickling_for_the_cache():
    page = parse_page(load("docs-dd-retweet.json"))
    again = pickle.loads(pickle.dumps(page))
    assert again == page
    assert isinstance(again.items[0], Post)
    assert again.items[0].retweeted.author.username == "suhemparack"


# --- users, DMs, lists, search (recorded payloads) ------------------------------------


def test_recorded_followers_page_is_a_page_of_users_with_its_token():
    page = parse_page(recorded_body("test_client_get_users_followers.json"), parse_user_item)
    assert len(page.items) == page.result_count == 100
    assert page.next_token == "5CS0O0C6II61EZZZ"
    first = page.items[0]
    assert isinstance(first, User)
    assert (first.id, first.username, first.name) == (
        "1376998163739987969",
        "Zamari97491661",
        "Za’mari",
    )
    # Default fields only: nothing else is invented.
    assert first.description == "" and first.public_metrics == {} and not first.protected


def test_recorded_users_by_usernames_keeps_the_asked_order():
    page = parse_page(recorded_body("test_client_get_users.json"), parse_user_item)
    assert [(u.id, u.username) for u in page.items] == [
        ("783214", "Twitter"),
        ("2244994945", "TwitterDev"),
    ]
    assert page.result_count == 2  # no meta on lookups: counted


def test_a_full_user_object_reads_profile_fields():
    user = parse_user(
        {
            "id": "2244994945",
            "username": "TwitterDev",
            "name": "Twitter Dev",
            "description": "The voice of the #TwitterDev team",
            "entities": {
                "description": {"hashtags": [{"start": 17, "end": 28, "tag": "TwitterDev"}]}
            },
            "pinned_tweet_id": "1460323737035677698",
            "public_metrics": {"followers_count": 513962, "following_count": 2039},
            "created_at": "2013-12-14T04:35:55.000Z",
            "protected": False,
            "location": "127.0.0.1",
        }
    )
    assert user.pinned_post_id == "1460323737035677698"
    tag = user.entities["description"]["hashtags"][0]
    assert user.description[tag["start"] : tag["end"]] == "#TwitterDev"
    assert user.public_metrics["followers_count"] == 513962
    assert user.created_at == datetime(2013, 12, 14, 4, 35, 55, tzinfo=UTC)
    assert user.location == "127.0.0.1"
    renamed = parse_user({"id": "1", "username": "a", "name": "A", "pinned_post_id": "9"})
    assert renamed.pinned_post_id == "9"


def test_recorded_dm_conversation_page_parses_events_and_both_tokens():
    body = recorded_body("test_manage_and_lookup_direct_messages.json", 4)
    page = parse_page(body, parse_dm_event)
    assert [(e.id, e.event_type, e.text) for e in page.items] == [
        ("1585800613752881156", "MessageCreate", "Testing 2"),
        ("1585800613253812228", "MessageCreate", "Testing 1"),
    ]
    assert page.next_token == "18LAA5G1SL0NR5OG0G00ZZZZ"
    assert page.previous_token == "1BLC45G1SL0PMLI00G00ZZZZ"
    # Default fields: no sender, no time; nothing is made up.
    assert page.items[0].sender_id is None and page.items[0].created_at is None


def test_dm_event_with_fields_and_sender_from_includes():
    body = copy.deepcopy(load("pytwitter-dm_events_events_by_conversation.json"))
    sender = {"id": "906948460078698496", "username": "realllkk520", "name": "ks"}
    body["includes"] = {"users": [sender]}
    body["data"][0]["referenced_tweets"] = [{"id": "1578900353814519810"}]
    event = parse_page(body, parse_dm_event).items[0]
    assert isinstance(event, DMEvent)
    assert event.id == "1585321444547837956"
    assert event.text == "Another photo https://t.co/J5KotyeIyd"
    assert event.dm_conversation_id == "1585094756761149440"
    assert event.created_at == datetime(2022, 10, 26, 17, 24, 21, tzinfo=UTC)
    assert event.sender_id == "906948460078698496"
    assert event.sender.username == "realllkk520"
    assert event.referenced_post_ids == ("1578900353814519810",)


def test_dm_event_text_is_unescaped_for_display():
    event = parse_dm_event({"id": "1", "event_type": "MessageCreate", "text": "a &amp; b"})
    assert event.text == "a &amp; b"
    assert event.display_text == "a & b"
    assert event.sender is None


def test_recorded_owned_lists_parse_with_default_fields():
    page = parse_page(recorded_body("test_client_get_owned_lists.json"), parse_list)
    assert page.result_count == 11 and len(page.items) == 11
    assert page.items[0] == XList(id="1207354259852820480", name="Tweets by Twitter")
    assert page.items[8].name == "Offices & Culture"
    assert page.next_token is None


def test_list_with_fields_and_owner():
    xlist = parse_list(
        {
            "id": "84839422",
            "name": "Official Twitter Accounts",
            "description": "Accounts managed by Twitter",
            "owner_id": "783214",
            "member_count": 126,
            "follower_count": 2208,
            "private": False,
            "created_at": "2013-04-25T21:42:30.000Z",
        },
        {"users": [{"id": "783214", "username": "Twitter", "name": "Twitter"}]},
    )
    assert (xlist.member_count, xlist.follower_count, xlist.private) == (126, 2208, False)
    assert xlist.owner.username == "Twitter"
    assert xlist.owner_id == "783214"


def test_recorded_list_liked_and_search_pages_are_post_pages():
    listed = parse_page(recorded_body("test_client_get_list_tweets.json"))
    assert len(listed.items) == 97
    assert listed.next_token == "7140dibdnow9c7btw423i3sn9uw15y6f8lzfkzug1atrq"
    liked = parse_page(recorded_body("test_client_get_liked_tweets.json"))
    assert len(liked.items) == 96
    assert liked.items[0].text.startswith("RT @djarinculture: ")
    found = parse_page(recorded_body("test_client_search_recent_tweets.json"))
    assert [p.id for p in found.items][:2] == ["1578516068309794817", "1578515564971970560"]
    assert found.newest_id == "1578516068309794817"
    assert found.oldest_id == found.items[-1].id == "1578511538419212288"
    assert found.next_token == "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul"


def test_new_values_survive_pickling_for_the_cache():
    event = parse_dm_event(
        {"id": "1", "event_type": "MessageCreate", "text": "hi", "sender_id": "5"},
        {"users": [{"id": "5", "username": "e", "name": "E"}]},
    )
    xlist = parse_list({"id": "2", "name": "L", "owner_id": "5"})
    assert pickle.loads(pickle.dumps(event)) == event
    assert pickle.loads(pickle.dumps(xlist)) == xlist
