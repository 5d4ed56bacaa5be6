"""People: a profile with its posts, follow and unfollow, followers and following."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.xapi import errors, services

from .common import cursor, page_size, refused_message


@login_required
def profile(request, username):
    """Bio, counts and the user's posts."""
    page = services.profile_page(
        request.user.x_account,
        username,
        pagination_token=cursor(request),
        size=page_size(request),
    )
    return render(
        request,
        "client/profile.html",
        {
            "profile": page.user,
            "page": page.posts,
            "stale": page.stale,
            "fetched_at": page.fetched_at,
            "notice": page.notice,
            "is_me": page.user.id == request.user.x_account.x_user_id,
        },
    )


def _people(endpoint, title):
    @login_required
    def view(request, username):
        account = request.user.x_account
        user = services.user_by_username(account, username).value
        cached = endpoint(account, user.id, pagination_token=cursor(request))
        return render(
            request,
            "client/people.html",
            {
                "profile": user,
                "page": cached.value,
                "stale": cached.stale,
                "fetched_at": cached.fetched_at,
                "title": title(),
            },
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
    except errors.TokenRevoked:
        raise
    except errors.XError as exc:
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
    except errors.TokenRevoked:
        raise
    except errors.XError as exc:
        messages.error(request, refused_message(exc))
    else:
        messages.success(request, _("You no longer follow @%(name)s.") % {"name": username})
    return redirect("client:profile", username)
