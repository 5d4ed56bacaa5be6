"""Records shown as X v2 JSON: requested fields, expansions into ``includes``, partial errors."""

from collections import Counter
from datetime import timedelta

from .ids import iso
from .params import (
    DM_EVENT_FIELDS,
    LIST_FIELDS,
    MEDIA_FIELDS,
    TWEET_EXPANSIONS,
    USER_EXPANSIONS,
    USER_FIELDS,
    Query,
)
from .problems import not_found_item
from .records import DmEvent, Media, Post, User, XList
from .state import EmulatorState
from .text import entities, escape, leading_mentions_end, shorten_links, tco_url, url_record


class Presenter:
    """Builds ``data``/``includes``/``errors`` for one request's fields and expansions."""

    def __init__(
        self,
        state: EmulatorState,
        query: Query,
        *,
        for_users: bool = False,
        expansions: frozenset[str] | None = None,
        viewer: str | None = None,
    ):
        self.state = state
        # Whose connection_status a user object tells (the token's user).
        self.viewer = viewer
        self.tweet_fields = query.tweet_fields()
        self.user_fields = query.csv("user.fields", USER_FIELDS)
        self.media_fields = query.csv("media.fields", MEDIA_FIELDS)
        self.list_fields = query.csv("list.fields", LIST_FIELDS)
        self.dm_fields = query.csv("dm_event.fields", DM_EVENT_FIELDS)
        if expansions is None:
            expansions = USER_EXPANSIONS if for_users else TWEET_EXPANSIONS
        self.expansions = query.csv("expansions", expansions)
        self._user_ids = state.user_ids_by_username()
        self._counts: Counter | None = None

    # --- single objects --------------------------------------------------------
    def tweet(self, post: Post) -> dict:
        """One post with the requested tweet.fields (id, text, edit history always)."""
        fields, served = self.tweet_fields, escape(post.text)
        data: dict = {"id": post.id, "text": served, "edit_history_tweet_ids": [post.id]}
        if "author_id" in fields:
            data["author_id"] = post.author_id
        if "created_at" in fields:
            data["created_at"] = iso(post.created_at)
        if "conversation_id" in fields:
            data["conversation_id"] = post.conversation_id
        if "in_reply_to_user_id" in fields and post.in_reply_to_user_id:
            data["in_reply_to_user_id"] = post.in_reply_to_user_id
        if "referenced_tweets" in fields and post.referenced:
            data["referenced_tweets"] = [{"type": t, "id": i} for t, i in post.referenced]
        if "attachments" in fields and post.media_keys:
            data["attachments"] = {"media_keys": list(post.media_keys)}
        if "entities" in fields:
            found = entities(served, post.urls, self._user_ids)
            if found:
                data["entities"] = found
        if "note_tweet" in fields and post.note_text:
            note_served = escape(post.note_text)
            note = {"text": note_served}
            found = entities(note_served, post.note_urls, self._user_ids)
            if found:
                note["entities"] = found
            data["note_tweet"] = note
        if "display_text_range" in fields:
            data["display_text_range"] = self._display_range(post, served)
        if "lang" in fields:
            data["lang"] = post.lang
        if "possibly_sensitive" in fields:
            data["possibly_sensitive"] = False
        if "reply_settings" in fields:
            data["reply_settings"] = "everyone"
        if "public_metrics" in fields:
            data["public_metrics"] = self._metrics(post)
        if "edit_controls" in fields:
            data["edit_controls"] = {
                "edits_remaining": 5,
                "is_edit_eligible": not post.referenced,
                "editable_until": iso(post.created_at + timedelta(hours=1)),
            }
        return data

    def _display_range(self, post: Post, served: str) -> list[int]:
        start = leading_mentions_end(served) if post.in_reply_to_user_id else 0
        end = len(served)
        for record in post.urls:
            if record.get("media_key"):
                position = served.find(record["url"])
                if position >= 0:
                    end = len(served[:position].rstrip())
        return [start, max(start, end)]

    def _metrics(self, post: Post) -> dict:
        if self._counts is None:
            self._counts = Counter()
            with self.state.lock:
                for other in self.state.posts.values():
                    for kind, target in other.referenced:
                        self._counts[(kind, target)] += 1
        return {
            "retweet_count": self._counts[("retweeted", post.id)],
            "reply_count": self._counts[("replied_to", post.id)],
            "like_count": post.like_count,
            "quote_count": self._counts[("quoted", post.id)],
            "bookmark_count": post.like_count // 10,
            "impression_count": post.impression_count,
        }

    def user(self, user: User) -> dict:
        """One user with the requested user.fields (id, name, username always)."""
        fields = self.user_fields
        data: dict = {"id": user.id, "name": user.name, "username": user.username}
        if "created_at" in fields:
            data["created_at"] = iso(user.created_at)
        description, description_urls = shorten_links(user.description, f"user-desc:{user.id}")
        if "description" in fields:
            data["description"] = description
        if "location" in fields and user.location:
            data["location"] = user.location
        if "url" in fields:
            data["url"] = tco_url(f"user-url:{user.id}") if user.url else ""
        if "entities" in fields:
            found = {}
            if user.url:
                record = url_record(f"user-url:{user.id}", user.url)
                found["url"] = {"urls": [{"start": 0, "end": len(record["url"]), **record}]}
            described = entities(description, description_urls, self._user_ids)
            if described:
                found["description"] = described
            if found:
                data["entities"] = found
        if "pinned_tweet_id" in fields and self._pinned(user):
            data["pinned_tweet_id"] = user.pinned_tweet_id
        if "most_recent_tweet_id" in fields and self._most_recent(user):
            data["most_recent_tweet_id"] = self._most_recent(user).id
        if "profile_image_url" in fields:
            data["profile_image_url"] = self.state.profile_image_url(user)
        if "protected" in fields:
            data["protected"] = user.protected
        if "verified" in fields:
            data["verified"] = user.verified
        if "verified_type" in fields:
            data["verified_type"] = user.verified_type
        if "public_metrics" in fields:
            data["public_metrics"] = self._user_metrics(user)
        if "connection_status" in fields and self.viewer and self.viewer != user.id:
            data["connection_status"] = self._connection(user)
        return data

    def _connection(self, user: User) -> list[str]:
        viewer = self.state.user(self.viewer)
        status = []
        if viewer is not None and user.username in viewer.following:
            status.append("following")
        if viewer is not None and viewer.username in user.following:
            status.append("followed_by")
        return status

    def _pinned(self, user: User) -> Post | None:
        return self.state.post(user.pinned_tweet_id) if user.pinned_tweet_id else None

    def _most_recent(self, user: User) -> Post | None:
        posts = self.state.authored_posts(user.id)
        return posts[0] if posts else None

    def _user_metrics(self, user: User) -> dict:
        with self.state.lock:
            followers = sum(user.username in u.following for u in self.state.users.values())
            posts = sum(p.author_id == user.id for p in self.state.posts.values())
        return {
            "followers_count": followers,
            "following_count": len(user.following),
            "tweet_count": posts,
            "listed_count": user.listed_count,
            "like_count": posts * 3,
        }

    def media(self, item: Media) -> dict:
        """One media object with the requested media.fields (media_key, type always)."""
        fields = self.media_fields
        data: dict = {"media_key": item.media_key, "type": item.type}
        optional = {
            "url": self.state.media_url(item),
            "preview_image_url": self.state.preview_url(item),
            "alt_text": item.alt_text,
            "duration_ms": item.duration_ms,
            "width": item.width,
            "height": item.height,
            "variants": item.variants or None,
        }
        for name, value in optional.items():
            if name in fields and value is not None:
                data[name] = value
        if "public_metrics" in fields and item.view_count is not None:
            data["public_metrics"] = {"view_count": item.view_count}
        return data

    def x_list(self, item: XList) -> dict:
        """One List with the requested list.fields (id, name always)."""
        fields = self.list_fields
        data: dict = {"id": item.id, "name": item.name}
        if "created_at" in fields:
            data["created_at"] = iso(item.created_at)
        if "description" in fields:
            data["description"] = item.description
        if "follower_count" in fields:
            data["follower_count"] = item.follower_count
        if "member_count" in fields:
            data["member_count"] = len(item.member_ids)
        if "owner_id" in fields:
            data["owner_id"] = item.owner_id
        if "private" in fields:
            data["private"] = item.private
        return data

    def dm_event(self, event: DmEvent) -> dict:
        """One DM event with the requested dm_event.fields (id, event_type, text always)."""
        fields = self.dm_fields
        data: dict = {"id": event.id, "event_type": event.event_type}
        if event.text is not None:
            data["text"] = event.text
        if "created_at" in fields:
            data["created_at"] = iso(event.created_at)
        if "sender_id" in fields and event.sender_id:
            data["sender_id"] = event.sender_id
        if "dm_conversation_id" in fields:
            data["dm_conversation_id"] = event.conversation_id
        if "participant_ids" in fields and event.participant_ids:
            data["participant_ids"] = list(event.participant_ids)
        if "referenced_tweets" in fields and event.referenced_tweet_ids:
            data["referenced_tweets"] = [{"id": i} for i in event.referenced_tweet_ids]
        if "entities" in fields and event.text:
            # DM events carry their entities at the top level, not under "entities".
            data.update(entities(event.text, event.urls, self._user_ids))
        return data

    # --- envelopes -------------------------------------------------------------
    def tweets_body(self, posts: list[Post], *, single: bool = False) -> dict:
        """``data`` plus ``includes``/``errors`` from the post expansions."""
        body: dict = {}
        if posts:
            body["data"] = self.tweet(posts[0]) if single else [self.tweet(p) for p in posts]
        includes = _Includes()
        expansions = self.expansions
        for post in posts:
            if "author_id" in expansions:
                includes.user(self.state.user(post.author_id))
            if "in_reply_to_user_id" in expansions and post.in_reply_to_user_id:
                includes.user(self.state.user(post.in_reply_to_user_id))
            if "entities.mentions.username" in expansions:
                for mention in entities(escape(post.text), post.urls, self._user_ids).get(
                    "mentions", []
                ):
                    if "id" in mention:
                        includes.user(self.state.user(mention["id"]))
            if "attachments.media_keys" in expansions:
                for key in post.media_keys:
                    includes.media_item(self.state.media.get(key))
            if "referenced_tweets.id" in expansions:
                for _kind, target in post.referenced:
                    referenced = self.state.post(target)
                    if referenced is None:
                        includes.error(
                            not_found_item("tweet", "referenced_tweets.id", target, "includes")
                        )
                        continue
                    includes.tweet(referenced)
                    if "referenced_tweets.id.author_id" in expansions:
                        includes.user(self.state.user(referenced.author_id))
                    if "referenced_tweets.id.attachments.media_keys" in expansions:
                        for key in referenced.media_keys:
                            includes.media_item(self.state.media.get(key))
        return self._finish(body, includes)

    def users_body(self, users: list[User], *, single: bool = False) -> dict:
        """``data`` plus ``includes`` from the user expansions (pinned and latest post)."""
        body: dict = {}
        if users:
            body["data"] = self.user(users[0]) if single else [self.user(u) for u in users]
        includes = _Includes()
        for user in users:
            if "pinned_tweet_id" in self.expansions and self._pinned(user):
                includes.tweet(self._pinned(user))
            if "most_recent_tweet_id" in self.expansions and self._most_recent(user):
                includes.tweet(self._most_recent(user))
        return self._finish(body, includes)

    def lists_body(self, lists: list[XList], *, single: bool = False) -> dict:
        """``data`` plus ``includes.users`` for expansions=owner_id."""
        body: dict = {}
        if lists:
            body["data"] = self.x_list(lists[0]) if single else [self.x_list(i) for i in lists]
        includes = _Includes()
        if "owner_id" in self.expansions:
            for item in lists:
                includes.user(self.state.user(item.owner_id))
        return self._finish(body, includes)

    def dm_events_body(self, events: list[DmEvent]) -> dict:
        """``data`` plus users, posts and media from the DM expansions."""
        body: dict = {}
        if events:
            body["data"] = [self.dm_event(e) for e in events]
        includes = _Includes()
        for event in events:
            if "sender_id" in self.expansions and event.sender_id:
                includes.user(self.state.user(event.sender_id))
            if "participant_ids" in self.expansions:
                for user_id in event.participant_ids:
                    includes.user(self.state.user(user_id))
            if "referenced_tweets.id" in self.expansions:
                for post_id in event.referenced_tweet_ids:
                    post = self.state.post(post_id)
                    if post is None:
                        includes.error(
                            not_found_item("tweet", "referenced_tweets.id", post_id, "includes")
                        )
                    else:
                        includes.tweet(post)
        return self._finish(body, includes)

    def _finish(self, body: dict, includes: "_Includes") -> dict:
        rendered: dict = {}
        if includes.users:
            rendered["users"] = [self.user(u) for u in includes.users.values()]
        if includes.tweets:
            rendered["tweets"] = [self.tweet(p) for p in includes.tweets.values()]
        if includes.media:
            rendered["media"] = [self.media(m) for m in includes.media.values()]
        if rendered:
            body["includes"] = rendered
        if includes.errors:
            body["errors"] = includes.errors
        return body


class _Includes:
    """Related objects collected once each, in first-seen order."""

    def __init__(self):
        self.users: dict[str, User] = {}
        self.tweets: dict[str, Post] = {}
        self.media: dict[str, Media] = {}
        self.errors: list[dict] = []

    def user(self, user: User | None) -> None:
        if user is not None:
            self.users.setdefault(user.id, user)

    def tweet(self, post: Post) -> None:
        self.tweets.setdefault(post.id, post)

    def media_item(self, item: Media | None) -> None:
        if item is not None:
            self.media.setdefault(item.media_key, item)

    def error(self, item: dict) -> None:
        if item not in self.errors:
            self.errors.append(item)
