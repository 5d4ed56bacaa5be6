"""Search recent posts (X keeps the last 7 days)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.xapi import errors, services

from ..forms import SearchForm
from .common import cursor, page_size, refused_message


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "page": None, "query": ""}
    if form.is_bound and not form.is_valid():
        # Too long, or a NUL: say why and give back what was typed.
        context["query"] = form.data.get("q", "")
        context["error"] = " ".join(form.errors.get("q", []))
    elif form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        context["query"] = query
        try:
            cached = services.search_page(
                request.user.x_account, query, next_token=cursor(request), size=page_size(request)
            )
        except errors.BadRequest as exc:
            context["error"] = refused_message(exc)
        else:
            context.update(
                page=cached.value,
                stale=cached.stale,
                fetched_at=cached.fetched_at,
                notice=cached.notice,
                # Paging links keep the query: ?q=...&page=<token>
                pager_query=urlencode({"q": query}) + "&",
            )
    return render(request, "client/search.html", context)
