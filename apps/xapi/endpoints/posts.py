"""Single posts: lookups, posting and deleting, likes and reposts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import errors
from ..fields import POST_FIELDS
from ..transport import Transport, segment
from ..types import Post, parse_post


class PostCalls(Transport):
    """One post by id, and the writes on posts."""

    def post(self, post_id: str) -> Post:
        """One post by id, with what it needs to be rendered."""
        body = self._single(f"/2/tweets/{segment(post_id)}", POST_FIELDS)
        return parse_post(body["data"], body.get("includes"))

    def create_post(
        self,
        text: str,
        *,
        in_reply_to: str | None = None,
        quote_of: str | None = None,
        media_ids: Iterable[str] = (),
    ) -> Post:
        """Post `text`, optionally as a reply or a quote, with up to 4 uploaded media ids."""
        body: dict[str, Any] = {"text": text}
        if in_reply_to:
            body["reply"] = {"in_reply_to_tweet_id": str(in_reply_to)}
        if quote_of:
            body["quote_tweet_id"] = str(quote_of)
        media_ids = [str(media_id) for media_id in media_ids]
        if media_ids:
            # Strings in an array, 1 to 4 (xapi.md §2.3); ids from `upload_media`.
            body["media"] = {"media_ids": media_ids}
        # Quote posts left self-serve access in 2026 (xapi.md §2.0); replies need a summons.
        action = "quote" if quote_of else "reply" if in_reply_to else "post"
        answer = self._json("POST", "/2/tweets", body=body, expect=(200, 201), action=action)
        data = answer.get("data") or {}
        if "id" not in data:
            raise errors.Unavailable(201, "X accepted the post but sent no id")
        return Post(id=str(data["id"]), text=str(data.get("text", text)))

    def delete_post(self, post_id: str) -> bool:
        """Delete one of the user's posts; True if X says it is gone."""
        body = self._json("DELETE", f"/2/tweets/{segment(post_id)}")
        return bool((body.get("data") or {}).get("deleted"))

    def like(self, user_id: str, post_id: str) -> bool:
        """Like a post as the user (`user_id` must be the token's user); True if liked."""
        path = f"/2/users/{segment(user_id)}/likes"
        return self._flag("POST", path, "liked", body={"tweet_id": str(post_id)}, action="like")

    def unlike(self, user_id: str, post_id: str) -> bool:
        """Take back a like; True if X says the post is no longer liked."""
        path = f"/2/users/{segment(user_id)}/likes/{segment(post_id)}"
        return not self._flag("DELETE", path, "liked", action="unlike")

    def retweet(self, user_id: str, post_id: str) -> bool:
        """Repost a post as the user; True if X says it is reposted."""
        path = f"/2/users/{segment(user_id)}/retweets"
        body = {"tweet_id": str(post_id)}
        return self._flag("POST", path, "retweeted", body=body, action="retweet")

    def unretweet(self, user_id: str, post_id: str) -> bool:
        """Undo a repost (`post_id` is the original's id); True if X says it is undone."""
        path = f"/2/users/{segment(user_id)}/retweets/{segment(post_id)}"
        return not self._flag("DELETE", path, "retweeted", action="unretweet")
