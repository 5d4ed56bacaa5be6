"""People: a profile with its posts, follow and unfollow, followers and following."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.keitai.responses import FittedListResponse
from apps.xapi import access, errors, services

from ..paging import Position
from .common import freshness, posts_per_page, refused_message


@login_required
def profile(request, username):
    """Bio, counts and the user's posts."""
    at = Position.of(request)
    page = services.profile_page(
        request.user.x_account,
        username,
        pagination_token=at.token,
        size=posts_per_page(request),
    )
    posts = page.posts.items if page.posts is not None else ()
    return FittedListResponse(
        request,
        "client/profile.html",
        {
            **freshness(page),
            "profile": page.user,
            "page": page.posts,
            "is_me": page.user.id == request.user.x_account.x_user_id,
            "allowed": access.actions_for(request.user.x_account),
        },
        at.rest(posts),
        more_url=at.more(len(posts), page.posts.next_token if page.posts else None),
    )


def _people(endpoint, title):
    @login_required
    def view(request, username):
        account = request.user.x_account
        at = Position.of(request)
        user = services.user_by_username(account, username).value
        cached = endpoint(account, user.id, pagination_token=at.token)
        page = cached.value
        return FittedListResponse(
            request,
            "client/people.html",
            {**freshness(cached), "profile": user, "page": page, "title": title()},
            at.rest(page.items),
            more_url=at.more(len(page.items), page.next_token),
        )

    return view


followers = _people(services.followers_page, lambda: _("Followers"))
following = _people(services.following_page, lambda: _("Following"))


@login_required
@require_POST
def follow(request, username):
    account = request.user.x_account
    try:
        user = services.user_by_username(account, username).value
        result = services.follow(account, user.id)
    except errors.Refused as exc:
        messages.error(request, refused_message(exc))
    else:
        if result.pending:
            messages.info(
                request, _("Follow request sent; @%(name)s has to approve it.") % {"name": username}
            )
        else:
            messages.success(request, _("You follow @%(name)s.") % {"name": username})
    return redirect("client:profile", username)


@login_required
@require_POST
def unfollow(request, username):
    account = request.user.x_account
    try:
        user = services.user_by_username(account, username).value
        services.unfollow(account, user.id)
    except errors.Refused as exc:
        messages.error(request, refused_message(exc))
    else:
        messages.success(request, _("You no longer follow @%(name)s.") % {"name": username})
    return redirect("client:profile", username)
