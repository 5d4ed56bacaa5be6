"""Media records, and where seeded media and avatars are served from."""

from .. import images
from ..records import Media, User
from ..seed import SeedData
from .base import StatePart


class MediaPart(StatePart):
    """Media by key; with ``media_base_url`` set, URLs point at local images."""

    media: dict[str, Media]
    # Where /_media/ images are served; set once by the server, kept across reset().
    media_base_url: str | None

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.media = {item.media_key: item for item in data.media}

    def local_media_url(self, name: str | None) -> str | None:
        """``<media_base_url>/_media/<name>`` when local media is on, else None."""
        if not self.media_base_url or not name:
            return None
        return f"{self.media_base_url.rstrip('/')}/_media/{name}"

    def media_url(self, item: Media) -> str | None:
        """A photo's ``url``: pbs.twimg.com, or the local image when switched."""
        return (self.local_media_url(item.local_name) if item.type == "photo" else None) or item.url

    def preview_url(self, item: Media) -> str | None:
        """A video's or GIF's ``preview_image_url``, local when switched."""
        local = self.local_media_url(item.local_name) if item.type != "photo" else None
        return local or item.preview_image_url

    def profile_image_url(self, user: User) -> str:
        """A user's avatar URL, local when switched."""
        return self.local_media_url(images.avatar_name(user.username)) or user.profile_image_url
