"""The social graph: follows, follow requests to protected accounts, mutes."""

from ..records import User
from ..seed import SeedData
from .base import StatePart


class SocialGraphPart(StatePart):
    """Who follows and mutes whom (the lists live on each User)."""

    # (follower id, followed username) → order of the follow, for follower lists.
    follow_order: dict[tuple[str, str], int]

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.follow_order = {}
        for user in data.users:
            for username in user.following:
                self.follow_order[(user.id, username)] = len(self.follow_order)

    def follow(self, user_id: str, target_id: str) -> tuple[bool, bool]:
        """Follow ``target_id``: (following, pending_follow); protected targets get a request."""
        with self.lock:
            user, target = self.users[user_id], self.users[target_id]
            if target.username in user.following:
                return True, False
            if target.protected:
                if user.username not in target.follow_requests:
                    target.follow_requests.append(user.username)
                return False, True
            user.following.append(target.username)
            self.follow_order[(user_id, target.username)] = len(self.follow_order) + 1
            return True, False

    def approve_follow_request(self, target_id: str, requester_id: str) -> None:
        """The protected account accepts a pending request (tests use it)."""
        with self.lock:
            target, requester = self.users[target_id], self.users[requester_id]
            if requester.username in target.follow_requests:
                target.follow_requests.remove(requester.username)
            if target.username not in requester.following:
                requester.following.append(target.username)
                self.follow_order[(requester_id, target.username)] = len(self.follow_order) + 1

    def unfollow(self, user_id: str, target_id: str) -> None:
        """Stop following (or withdraw a pending request)."""
        with self.lock:
            user, target = self.users[user_id], self.users[target_id]
            if target.username in user.following:
                user.following.remove(target.username)
            if user.username in target.follow_requests:
                target.follow_requests.remove(user.username)

    def following_of(self, user_id: str) -> list[User]:
        """Accounts the user follows, most recent follow first."""
        with self.lock:
            by_name = {u.username: u for u in self.users.values()}
            names = reversed(self.users[user_id].following)
            return [by_name[name] for name in names if name in by_name]

    def followers_of(self, user_id: str) -> list[User]:
        """Accounts following the user, most recent follow first."""
        with self.lock:
            username = self.users[user_id].username
            found = [u for u in self.users.values() if username in u.following]
            return sorted(
                found, key=lambda u: self.follow_order.get((u.id, username), 0), reverse=True
            )

    def mute(self, user_id: str, target_id: str) -> None:
        """Mute an account."""
        with self.lock:
            if target_id not in self.users[user_id].muting:
                self.users[user_id].muting.append(target_id)

    def unmute(self, user_id: str, target_id: str) -> None:
        """Unmute an account."""
        with self.lock:
            if target_id in self.users[user_id].muting:
                self.users[user_id].muting.remove(target_id)

    def muted_users(self, user_id: str) -> list[User]:
        """Muted accounts, most recently muted first."""
        with self.lock:
            return [self.users[i] for i in reversed(self.users[user_id].muting) if i in self.users]
