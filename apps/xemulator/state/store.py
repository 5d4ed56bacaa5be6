"""The emulator's state: every part (`base.StatePart`) behind one lock."""

import copy
import threading
from functools import lru_cache

from .. import seed
from .accounts import AccountsPart
from .billing import BillingPart
from .dms import DirectMessagesPart
from .faults import FaultsPart
from .likes import LikesPart
from .limits import LimitsPart
from .lists import ListsPart
from .media import MediaPart
from .oauth import OAuthPart
from .posts import PostsPart
from .social import SocialGraphPart
from .uploads import UploadsPart


@lru_cache(maxsize=1)
def _seed() -> seed.SeedData:
    return seed.build()


class EmulatorState(
    AccountsPart,
    PostsPart,
    LikesPart,
    SocialGraphPart,
    ListsPart,
    DirectMessagesPart,
    MediaPart,
    UploadsPart,
    OAuthPart,
    LimitsPart,
    BillingPart,
    FaultsPart,
):
    """The store one emulator serves; ``reset()`` puts the seed data back."""

    def __init__(self, media_base_url: str | None = None):
        self.lock = threading.RLock()
        self.media_base_url = media_base_url
        self.reset()

    def reset(self) -> None:
        """Forget everything and load the seed again (faults and limits included)."""
        data = copy.deepcopy(_seed())
        with self.lock:
            self._load(data)


default_state = EmulatorState()
