"""Writing a post: the form, and what happens when X cannot take it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from apps.keitai.middleware import input_ok
from apps.xapi import errors

from ..forms import PostForm
from ..services import post_create_or_keep
from .common import credits_message, refused_message


@login_required
def post(request):
    """Write a post. A failed send gives the text back with the reason."""
    if request.method != "POST":
        return render(request, "client/post.html", {"form": PostForm()})
    form = PostForm(request.POST, input_ok=input_ok(request))
    if not form.is_valid():
        return render(request, "client/post.html", {"form": form}, status=400)
    in_reply_to = form.cleaned_data.get("in_reply_to") or ""
    try:
        kept = post_create_or_keep(
            user=request.user,
            text=form.cleaned_data["text"],
            in_reply_to=in_reply_to,
            quote_of=form.cleaned_data.get("quote_of") or "",
        )
    except errors.Refused as exc:
        form.add_error(None, refused_message(exc))
        return render(request, "client/post.html", {"form": form}, status=400)
    if kept is not None:
        limited = isinstance(kept.error, errors.RateLimited)
        reason = _rate_limited_message(kept.error) if limited else _("X did not answer in time.")
        if kept.error.no_credits:
            reason = credits_message(kept.error)
        return render(
            request,
            "client/write_spooled.html" if kept.spooled else "client/post_kept.html",
            {"item": kept.item, "reason": reason},
            status=429 if limited else 503,
        )
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
