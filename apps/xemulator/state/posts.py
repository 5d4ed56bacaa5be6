"""Posts and timelines: lookups, home and mentions, posting, reposting, deleting."""

from datetime import UTC, datetime

from ..ids import snowflake
from ..records import Post
from ..seed import SeedData
from ..text import mentioned_usernames, retweet_text, shorten_links, url_record
from .base import StatePart


class PostsPart(StatePart):
    """The posts that exist (deleted ones do not), by id."""

    posts: dict[str, Post]

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.posts = {post.id: post for post in data.posts}

    def post(self, post_id: str) -> Post | None:
        """The post with ``post_id``, if it exists (deleted posts do not)."""
        return self.posts.get(post_id)

    def newest_first(self, keep) -> list[Post]:
        """Posts for which ``keep(post)`` is true, newest first."""
        with self.lock:
            found = [post for post in self.posts.values() if keep(post)]
        return sorted(found, key=lambda p: int(p.id), reverse=True)

    def home_posts(self, user_id: str) -> list[Post]:
        """The user's home timeline: own posts and those of followed accounts, newest first."""
        user = self.users[user_id]
        authors = {user_id} | {u.id for u in self.users.values() if u.username in user.following}
        return self.newest_first(lambda post: post.author_id in authors)

    def mention_posts(self, user_id: str) -> list[Post]:
        """Posts by others that @mention the user, newest first."""
        username = self.users[user_id].username.lower()
        return self.newest_first(
            lambda post: (
                post.author_id != user_id
                and username in mentioned_usernames(post.note_text or post.text)
            )
        )

    def authored_posts(self, user_id: str) -> list[Post]:
        """The user's own posts, retweets and replies, newest first."""
        return self.newest_first(lambda post: post.author_id == user_id)

    def _next_post_id(self) -> str:
        newest = max((int(i) for i in self.posts), default=0)
        return str(max(int(snowflake(datetime.now(UTC))), newest + 1))

    def can_see_posts_of(self, viewer_id: str, author_id: str) -> bool:
        """Protected accounts' posts are for themselves and their followers only."""
        author = self.users.get(author_id)
        if author is None or not author.protected or viewer_id == author_id:
            return True
        viewer = self.users.get(viewer_id)
        return viewer is not None and author.username in viewer.following

    def summoned(self, user_id: str, post: Post) -> bool:
        """Whether the author of ``post`` "engaged" ``user_id`` (2026 reply rule).

        True for one's own posts, posts that @mention the user, posts quoting
        one of the user's posts, and posts that reply to the user.
        """
        if post.author_id == user_id or post.in_reply_to_user_id == user_id:
            return True
        user = self.users.get(user_id)
        if user and user.username.lower() in mentioned_usernames(post.note_text or post.text):
            return True
        for kind, target in post.referenced:
            quoted = self.posts.get(target) if kind == "quoted" else None
            if quoted is not None and quoted.author_id == user_id:
                return True
        return False

    def create_post(
        self,
        author_id: str,
        text: str,
        *,
        reply_to: Post | None = None,
        quote_of: Post | None = None,
        media_keys: tuple[str, ...] = (),
    ) -> Post:
        """Store a new post; links in ``text`` become t.co links, as on X."""
        with self.lock:
            post_id = self._next_post_id()
            stored_text, urls = shorten_links(text, author_id)
            post = Post(
                id=post_id,
                author_id=author_id,
                text=stored_text,
                urls=urls,
                created_at=datetime.now(UTC),
                conversation_id=post_id,
                media_keys=list(media_keys),
                lang="ja" if any("\u3040" <= ch <= "\u9fff" for ch in text) else "en",
            )
            if reply_to is not None:
                post.in_reply_to_user_id = reply_to.author_id
                post.conversation_id = reply_to.conversation_id
                post.referenced.append(("replied_to", reply_to.id))
            if quote_of is not None:
                # X appends a link to the quoted post to the text it stores.
                quoted_name = self.users[quote_of.author_id].username
                link = url_record(
                    f"{post_id}:quote", f"https://x.com/{quoted_name}/status/{quote_of.id}"
                )
                post.text = f"{post.text} {link['url']}"
                post.urls.append(link)
                post.referenced.append(("quoted", quote_of.id))
            self.posts[post_id] = post
            return post

    def create_retweet(self, user_id: str, original: Post) -> Post:
        """Store a retweet of ``original`` by ``user_id`` (RT text cut to 140)."""
        with self.lock:
            author = self.users[original.author_id]
            post_id = self._next_post_id()
            text = retweet_text(author.username, original.note_text or original.text)
            post = Post(
                id=post_id,
                author_id=user_id,
                text=text,
                urls=[r for r in original.urls if r["url"] in text],
                created_at=datetime.now(UTC),
                conversation_id=post_id,
                referenced=[("retweeted", original.id)],
                lang=original.lang,
            )
            self.posts[post_id] = post
            return post

    def delete_post(self, post_id: str) -> bool:
        """Remove a post; True if it existed."""
        with self.lock:
            return self.posts.pop(post_id, None) is not None

    def retweet_by(self, user_id: str, source_id: str) -> Post | None:
        """The user's retweet of ``source_id``, if they retweeted it."""
        with self.lock:
            return next(
                (
                    post
                    for post in self.posts.values()
                    if post.author_id == user_id and ("retweeted", source_id) in post.referenced
                ),
                None,
            )

    def unretweet(self, user_id: str, source_id: str) -> bool:
        """Delete the user's retweet of ``source_id``; True if there was one."""
        with self.lock:
            retweet = self.retweet_by(user_id, source_id)
            return retweet is not None and self.delete_post(retweet.id)
