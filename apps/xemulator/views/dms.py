"""Direct messages: the user's DM events, one conversation's events, sending.

A 1:1 conversation's id is both user ids joined by "-", lower first; a group's
is numeric. Events come newest first with base32-looking page tokens. DM text
is served as stored (not HTML-escaped, unlike post text; unverified on X).
"""

import re

from .. import v2
from ..messages import one_to_one_id
from ..pagination import paginate_items
from ..params import DM_EVENT_TYPES, DM_EXPANSIONS, DM_PARAMS, Query, check_path_id
from ..present import Presenter
from ..problems import (
    InvalidRequest,
    json_response,
    not_found_item,
    not_found_response,
    problem_response,
)
from .tweets import payload_of

_CONVERSATION_ID = re.compile(r"^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$")
MAX_DM_LENGTH = 10000
NOT_A_PARTICIPANT = "You are not a participant of this conversation."


def _events_page(request, state, query, events):
    types = query.csv("event_types", DM_EVENT_TYPES) or DM_EVENT_TYPES
    events = [e for e in events if e.event_type in types]
    page, meta = paginate_items(
        events,
        max_results=query.max_results(1, 100, 100),
        token=query.get("pagination_token"),
        style="base32",
    )
    body = Presenter(state, query, expansions=DM_EXPANSIONS).dm_events_body(page)
    body["meta"] = meta
    return json_response(body)


@v2.endpoint("dm_events")
def events(request, state, token):
    """GET /2/dm_events: every conversation of the user, newest event first."""
    query = Query(request, DM_PARAMS)
    return _events_page(request, state, query, state.dm_events_of(token.user_id))


def _participant(state, token, participant_id):
    """The 1:1 conversation id with ``participant_id``, or an error response."""
    check_path_id("participant_id", participant_id)
    if state.user(participant_id) is None:
        item = not_found_item("user", "participant_id", participant_id)
        return None, not_found_response(item, state.not_found_status)
    if participant_id == token.user_id:
        raise InvalidRequest(
            "The `participant_id` must not be the authenticated user",
            {"participant_id": [participant_id]},
        )
    return one_to_one_id(token.user_id, participant_id), None


def _conversation(state, token, conversation_id):
    """None when the user may use ``conversation_id``, else an error response."""
    if not _CONVERSATION_ID.match(conversation_id):
        raise InvalidRequest(
            f"The `id` query parameter value [{conversation_id}] does not match "
            "^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$",
            {"id": [conversation_id]},
        )
    with state.lock:
        people = state.dm_conversations.get(conversation_id)
    if people is None and "-" in conversation_id:
        people = conversation_id.split("-")  # a 1:1 conversation exists implicitly
        if any(state.user(p) is None for p in people) or people[0] == people[1]:
            people = None
    if people is None or token.user_id not in people:
        return problem_response(403, NOT_A_PARTICIPANT)
    return None


@v2.endpoint("dm_conversation_with_events")
def events_with(request, state, token, participant_id):
    """GET /2/dm_conversations/with/:participant_id/dm_events."""
    query = Query(request, DM_PARAMS)
    conversation_id, missing = _participant(state, token, participant_id)
    if missing:
        return missing
    found = state.dm_events_of(token.user_id, conversation_id)
    return _events_page(request, state, query, found)


@v2.endpoint("dm_conversation_events")
def conversation_events(request, state, token, conversation_id):
    """GET /2/dm_conversations/:id/dm_events."""
    query = Query(request, DM_PARAMS)
    refused = _conversation(state, token, conversation_id)
    if refused:
        return refused
    found = state.dm_events_of(token.user_id, conversation_id)
    return _events_page(request, state, query, found)


def _text(request) -> str:
    payload = payload_of(request)
    text = payload.get("text")
    if payload.get("attachments"):
        raise InvalidRequest(
            "$.attachments: media attachments are not supported by this emulator",
            {"attachments": [str(payload["attachments"])[:50]]},
        )
    if not isinstance(text, str) or not text.strip():
        raise InvalidRequest(
            "$.text: is missing but it is required", {"text": [str(text) if text else ""]}
        )
    if len(text) > MAX_DM_LENGTH:
        raise InvalidRequest(
            f"$.text: must be at most {MAX_DM_LENGTH} characters long", {"text": [text[:50]]}
        )
    return text


def _sent(state, token, conversation_id, text):
    event = state.send_dm(token.user_id, conversation_id, text)
    body = {"data": {"dm_conversation_id": conversation_id, "dm_event_id": event.id}}
    return json_response(body, status=201)


@v2.endpoint("dm_send_with")
def send_with(request, state, token, participant_id):
    """POST /2/dm_conversations/with/:participant_id/messages {"text"} → 201."""
    Query(request, frozenset())
    conversation_id, missing = _participant(state, token, participant_id)
    if missing:
        return missing
    return _sent(state, token, conversation_id, _text(request))


@v2.endpoint("dm_send")
def send(request, state, token, conversation_id):
    """POST /2/dm_conversations/:dm_conversation_id/messages {"text"} → 201."""
    Query(request, frozenset())
    refused = _conversation(state, token, conversation_id)
    if refused:
        return refused
    return _sent(state, token, conversation_id, _text(request))
