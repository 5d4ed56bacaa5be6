"""Direct messages: the conversations, one conversation, and sending."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.keitai.middleware import input_ok
from apps.xapi import errors, services
from apps.xapi.types import DMEvent, User

from .. import outbox
from ..forms import MessageForm
from ..models import OutboxItem
from .common import cursor, refused_message


@dataclass(frozen=True)
class Conversation:
    """The newest message of one conversation and who it is with."""

    id: str
    latest: DMEvent
    other: User | None


def conversations(events, my_id: str, people: dict[str, User]) -> list[Conversation]:
    """Group a page of events (newest first) into conversations, newest first."""
    seen: dict[str, Conversation] = {}
    for event in events:
        if event.event_type != "MessageCreate" or not event.dm_conversation_id:
            continue
        if event.dm_conversation_id in seen:
            continue
        other_id = _other_participant(event, my_id)
        seen[event.dm_conversation_id] = Conversation(
            id=event.dm_conversation_id, latest=event, other=people.get(other_id)
        )
    return list(seen.values())


def _other_participant(event: DMEvent, my_id: str) -> str | None:
    ids = set(event.participant_ids) or set(event.dm_conversation_id.split("-"))
    if event.sender_id:
        ids.add(event.sender_id)
    ids.discard(my_id)
    return next(iter(sorted(ids)), None)


@login_required
def dm_list(request):
    account = request.user.x_account
    cached = services.dm_events_page(account, pagination_token=cursor(request))
    people = {e.sender.id: e.sender for e in cached.value.items if e.sender is not None}
    wanted = (
        {
            _other_participant(e, account.x_user_id)
            for e in cached.value.items
            if e.dm_conversation_id
        }
        - set(people)
        - {None}
    )
    if wanted:
        try:
            looked_up = services.users_lookup(account, sorted(wanted)[:100]).value
            people.update({user.id: user for user in looked_up.items})
        except errors.TokenRevoked:
            raise
        except errors.XError:
            pass  # names are a nicety; the conversations still show
    return render(
        request,
        "client/dm_list.html",
        {
            "conversations": conversations(cached.value.items, account.x_user_id, people),
            "page": cached.value,
            "stale": cached.stale,
            "fetched_at": cached.fetched_at,
        },
    )


@login_required
def dm_conversation(request, username):
    account = request.user.x_account
    form = MessageForm(request.POST or None, input_ok=input_ok(request))
    try:
        other = services.user_by_username(account, username).value
    except outbox.PASSING as exc:
        if not form.is_bound:
            raise
        return _given_back(request, form, username, exc)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            services.send_dm(account, other.id, text)
        except outbox.PASSING as exc:
            outbox.outbox_keep(
                user=request.user,
                kind=OutboxItem.Kind.DM,
                text=text,
                error=exc,
                dm_participant_id=other.id,
            )
            messages.error(
                request,
                _("X did not take the message now; it is kept in your outbox and sent later."),
            )
            return redirect("client:outbox")
        except errors.TokenRevoked:
            raise
        except errors.XError as exc:
            form.add_error(None, refused_message(exc))
        else:
            messages.success(request, _("Message sent."))
            return redirect("client:dm_conversation", username)
    try:
        cached = services.dm_conversation_with_page(
            account, other.id, pagination_token=cursor(request)
        )
    except outbox.PASSING as exc:
        if not form.is_bound:
            raise
        return _given_back(request, form, username, exc)
    return render(
        request,
        "client/dm_conversation.html",
        {
            "other": other,
            "events": [e for e in cached.value.items if e.event_type == "MessageCreate"],
            "page": cached.value,
            "stale": cached.stale,
            "fetched_at": cached.fetched_at,
            "form": form,
            "my_id": account.x_user_id,
        },
        status=400 if form.errors else 200,
    )


def _given_back(request, form, username, exc):
    """The typed message with the reason, when X fails before it can be sent or kept."""
    form.add_error(None, refused_message(exc))
    return render(
        request,
        "client/dm_conversation.html",
        {
            "other": User(id="", username=username, name=username),
            "events": [],
            "page": None,
            "form": form,
            "my_id": request.user.x_account.x_user_id,
        },
        status=503,
    )
