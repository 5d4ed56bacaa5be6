"""Search recent posts (X keeps the last 7 days)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import urlencode

from apps.keitai.responses import FittedListResponse
from apps.xapi import errors, services

from ..forms import SearchForm
from ..paging import Position
from .common import freshness, posts_per_page, refused_message


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "page": None, "query": ""}
    if form.is_bound and not form.is_valid():
        # Too long, or a NUL: say why and give back what was typed.
        context["query"] = form["q"].value() or ""
        context["error"] = " ".join(form.errors.get("q", []))
    elif form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        context["query"] = query
        at = Position.of(request)
        try:
            cached = services.search_page(
                request.user.x_account, query, next_token=at.token, size=posts_per_page(request)
            )
        except errors.BadRequest as exc:
            context["error"] = refused_message(exc)
        else:
            page = cached.value
            context.update(
                freshness(cached),
                page=page,
                # Paging links keep the query: ?q=...&page=<token>
                pager_query=urlencode({"q": query}) + "&",
            )
            return FittedListResponse(
                request,
                "client/search.html",
                context,
                at.rest(page.items),
                more_url=at.more(len(page.items), page.next_token, query=[("q", query)]),
            )
    return render(request, "client/search.html", context)
