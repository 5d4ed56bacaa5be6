"""The pages a phone sees: top, home timeline, mentions, the post form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from apps.xapi import errors, services

from .. import outbox
from ..forms import PostForm


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
    account = request.user.x_account
    token = request.GET.get("page") or None
    if token is not None and not _looks_like_token(token):
        token = None
    cached = read_page(account, pagination_token=token)
    return render(
        request,
        template,
        {
            "page": cached.value,
            "stale": cached.stale,
            "fetched_at": cached.fetched_at,
            "notice": cached.notice,
            "form": PostForm(),
        },
    )


@login_required
def post(request):
    """Write a post. A failed send gives the text back with the reason."""
    account = request.user.x_account
    if request.method != "POST":
        return render(request, "client/post.html", {"form": PostForm()})
    form = PostForm(request.POST)
    if not form.is_valid():
        return render(request, "client/post.html", {"form": form}, status=400)
    text = form.cleaned_data["text"]
    in_reply_to = form.cleaned_data.get("in_reply_to") or ""
    try:
        services.create_post(account, text, in_reply_to=in_reply_to or None)
    except outbox.PASSING as exc:
        item = outbox.outbox_keep(user=request.user, text=text, error=exc, in_reply_to=in_reply_to)
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
        form.add_error(None, _("X refused the post: %(reason)s") % {"reason": _reason(exc)})
        return render(request, "client/post.html", {"form": form}, status=400)
    messages.success(request, _("Posted."))
    return redirect("client:home")


def _reason(exc):
    return getattr(exc, "reason", None) or exc.detail or _("no reason given")


def _rate_limited_message(exc):
    if exc.reset_at is None:
        return _("X says you are posting too fast.")
    local = timezone.localtime(exc.reset_at)
    return _("X says you are posting too fast; it takes posts again after %(time)s.") % {
        "time": time_format(local, "H:i")
    }


def _looks_like_token(value: str) -> bool:
    return 0 < len(value) <= 128 and value.isalnum()
