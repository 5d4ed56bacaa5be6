"""Lists: who may see one, a user's Lists, a List's posts."""

from ..records import Post, XList
from ..seed import SeedData
from .base import StatePart


class ListsPart(StatePart):
    """The Lists, by id."""

    lists: dict[str, XList]

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.lists = {item.id: item for item in data.lists}

    def visible_list(self, list_id: str, viewer_id: str) -> XList | None:
        """The List, unless it is missing or someone else's private List."""
        found = self.lists.get(list_id)
        if found is None or (found.private and found.owner_id != viewer_id):
            return None
        return found

    def owned_lists(self, owner_id: str, viewer_id: str) -> list[XList]:
        """The owner's Lists the viewer may see, newest first."""
        with self.lock:
            found = [
                item
                for item in self.lists.values()
                if item.owner_id == owner_id and (not item.private or viewer_id == owner_id)
            ]
        return sorted(found, key=lambda item: int(item.id), reverse=True)

    def list_posts(self, found: XList, viewer_id: str) -> list[Post]:
        """Posts by the List's members, newest first."""
        members = set(found.member_ids)
        return self.newest_first(
            lambda p: p.author_id in members and self.can_see_posts_of(viewer_id, p.author_id)
        )
