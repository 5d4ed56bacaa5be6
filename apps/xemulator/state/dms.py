"""Direct messages: conversations and their events, sending."""

from datetime import UTC, datetime

from ..ids import snowflake
from ..messages import dm_message
from ..records import DmEvent
from ..seed import SeedData
from .base import StatePart


class DirectMessagesPart(StatePart):
    """DM events by id, and each conversation's participant ids."""

    dm_events: dict[str, DmEvent]
    dm_conversations: dict[str, list[str]]

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.dm_events = {event.id: event for event in data.dm_events}
        self.dm_conversations = dict(data.dm_conversations)

    def dm_events_of(self, user_id: str, conversation_id: str | None = None) -> list[DmEvent]:
        """Events of the user's conversations (or of one), newest first."""
        with self.lock:
            mine = {c for c, people in self.dm_conversations.items() if user_id in people}
            found = [
                event
                for event in self.dm_events.values()
                if event.conversation_id in mine
                and (conversation_id is None or event.conversation_id == conversation_id)
            ]
        return sorted(found, key=lambda e: int(e.id), reverse=True)

    def send_dm(self, sender_id: str, conversation_id: str, text: str) -> DmEvent:
        """Add a message to a conversation (a 1:1 one is created on first use)."""
        with self.lock:
            if conversation_id not in self.dm_conversations:
                self.dm_conversations[conversation_id] = conversation_id.split("-")
            newest = max((int(i) for i in [*self.dm_events, *self.posts]), default=0)
            now = datetime.now(UTC)
            event_id = str(max(int(snowflake(now, 1)), newest + 1))
            event = dm_message(event_id, conversation_id, sender_id, text, now)
            self.dm_events[event_id] = event
            return event
