"""The home timeline and mentions: as many posts as the phone's byte budget allows."""

from django.contrib.auth.decorators import login_required

from apps.keitai.responses import FittedListResponse
from apps.xapi import services

from ..forms import PostForm
from ..paging import id_param, older_than_shown, token_param
from .common import freshness, posts_per_page


@login_required
def home(request):
    """The home timeline, newest first, paged with X's tokens."""
    return _timeline(request, services.home_page, "client/home.html")


@login_required
def mentions(request):
    """Posts that mention the user."""
    return _timeline(request, services.mentions_page, "client/mentions.html")


def _timeline(request, read_page, template):
    """A timeline page; "older" goes on from the last post shown (X's ``until_id``)."""
    until = id_param(request, "until")
    cached = read_page(
        request.user.x_account,
        pagination_token=token_param(request),
        until_id=until,
        size=posts_per_page(request),
    )
    page = cached.value
    return FittedListResponse(
        request,
        template,
        {**freshness(cached), "page": page, "form": PostForm()},
        page.items,
        more_url=older_than_shown(page.items, page.next_token, until),
    )
