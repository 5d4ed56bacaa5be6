"""Follows and mutes: pending requests to protected accounts, home timeline, lists of users."""

import re

from apps.xemulator import seed

ME = seed.DEMO_USER_ID
HOME = f"/2/users/{ME}/timelines/reverse_chronological"


def _id(state, username):
    return state.user_by_username(username).id


def test_follow_adds_their_posts_to_the_home_timeline_and_unfollow_removes_them(
    demo, state, enterprise
):
    dave = _id(state, "dave")
    timeline = {"max_results": 100, "tweet.fields": "author_id"}
    assert dave not in {p["author_id"] for p in demo.get(HOME, **timeline).json()["data"]}
    followed = demo.post(f"/2/users/{ME}/following", {"target_user_id": dave})
    assert followed.status_code == 200
    assert followed.json() == {"data": {"following": True, "pending_follow": False}}
    assert followed.headers["x-rate-limit-limit"] == "50"
    assert dave in {p["author_id"] for p in demo.get(HOME, **timeline).json()["data"]}
    assert demo.get(f"/2/users/{ME}/following").json()["data"][0]["username"] == "dave"
    assert demo.get(f"/2/users/{dave}/followers").json()["data"][0]["username"] == "demo"
    gone = demo.delete(f"/2/users/{ME}/following/{dave}")
    assert gone.status_code == 200 and gone.json() == {"data": {"following": False}}
    assert dave not in {p["author_id"] for p in demo.get(HOME, **timeline).json()["data"]}


def test_following_a_protected_account_leaves_a_pending_request(demo, state, enterprise):
    himitsu = _id(state, "himitsu")
    user = demo.get(f"/2/users/{himitsu}", **{"user.fields": "protected"}).json()["data"]
    assert user["protected"] is True
    response = demo.post(f"/2/users/{ME}/following", {"target_user_id": himitsu})
    assert response.json() == {"data": {"following": False, "pending_follow": True}}
    assert "himitsu" not in state.user(ME).following
    assert state.user(himitsu).follow_requests == ["demo"]
    hidden = demo.get(f"/2/users/{himitsu}/tweets")
    assert hidden.status_code == 200
    assert hidden.json()["errors"][0]["type"].endswith("/not-authorized-for-resource")
    state.approve_follow_request(himitsu, ME)
    posts = demo.get(f"/2/users/{himitsu}/tweets").json()
    assert posts["meta"]["result_count"] == 3
    again = demo.post(f"/2/users/{ME}/following", {"target_user_id": himitsu})
    assert again.json() == {"data": {"following": True, "pending_follow": False}}


def test_followers_and_following_page_with_long_tokens(demo, state):
    first = demo.get(f"/2/users/{ME}/followers", max_results=4)
    assert first.status_code == 200 and first.headers["x-rate-limit-limit"] == "300"
    body = first.json()
    expected = [u.id for u in state.followers_of(ME)]
    assert [state.user(i).username for i in expected] == [
        "stranger",
        "dave",
        "carol",
        "bob",
        "alice",
        "hanako",
    ]
    token = body["meta"]["next_token"]
    assert len(token) >= 16 and re.fullmatch(r"[0-9A-Z]+", token)
    assert body["meta"]["result_count"] == 4 and "previous_token" not in body["meta"]
    ids, pages = [u["id"] for u in body["data"]], 1
    while token:
        page = demo.get(f"/2/users/{ME}/followers", max_results=4, pagination_token=token).json()
        ids += [u["id"] for u in page["data"]]
        token, pages = page["meta"].get("next_token"), pages + 1
    assert ids == expected and pages == 2 and page["meta"]["result_count"] == 2
    assert "previous_token" in page["meta"]
    back = demo.get(
        f"/2/users/{ME}/followers", max_results=4, pagination_token=page["meta"]["previous_token"]
    ).json()
    assert [u["id"] for u in back["data"]] == expected[:4]
    following = demo.get(f"/2/users/{ME}/following", **{"user.fields": "username"}).json()
    assert [u["username"] for u in following["data"]] == [
        "carol",
        "technews",
        "bob",
        "alice",
        "hanako",
    ]
    assert following["meta"] == {"result_count": 5}


def test_user_lists_validate_range_token_and_user(demo):
    for value in ("0", "1001"):
        bad = demo.get(f"/2/users/{ME}/followers", max_results=value)
        assert bad.status_code == 400
        assert bad.json()["errors"][0]["message"] == (
            f"The `max_results` query parameter value [{value}] is not between 1 and 1000"
        )
    token = demo.get(f"/2/users/{ME}/following", pagination_token="short")
    assert token.status_code == 400
    assert token.json()["errors"][0]["parameters"] == {"pagination_token": ["short"]}
    missing = demo.get("/2/users/42/followers")
    assert missing.json()["errors"][0]["detail"] == "Could not find user with id: [42]."


def test_empty_following_list_has_only_meta(client_for, state):
    technews = _id(state, "technews")
    response = client_for("technews").get(f"/2/users/{technews}/following")
    assert response.json() == {"meta": {"result_count": 0}}


def test_follow_errors_and_self_serve_refusal(demo, state, enterprise):
    alice = _id(state, "alice")
    dave = _id(state, "dave")
    assert demo.post(f"/2/users/{alice}/following", {"target_user_id": dave}).status_code == 403
    assert demo.delete(f"/2/users/{alice}/following/{dave}").status_code == 403
    missing = demo.post(f"/2/users/{ME}/following", {"target_user_id": "42"})
    assert missing.json()["errors"][0]["parameter"] == "target_user_id"
    assert demo.post(f"/2/users/{ME}/following", {"target_user_id": ME}).status_code == 400
    state.set_tier("self-serve")
    refused = demo.post(f"/2/users/{ME}/following", {"target_user_id": dave})
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Following users is not available for this access tier (self-serve); it needs Enterprise."
    )
    assert "dave" not in state.user(ME).following
    assert demo.delete(f"/2/users/{ME}/following/{alice}").json() == {"data": {"following": False}}


def test_mute_list_and_unmute(demo, client_for, state):
    dave, bob = _id(state, "dave"), _id(state, "bob")
    assert demo.get(f"/2/users/{ME}/muting").json() == {"meta": {"result_count": 0}}
    assert demo.post(f"/2/users/{ME}/muting", {"target_user_id": dave}).json() == {
        "data": {"muting": True}
    }
    demo.post(f"/2/users/{ME}/muting", {"target_user_id": bob})
    first = demo.get(f"/2/users/{ME}/muting", max_results=1).json()
    assert first["data"][0]["id"] == bob and first["meta"]["next_token"] == "1"
    second = demo.get(f"/2/users/{ME}/muting", max_results=1, pagination_token="1").json()
    assert second["data"][0]["id"] == dave and "next_token" not in second["meta"]
    assert second["meta"]["previous_token"] == "0"
    assert demo.delete(f"/2/users/{ME}/muting/{dave}").json() == {"data": {"muting": False}}
    assert [u["id"] for u in demo.get(f"/2/users/{ME}/muting").json()["data"]] == [bob]
    assert client_for("bob").get(f"/2/users/{ME}/muting").status_code == 403
