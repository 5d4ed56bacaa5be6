"""All the emulator knows, in memory and behind one lock: users, posts, OAuth, limits, faults.

Besides users and posts it keeps follows (and pending follow requests to
protected accounts), likes, mutes, Lists and DM conversations, the access
tier that decides which writes X allows, and ``media_base_url``, which makes
seeded media and avatars point at this emulator's ``/_media/`` images. One
module per kind of record (`base.StatePart` says how to add one); `store`
puts them together.
"""

from .limits import TIERS
from .oauth import REQUEST_TOKEN_LIFETIME
from .store import EmulatorState, default_state

__all__ = ["REQUEST_TOKEN_LIFETIME", "TIERS", "EmulatorState", "default_state"]
