"""Direct messages: the account's events, one conversation (with a user, or by id), sending."""

from __future__ import annotations

from .. import errors
from ..fields import DM_FIELDS
from ..transport import Transport, clamp, segment
from ..types import Page, parse_dm_event, parse_page

# X's limit for DM event pages (xapi.md §2.1): 1-100.
_DM_RANGE = (1, 100)


class DMCalls(Transport):
    """Reading and sending direct messages."""

    def _dm_page(self, path: str, max_results: int, pagination_token: str | None) -> Page:
        params = {
            **DM_FIELDS,
            "max_results": clamp(max_results, _DM_RANGE),
            "pagination_token": pagination_token,
        }
        return parse_page(self._json("GET", path, params=params), parse_dm_event)

    def dm_events(self, *, max_results: int = 20, pagination_token: str | None = None) -> Page:
        """The user's recent direct-message events in every conversation, newest first."""
        return self._dm_page("/2/dm_events", max_results, pagination_token)

    def dm_conversation_with(
        self, participant_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """The one-to-one conversation with `participant_id`, newest first (Page of DMEvent)."""
        path = f"/2/dm_conversations/with/{segment(participant_id)}/dm_events"
        return self._dm_page(path, max_results, pagination_token)

    def dm_conversation(
        self, conversation_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """A conversation by its id (a group's too), newest first (Page of DMEvent)."""
        path = f"/2/dm_conversations/{segment(conversation_id)}/dm_events"
        return self._dm_page(path, max_results, pagination_token)

    def send_dm(self, participant_id: str, text: str) -> tuple[str, str]:
        """Send `text` to one user; returns (conversation id, event id)."""
        path = f"/2/dm_conversations/with/{segment(participant_id)}/messages"
        answer = self._json("POST", path, body={"text": text}, expect=(200, 201), action="dm")
        data = answer.get("data") or {}
        if "dm_conversation_id" not in data or "dm_event_id" not in data:
            raise errors.Unavailable(201, "X accepted the message but sent no ids")
        return str(data["dm_conversation_id"]), str(data["dm_event_id"])
