"""What the client's views ask for beyond a plain read of X.

Writes a user typed go to X or, when X cannot take them now (timeout, 5xx, 429;
or 402 and spending caps: "waiting for credits"), into the outbox: one place for
that fallback, for posts and direct messages. Nothing on the way to X needs the
database (the user and X account come from the session); when the outbox cannot be
written because the database is away, the write goes into this node's spool
(``spool.py``) and moves to the outbox later.
The DM list is a read that groups X's message events into conversations.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from apps.operators import counters
from apps.xapi import errors, services
from apps.xapi.cache import Cached
from apps.xapi.types import DMEvent, Page, User
from yubitter.outage import DATABASE_AWAY

from . import outbox
from .models import OutboxItem

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Kept:
    """A write X could not take now, kept in the outbox (or the spool), and why."""

    item: OutboxItem
    error: errors.Refused
    # In this node's spool (the database was away): ``item`` is not saved yet.
    spooled: bool = False


def _keep(keep, *, waits_for="", **write) -> Kept:
    """Keep a write with ``keep`` (an outbox_keep function), or in the spool."""
    try:
        return Kept(keep(**write), write["error"])
    except DATABASE_AWAY as away:
        item = _spool(away, waits_for=waits_for, **write)
        return Kept(item, write["error"], spooled=True)


def _keep_until_sign_in(**write) -> None:
    try:
        outbox.outbox_keep_until_sign_in(**write)
    except DATABASE_AWAY as away:
        _spool(away, waits_for=outbox.SPOOL_SIGN_IN, **write)


def _spool(away, **write) -> OutboxItem:
    try:
        return outbox.outbox_spool(**write)
    except OSError:
        # Neither the database nor this node's disk: the database's error goes on to
        # the 503 page, which shows the typed text back (nothing is lost unseen).
        logger.exception("the spool could not keep a write either")
        raise away from None


def _send_or_keep(send, *, user, text: str, **fields) -> Kept | None:
    """Make a write with ``send()``; None when X took it, else what kept it (``fields``
    are the outbox item's own). A revoked token is raised after the write is kept until
    the user signs in again (``kept`` set on the error, for the page that says so)."""
    try:
        send()
    except outbox.PASSING as exc:
        return _keep(outbox.outbox_keep, user=user, text=text, error=exc, **fields)
    except errors.NO_CREDITS as exc:
        return _keep(
            outbox.outbox_keep_for_credits,
            waits_for=outbox.SPOOL_CREDITS,
            user=user,
            text=text,
            error=exc,
            **fields,
        )
    except errors.TokenRevoked as exc:
        _keep_until_sign_in(user=user, text=text, **fields)
        exc.kept = True
        raise
    return None


def post_create_or_keep(
    *, user, text: str, in_reply_to: str = "", quote_of: str = ""
) -> Kept | None:
    """Post to X as ``user``; None when posted, the outbox item when kept for later.

    X's other refusals (`errors.Refused`) are raised as they are; a revoked token
    too, after the text is kept to be sent when the user signs in again
    (``kept`` set on the error, for the page that signs the user out to say so).
    """

    def send():
        services.create_post(
            user.x_account, text, in_reply_to=in_reply_to or None, quote_of=quote_of or None
        )
        counters.count_today(counters.POSTS_WEB)

    return _send_or_keep(send, user=user, text=text, in_reply_to=in_reply_to, quote_of=quote_of)


def dm_recipient(account, username: str, *, typed: str = "") -> User:
    """Whom a message goes to, looked up on X.

    With a revoked token the recipient is unknown, so ``typed`` cannot wait in
    the outbox: it rides on the error to the page the user is signed out to
    (RevokedTokenMiddleware shows it there).
    """
    try:
        return services.user_by_username(account, username).value
    except errors.TokenRevoked as exc:
        if typed:
            exc.unsent_text = typed
        raise


def dm_send_or_keep(*, user, participant_id: str, text: str) -> Kept | None:
    """Send a direct message; None when sent, the outbox item when kept for later."""
    return _send_or_keep(
        lambda: services.send_dm(user.x_account, participant_id, text),
        user=user,
        text=text,
        kind=OutboxItem.Kind.DM,
        dm_participant_id=participant_id,
    )


@dataclass(frozen=True, slots=True)
class Conversation:
    """The newest message of one conversation and who it is with.

    ``other`` is the one other person of a one-to-one conversation; a group
    conversation has none, and ``members`` are the people of it the page names
    (senders and joiners seen, the account's user left out), in the order seen.
    """

    id: str
    latest: DMEvent
    other: User | None
    members: tuple[User, ...] = ()

    @property
    def group(self) -> bool:
        return is_group(self.id)

    @property
    def group_name(self) -> str:
        return group_name(self.members)


def is_group(conversation_id: str) -> bool:
    """X names a one-to-one conversation "<user id>-<user id>", a group by one number."""
    return "-" not in conversation_id


@dataclass(frozen=True, slots=True)
class Conversations:
    """One page of X's message events as conversations, newest first."""

    items: list[Conversation]
    page: Page
    read: Cached


def dm_conversations(account, *, pagination_token: str | None = None) -> Conversations:
    """The conversations on one page of the account's message events, with names."""
    cached = services.dm_events_page(account, pagination_token=pagination_token)
    events = cached.value.items
    return Conversations(
        conversations(events, account.x_user_id, dm_people(account, events)), cached.value, cached
    )


def dm_people(account, events) -> dict[str, User]:
    """The people of ``events`` by id: senders X sent along, the others looked up."""
    people = {e.sender.id: e.sender for e in events if e.sender is not None}
    wanted = set().union(*(_participants(e, account.x_user_id) for e in events)) - set(people)
    if wanted:
        try:
            looked_up = services.users_lookup(account, sorted(wanted)[:100]).value
            people.update({user.id: user for user in looked_up.items})
        except errors.Refused:
            pass  # names are a nicety; the conversations still show
    return people


def conversations(events, my_id: str, people: dict[str, User]) -> list[Conversation]:
    """Group a page of events (newest first) into conversations, newest first."""
    latest: dict[str, DMEvent] = {}
    each: dict[str, list[DMEvent]] = {}
    for event in events:
        if not event.dm_conversation_id:
            continue
        each.setdefault(event.dm_conversation_id, []).append(event)
        if event.event_type == "MessageCreate":
            latest.setdefault(event.dm_conversation_id, event)
    found = []
    for conversation_id, event in latest.items():
        members = group_members(each[conversation_id], my_id, people)
        one = None if is_group(conversation_id) else next(iter(members), None)
        found.append(Conversation(conversation_id, event, one, members))
    return found


def group_name(members) -> str:
    """A group conversation named by its people: "Group with Alice, Bob and 2 others"."""
    if not members:
        return gettext("Group conversation")
    names = ", ".join(member.name or member.username for member in members[:2])
    rest = len(members) - 2
    if rest <= 0:
        return gettext("Group with %(names)s") % {"names": names}
    return ngettext(
        "Group with %(names)s and %(count)d other",
        "Group with %(names)s and %(count)d others",
        rest,
    ) % {"names": names, "count": rest}


def group_members(events, my_id: str, people: dict[str, User]) -> tuple[User, ...]:
    """The people ``events`` name that X told about, the account's user left out."""
    known: dict[str, User] = {}
    for event in events:
        for person in sorted(_participants(event, my_id)):
            if person in people:
                known.setdefault(person, people[person])
    return tuple(known.values())


def _participants(event: DMEvent, my_id: str) -> set[str]:
    """Who an event names besides the account's user: sender, joiners, a 1:1 id's two."""
    ids = set(event.participant_ids)
    if event.dm_conversation_id and not is_group(event.dm_conversation_id):
        ids.update(event.dm_conversation_id.split("-"))
    if event.sender_id:
        ids.add(event.sender_id)
    ids.discard(my_id)
    return ids
