"""Likes: who liked which post, in order."""

from ..records import Post, User
from ..seed import SeedData
from .base import StatePart


class LikesPart(StatePart):
    """Likes as (user id, post id), oldest like first."""

    likes: list[tuple[str, str]]

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.likes = list(data.likes)

    def like(self, user_id: str, post_id: str) -> bool:
        """Like a post (again is a no-op); True if the like is new."""
        with self.lock:
            if (user_id, post_id) in self.likes:
                return False
            self.likes.append((user_id, post_id))
            self.posts[post_id].like_count += 1
            return True

    def unlike(self, user_id: str, post_id: str) -> bool:
        """Take a like back; True if there was one."""
        with self.lock:
            if (user_id, post_id) not in self.likes:
                return False
            self.likes.remove((user_id, post_id))
            if post_id in self.posts:
                self.posts[post_id].like_count = max(0, self.posts[post_id].like_count - 1)
            return True

    def liked_posts(self, user_id: str) -> list[Post]:
        """Posts the user liked that still exist, most recently liked first."""
        with self.lock:
            return [
                self.posts[post_id]
                for who, post_id in reversed(self.likes)
                if who == user_id and post_id in self.posts
            ]

    def liking_users(self, post_id: str) -> list[User]:
        """Users who liked the post, most recent like first."""
        with self.lock:
            return [self.users[who] for who, p in reversed(self.likes) if p == post_id]
