"""The user's lists and a list's timeline."""

from django.contrib.auth.decorators import login_required

from apps.keitai.responses import FittedListResponse
from apps.xapi import services

from ..paging import Position
from .common import freshness, posts_per_page


@login_required
def lists(request):
    at = Position.of(request)
    cached = services.owned_lists_page(request.user.x_account, pagination_token=at.token)
    page = cached.value
    return FittedListResponse(
        request,
        "client/lists.html",
        {**freshness(cached), "page": page},
        at.rest(page.items),
        more_url=at.more(len(page.items), page.next_token),
    )


@login_required
def list_detail(request, list_id):
    account = request.user.x_account
    at = Position.of(request)
    xlist = services.list_detail(account, list_id).value
    cached = services.list_posts_page(
        account, list_id, pagination_token=at.token, size=posts_per_page(request)
    )
    page = cached.value
    return FittedListResponse(
        request,
        "client/list_detail.html",
        {**freshness(cached), "xlist": xlist, "page": page},
        at.rest(page.items),
        more_url=at.more(len(page.items), page.next_token),
    )
