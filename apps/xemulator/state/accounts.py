"""Users: lookups by id and name, and the authorize page's password check."""

import secrets

from ..records import User
from ..seed import SeedData
from .base import StatePart


class AccountsPart(StatePart):
    """The X accounts, by id."""

    users: dict[str, User]

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.users = {user.id: user for user in data.users}

    def user(self, user_id: str) -> User | None:
        """The user with ``user_id``, if any."""
        return self.users.get(user_id)

    def user_by_username(self, username: str) -> User | None:
        """The user called ``username`` (case-insensitive), if any."""
        wanted = username.lower()
        with self.lock:
            return next((u for u in self.users.values() if u.username.lower() == wanted), None)

    def user_ids_by_username(self) -> dict[str, str]:
        """Lower-cased username → id, for mention entities."""
        with self.lock:
            return {u.username.lower(): u.id for u in self.users.values()}

    def check_password(self, username: str, password: str) -> User | None:
        """The user if ``password`` is theirs (the authorize page's login)."""
        user = self.user_by_username(username)
        if user and secrets.compare_digest(user.password, password):
            return user
        return None
