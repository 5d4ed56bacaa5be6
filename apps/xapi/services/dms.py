"""Direct messages: the account's conversations, one conversation, sending."""

from __future__ import annotations

from .. import cache
from ..errors import BadRequest
from ..types import Page
from .common import client_for, forget, page_size, read

# X takes up to 10,000 characters in a message.
MAX_DM_LENGTH = 10_000


def dm_events_page(
    account, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """The account's recent messages in every conversation (a Page of DMEvent)."""
    size = page_size(size)
    return read(
        account,
        "dm",
        {"all": True, "max_results": size, "pagination_token": pagination_token},
        lambda: client_for(account).dm_events(max_results=size, pagination_token=pagination_token),
    )


def dm_conversation_with_page(
    account, participant_id: str, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of the one-to-one conversation with a user."""
    size = page_size(size)
    return read(
        account,
        "dm",
        {"with": str(participant_id), "max_results": size, "pagination_token": pagination_token},
        lambda: client_for(account).dm_conversation_with(
            participant_id, max_results=size, pagination_token=pagination_token
        ),
    )


def dm_conversation_page(
    account, conversation_id: str, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of a conversation by its id (how a group conversation is read)."""
    size = page_size(size)
    return read(
        account,
        "dm",
        {
            "conversation": conversation_id,
            "max_results": size,
            "pagination_token": pagination_token,
        },
        lambda: client_for(account).dm_conversation(
            conversation_id, max_results=size, pagination_token=pagination_token
        ),
    )


def send_dm(account, participant_id: str, text: str) -> tuple[str, str]:
    """Send a message to a user; returns (conversation id, event id).

    X's errors come through unchanged (the outbox retries Unavailable/RateLimited).
    """
    if not text.strip() or len(text) > MAX_DM_LENGTH:
        raise BadRequest(None, "The message is empty or longer than X allows.")
    ids = client_for(account).send_dm(participant_id, text)
    forget(account, "send_dm")
    return ids
