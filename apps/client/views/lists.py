"""The user's lists and a list's timeline."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.xapi import services

from .common import cursor, page_size


@login_required
def lists(request):
    cached = services.owned_lists_page(request.user.x_account, pagination_token=cursor(request))
    return render(request, "client/lists.html", {"page": cached.value, "stale": cached.stale})


@login_required
def list_detail(request, list_id):
    account = request.user.x_account
    xlist = services.list_detail(account, list_id).value
    cached = services.list_posts_page(
        account, list_id, pagination_token=cursor(request), size=page_size(request)
    )
    return render(
        request,
        "client/list_detail.html",
        {
            "xlist": xlist,
            "page": cached.value,
            "stale": cached.stale,
            "fetched_at": cached.fetched_at,
            "notice": cached.notice,
        },
    )
