"""One post: its page with the conversation, and what can be done to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.keitai.responses import FittedListResponse
from apps.xapi import access, errors, services

from ..forms import PostForm
from ..paging import Position
from .common import freshness, posts_per_page, refused_message


@login_required
def post_detail(request, post_id):
    """The post in full (long posts too), its quote, media, actions and replies."""
    at = Position.of(request)
    page = services.post_page(
        request.user.x_account, post_id, next_token=at.token, size=posts_per_page(request)
    )
    shown = page.post.shown
    replies = page.replies.items if page.replies is not None else ()
    state = _engagement(request.user.x_account)
    return FittedListResponse(
        request,
        "client/post_detail.html",
        {
            **freshness(page),
            "post": page.post,
            "shown": shown,
            "replies": page.replies,
            "own": shown.author_id == request.user.x_account.x_user_id,
            # None when X would not say: both actions are offered then.
            "liked": None if state is None else shown.id in state.liked,
            "reposted": None if state is None else shown.id in state.reposted,
            "reply_form": PostForm(initial={"in_reply_to": shown.id, "text": _mention(shown)}),
            # What X_ACCESS lets the app do: the rest is not offered.
            "allowed": access.actions_for(request.user.x_account, shown),
        },
        at.rest(replies),
        more_url=at.more(len(replies), page.replies.next_token if page.replies else None),
    )


@login_required
def quote(request, post_id):
    """Quote a post: the form, with the quoted post shown above it."""
    cached = services.post_detail(request.user.x_account, post_id)
    return render(
        request,
        "client/quote.html",
        {
            "quoted": cached.value.shown,
            "form": PostForm(initial={"quote_of": cached.value.shown.id}),
        },
    )


def _engagement(account):
    """What the account liked and reposted lately, or None when X does not tell."""
    try:
        return services.engagement(account)
    except errors.Refused:
        # Any refusal but a revoked token (not a Refused): the page shows both actions.
        return None


def _mention(post) -> str:
    return f"@{post.author.username} " if post.author else ""


def _action(write, done_message):
    """A POST-only view that applies one write to a post and returns to where it was."""

    @login_required
    @require_POST
    def view(request, post_id):
        try:
            write(request.user.x_account, post_id)
        except errors.Refused as exc:
            messages.error(request, refused_message(exc))
        else:
            messages.success(request, done_message())
        return redirect("client:post_detail", post_id)

    return view


like = _action(services.like, lambda: _("Liked."))
unlike = _action(services.unlike, lambda: _("Like removed."))
retweet = _action(services.retweet, lambda: _("Reposted."))
unretweet = _action(services.unretweet, lambda: _("Repost undone."))


@login_required
def delete(request, post_id):
    """Ask first, then delete one of the user's own posts."""
    account = request.user.x_account
    if request.method != "POST":
        cached = services.post_detail(account, post_id)
        return render(request, "client/delete_confirm.html", {"post": cached.value})
    try:
        services.delete_post(account, post_id)
    except errors.Refused as exc:
        messages.error(request, refused_message(exc))
        return redirect("client:post_detail", post_id)
    messages.success(request, _("Deleted."))
    return redirect("client:home")
