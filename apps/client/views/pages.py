"""The pages a phone sees: top, home timeline, mentions, the post form."""

import dataclasses
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from apps.keitai.budget import fit_items
from apps.keitai.middleware import input_ok
from apps.xapi import errors, services

from .. import outbox
from ..forms import PostForm
from .common import page_size, refused_message


def top(request):
    """What this is, and the way in."""
    if request.user.is_authenticated and hasattr(request.user, "x_account"):
        return redirect("client:home")
    return render(request, "client/top.html")


@login_required
def home(request):
    """The home timeline, newest first, paged with X's tokens."""
    return _timeline(request, services.home_page, "client/home.html")


@login_required
def mentions(request):
    """Posts that mention the user."""
    return _timeline(request, services.mentions_page, "client/mentions.html")


def _timeline(request, read_page, template):
    """A timeline page holding as many posts as the device's byte budget allows.

    When posts had to be left out, "older" continues from the first one not
    shown (X's ``until_id`` = the last id shown), so nothing is skipped.
    """
    account = request.user.x_account
    token = request.GET.get("page") or None
    if token is not None and not _looks_like_token(token):
        token = None
    until = request.GET.get("until") or None
    if until is not None and not _looks_like_id(until):
        until = None
    cached = read_page(
        account,
        pagination_token=None if until else token,
        until_id=until,
        size=page_size(request),
    )
    page = cached.value
    items = tuple(page.items)
    context = {
        "stale": cached.stale,
        "fetched_at": cached.fetched_at,
        "notice": cached.notice,
        "form": PostForm(),
    }

    def render_page(count, trim):
        shown = items[:count]
        older_url = None
        if count < len(items):
            older_url = "?" + urlencode({"until": shown[-1].id})
        return render_to_string(
            template,
            {
                **context,
                "page": dataclasses.replace(page, items=shown),
                "older_url": older_url,
                "trim_text": 70 if trim else None,
            },
            request,
        )

    fitted = fit_items(request, render_page, len(items))
    return HttpResponse(fitted.html)


@login_required
def post(request):
    """Write a post. A failed send gives the text back with the reason."""
    account = request.user.x_account
    if request.method != "POST":
        return render(request, "client/post.html", {"form": PostForm()})
    form = PostForm(request.POST, input_ok=input_ok(request))
    if not form.is_valid():
        return render(request, "client/post.html", {"form": form}, status=400)
    text = form.cleaned_data["text"]
    in_reply_to = form.cleaned_data.get("in_reply_to") or ""
    quote_of = form.cleaned_data.get("quote_of") or ""
    try:
        services.create_post(
            account, text, in_reply_to=in_reply_to or None, quote_of=quote_of or None
        )
    except outbox.PASSING as exc:
        item = outbox.outbox_keep(
            user=request.user, text=text, error=exc, in_reply_to=in_reply_to, quote_of=quote_of
        )
        reason = (
            _rate_limited_message(exc)
            if isinstance(exc, errors.RateLimited)
            else _("X did not answer in time.")
        )
        return render(
            request,
            "client/post_kept.html",
            {"item": item, "reason": reason},
            status=429 if isinstance(exc, errors.RateLimited) else 503,
        )
    except errors.TokenRevoked:
        raise
    except errors.XError as exc:
        form.add_error(None, refused_message(exc))
        return render(request, "client/post.html", {"form": form}, status=400)
    messages.success(request, _("Posted."))
    if in_reply_to:
        return redirect("client:post_detail", in_reply_to)
    return redirect("client:home")


def _rate_limited_message(exc):
    if exc.reset_at is None:
        return _("X says you are posting too fast.")
    local = timezone.localtime(exc.reset_at)
    return _("X says you are posting too fast; it takes posts again after %(time)s.") % {
        "time": time_format(local, "H:i")
    }


def _looks_like_token(value: str) -> bool:
    return 0 < len(value) <= 128 and value.isalnum()


def _looks_like_id(value: str) -> bool:
    return 0 < len(value) <= 19 and value.isascii() and value.isdigit()
