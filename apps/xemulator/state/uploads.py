"""Media uploaded through X's media upload (the rules live in ``apps/xemulator/uploads.py``)."""

from ..seed import SeedData
from ..uploads import Upload
from .base import StatePart


class UploadsPart(StatePart):
    """Uploaded bytes by their ``/_media/`` name, and whether the app may upload."""

    uploads: dict[str, Upload]
    media_upload_enrolled: bool

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.uploads = {}
        self.media_upload_enrolled = True
