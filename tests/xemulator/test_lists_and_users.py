"""Lists (owned, by id, their posts) and batch user lookups with partial errors."""

import re

from apps.xemulator import seed

ME = seed.DEMO_USER_ID
LIST_FIELDS = {"list.fields": "created_at,description,follower_count,member_count,owner_id,private"}


def test_owned_lists_of_the_demo_user(demo, state):
    response = demo.get(f"/2/users/{ME}/owned_lists", **LIST_FIELDS)
    assert response.headers["x-rate-limit-limit"] == "15"
    body = response.json()
    assert [item["name"] for item in body["data"]] == ["Tech & news", "Tokyo friends"]
    tech, tokyo = body["data"]
    assert tech["private"] is True and tokyo["private"] is False
    assert tokyo["description"] == "友達と東京のこと 🗼" and tokyo["member_count"] == 3
    assert tokyo["owner_id"] == ME and tokyo["created_at"].endswith(".000Z")
    assert body["meta"] == {"result_count": 2}
    plain = demo.get(f"/2/users/{ME}/owned_lists").json()["data"][0]
    assert set(plain) == {"id", "name"}


def test_owned_lists_page_with_numeric_tokens_and_hide_private_lists(demo, client_for, state):
    first = demo.get(f"/2/users/{ME}/owned_lists", max_results=1).json()
    assert first["meta"] == {"result_count": 1, "next_token": "1"}
    second = demo.get(f"/2/users/{ME}/owned_lists", max_results=1, pagination_token="1").json()
    assert second["data"][0]["name"] == "Tokyo friends"
    assert second["meta"] == {"result_count": 1, "previous_token": "0"}
    alice = state.user_by_username("alice").id
    theirs = demo.get(f"/2/users/{alice}/owned_lists", expansions="owner_id").json()
    assert [item["name"] for item in theirs["data"]] == ["Django folks"]
    assert theirs["includes"]["users"][0]["username"] == "alice"
    assert demo.get(f"/2/users/{ME}/owned_lists", pagination_token="x9").status_code == 400
    assert demo.get(f"/2/users/{ME}/owned_lists", max_results=0).status_code == 400


def test_list_by_id_and_private_lists_of_others(demo, client_for, state):
    tokyo = next(item for item in state.lists.values() if item.name == "Tokyo friends")
    body = demo.get(f"/2/lists/{tokyo.id}", expansions="owner_id", **LIST_FIELDS).json()
    assert body["data"]["name"] == "Tokyo friends" and body["data"]["follower_count"] == 3
    assert body["includes"]["users"][0]["id"] == ME
    private = next(item for item in state.lists.values() if item.name == "Tech & news")
    own = demo.get(f"/2/lists/{private.id}", **{"list.fields": "private"}).json()["data"]
    assert own == {"id": private.id, "name": "Tech & news", "private": True}
    hidden = client_for("bob").get(f"/2/lists/{private.id}")
    assert hidden.status_code == 200
    assert hidden.json()["errors"][0]["detail"] == f"Could not find list with id: [{private.id}]."
    assert demo.get("/2/lists/12345").json()["errors"][0]["resource_type"] == "list"


def test_list_tweets_are_the_members_posts(demo, state):
    tokyo = next(item for item in state.lists.values() if item.name == "Tokyo friends")
    body = demo.get(
        f"/2/lists/{tokyo.id}/tweets", max_results=20, **{"tweet.fields": "author_id"}
    ).json()
    assert {p["author_id"] for p in body["data"]} <= set(tokyo.member_ids)
    assert body["meta"]["result_count"] == 20 and "next_token" in body["meta"]
    expected = [p.id for p in state.list_posts(tokyo, ME)]
    ids, token = [p["id"] for p in body["data"]], body["meta"]["next_token"]
    while token:
        page = demo.get(f"/2/lists/{tokyo.id}/tweets", max_results=20, pagination_token=token)
        ids += [p["id"] for p in page.json()["data"]]
        token = page.json()["meta"].get("next_token")
    assert ids == expected
    assert demo.get(f"/2/lists/{tokyo.id}/tweets").json()["meta"]["result_count"] == min(
        100, len(expected)
    )


def test_users_by_ids_with_partial_errors(demo, state):
    hanako = state.user_by_username("hanako")
    response = demo.get(
        "/2/users",
        ids=f"{hanako.id},42,{ME}",
        **{
            "user.fields": "description,public_metrics,profile_image_url,pinned_tweet_id,"
            "protected,verified,entities"
        },
    )
    assert response.status_code == 200 and response.headers["x-rate-limit-limit"] == "900"
    body = response.json()
    assert [u["username"] for u in body["data"]] == ["hanako", "demo"]
    first = body["data"][0]
    assert first["description"] == "東京在住。ラーメンと写真が好き📷 #ラーメン"
    assert first["entities"]["description"]["hashtags"][0]["tag"] == "ラーメン"
    assert re.fullmatch(
        r"https://pbs\.twimg\.com/profile_images/\d+/hanako_normal\.jpg", first["profile_image_url"]
    )
    assert first["pinned_tweet_id"] == hanako.pinned_tweet_id
    assert first["protected"] is False and first["verified"] is False
    assert first["public_metrics"]["following_count"] == 2
    assert body["errors"] == [
        {
            "value": "42",
            "detail": "Could not find user with ids: [42].",
            "title": "Not Found Error",
            "resource_type": "user",
            "parameter": "ids",
            "resource_id": "42",
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }
    ]


def test_users_by_usernames(demo):
    body = demo.get("/2/users/by", usernames="Alice,nobody_here,himitsu").json()
    assert [u["username"] for u in body["data"]] == ["alice", "himitsu"]
    assert body["errors"][0]["detail"] == "Could not find user with usernames: [nobody_here]."
    only_missing = demo.get("/2/users/by", usernames="ghost1,ghost2").json()
    assert "data" not in only_missing and len(only_missing["errors"]) == 2
    bad = demo.get("/2/users/by", usernames="ok,not-ok")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["parameters"] == {"usernames": ["ok,not-ok"]}
    assert demo.get("/2/users/by").status_code == 400
    too_many = demo.get("/2/users", ids=",".join(str(n) for n in range(1, 102)))
    assert too_many.status_code == 400


def test_description_links_become_t_co_entities(demo, state):
    technews = state.user_by_username("technews")
    user = demo.get(
        f"/2/users/{technews.id}", **{"user.fields": "description,entities,url"}
    ).json()["data"]
    described = user["entities"]["description"]
    assert [c["tag"] for c in described["cashtags"]] == ["AAPL", "TSLA"]
    url = described["urls"][0]
    assert user["description"][url["start"] : url["end"]] == url["url"]
    assert url["expanded_url"] == "https://technews.example.com/about"
    assert user["entities"]["url"]["urls"][0]["expanded_url"] == "https://technews.example.com"
