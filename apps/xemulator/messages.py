"""Direct-message events as X stores them, and X's ids for one-to-one conversations."""

import re
from datetime import datetime

from .records import DmEvent
from .text import shorten_links

_STATUS_LINK = re.compile(r"^https?://(?:www\.)?(?:x|twitter)\.com/\w{1,15}/status/(\d{1,19})")


def dm_message(
    event_id: str, conversation_id: str, sender_id: str, text: str, when: datetime
) -> DmEvent:
    """A MessageCreate event; links become t.co links and post links references."""
    stored, urls = shorten_links(text, f"dm:{event_id}")
    referenced = [m.group(1) for r in urls if (m := _STATUS_LINK.match(r["expanded_url"]))]
    return DmEvent(
        id=event_id,
        event_type="MessageCreate",
        conversation_id=conversation_id,
        created_at=when,
        sender_id=sender_id,
        text=stored,
        urls=urls,
        referenced_tweet_ids=referenced,
    )


def one_to_one_id(first_id: str, second_id: str) -> str:
    """X's id of a 1:1 conversation: both user ids, lower first."""
    low, high = sorted((first_id, second_id), key=int)
    return f"{low}-{high}"
