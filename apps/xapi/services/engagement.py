"""Whether the account liked or reposted a post, so a page offers the action that applies.

X's v2 post object says nothing about the viewer. Two reads of the account's
own, both cached and shared by every post page: the posts it liked lately
(``liked_tweets``) and its own latest posts, whose reposts name the originals.
A like or repost further back than ``RECENT`` is not seen; pressing "Like"
again there is harmless (X answers "liked" for a post already liked).
"""

from __future__ import annotations

from dataclasses import dataclass

from .common import client_for, read

# X's largest page for both endpoints.
RECENT = 100


@dataclass(frozen=True, slots=True)
class Engagement:
    """Ids of the posts the account liked, and of the originals it reposted, lately."""

    liked: frozenset[str]
    reposted: frozenset[str]


def engagement(account) -> Engagement:
    """What the account liked and reposted lately (two calls cold, none warm)."""
    me = account.x_user_id
    liked = read(
        account,
        "liked",
        {"id": me, "max_results": RECENT},
        lambda: client_for(account).liked_posts(me, max_results=RECENT),
    )
    own = read(
        account,
        "user_posts",
        {"id": me, "max_results": RECENT, "pagination_token": None},
        lambda: client_for(account).user_posts(me, max_results=RECENT),
    )
    return Engagement(
        liked=frozenset(post.id for post in liked.value.items),
        reposted=frozenset(post.retweeted_id for post in own.value.items if post.retweeted_id),
    )
