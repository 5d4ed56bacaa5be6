"""Direct messages: the conversations, one conversation, and sending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.keitai.characters import clean_text
from apps.keitai.middleware import input_ok
from apps.keitai.responses import FittedListResponse
from apps.xapi import errors, services
from apps.xapi.types import User

from .. import outbox
from ..forms import MessageForm
from ..paging import Position
from ..services import (
    dm_conversations,
    dm_people,
    dm_recipient,
    dm_send_or_keep,
    group_members,
    group_name,
)
from .common import freshness, refused_message


@login_required
def dm_list(request):
    at = Position.of(request)
    found = dm_conversations(request.user.x_account, pagination_token=at.token)
    return FittedListResponse(
        request,
        "client/dm_list.html",
        {**freshness(found.read), "page": found.page},
        at.rest(found.items),
        more_url=at.more(len(found.items), found.page.next_token),
    )


@login_required
def dm_conversation(request, username):
    account = request.user.x_account
    form = MessageForm(request.POST or None, input_ok=input_ok(request))
    typed = clean_text(form.data.get("text", "")) if form.is_bound else ""
    try:
        other = dm_recipient(account, username, typed=typed)
    except (*outbox.PASSING, *errors.NO_CREDITS) as exc:
        if not form.is_bound:
            raise
        return _given_back(request, form, username, exc)
    if request.method == "POST" and form.is_valid():
        try:
            kept = dm_send_or_keep(
                user=request.user, participant_id=other.id, text=form.cleaned_data["text"]
            )
        except errors.Refused as exc:
            form.add_error(None, refused_message(exc))
        else:
            if kept is not None and kept.spooled:
                return render(
                    request,
                    "client/write_spooled.html",
                    {"item": kept.item, "reason": refused_message(kept.error)},
                    status=503,
                )
            if kept is not None:
                messages.error(
                    request,
                    _("X did not take the message now; it is kept in your outbox and sent later."),
                )
                return redirect("client:outbox")
            messages.success(request, _("Message sent."))
            return redirect("client:dm_conversation", username)
    at = Position.of(request)
    try:
        cached = services.dm_conversation_with_page(account, other.id, pagination_token=at.token)
    except (*outbox.PASSING, *errors.NO_CREDITS) as exc:
        if not form.is_bound:
            raise
        return _given_back(request, form, username, exc)
    events = [e for e in cached.value.items if e.event_type == "MessageCreate"]
    return FittedListResponse(
        request,
        "client/dm_conversation.html",
        {
            **freshness(cached),
            "other": other,
            "page": cached.value,
            "form": form,
            "my_id": account.x_user_id,
        },
        at.rest(events),
        more_url=at.more(len(events), cached.value.next_token),
        status=400 if form.errors else 200,
    )


@login_required
def dm_group(request, conversation_id):
    """A group conversation, read by its id (sending to a group is not offered here)."""
    account = request.user.x_account
    at = Position.of(request)
    cached = services.dm_conversation_page(account, conversation_id, pagination_token=at.token)
    events = [e for e in cached.value.items if e.event_type == "MessageCreate"]
    people = dm_people(account, cached.value.items)
    return FittedListResponse(
        request,
        "client/dm_group.html",
        {
            **freshness(cached),
            "name": group_name(group_members(cached.value.items, account.x_user_id, people)),
            "people": people,
            "page": cached.value,
            "my_id": account.x_user_id,
        },
        at.rest(events),
        more_url=at.more(len(events), cached.value.next_token),
    )


def _given_back(request, form, username, exc):
    """The typed message with the reason, when X fails before it can be sent or kept."""
    form.add_error(None, refused_message(exc))
    return render(
        request,
        "client/dm_conversation.html",
        {
            "other": User(id="", username=username, name=username),
            "items": [],
            "page": None,
            "form": form,
            "my_id": request.user.x_account.x_user_id,
        },
        status=503,
    )
