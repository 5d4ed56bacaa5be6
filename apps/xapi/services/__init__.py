"""What the views ask of X: cached reads and writes for one linked account.

`account` is anything with `x_user_id`, `token` and `token_secret` (the accounts
app's XAccount). Reads go through `cache.cached_read`, keyed by the X account, the
endpoint and the parameters, fresh for the endpoint's time in `READ_TTL`. Writes go
straight to X, raise X's typed errors unchanged, and then drop exactly the account's
cached pages they change (`FORGETS`), so a page view on a warm cache costs at most
one call to X.

One module per subject (timelines, posts, users, dms, lists), with the cache and
notice plumbing they share in `common`; callers import the names from here.
"""

from .common import FORGETS, READ_TTL, client_for, ttl_for
from .dms import (
    MAX_DM_LENGTH,
    dm_conversation_page,
    dm_conversation_with_page,
    dm_events_page,
    send_dm,
)
from .engagement import Engagement, engagement
from .lists import list_detail, list_posts_page, owned_lists_page
from .posts import (
    PostPage,
    create_post,
    delete_post,
    like,
    post_detail,
    post_page,
    replies_page,
    retweet,
    unlike,
    unretweet,
)
from .timelines import home_page, mentions_page, search_page
from .users import (
    ProfilePage,
    follow,
    followers_page,
    following_page,
    profile_page,
    unfollow,
    user_by_username,
    user_posts_page,
    users_lookup,
)

__all__ = [
    "FORGETS",
    "MAX_DM_LENGTH",
    "READ_TTL",
    "PostPage",
    "ProfilePage",
    "client_for",
    "create_post",
    "delete_post",
    "dm_conversation_page",
    "dm_conversation_with_page",
    "dm_events_page",
    "Engagement",
    "engagement",
    "follow",
    "followers_page",
    "following_page",
    "home_page",
    "like",
    "list_detail",
    "list_posts_page",
    "mentions_page",
    "owned_lists_page",
    "post_detail",
    "post_page",
    "profile_page",
    "replies_page",
    "retweet",
    "search_page",
    "send_dm",
    "ttl_for",
    "unfollow",
    "unlike",
    "unretweet",
    "user_by_username",
    "user_posts_page",
    "users_lookup",
]
