"""Small helpers the page views share."""

from django.utils.translation import gettext as _

from apps.xapi import errors


def cursor(request, name="page") -> str | None:
    """A paging token from the query string, or None when absent or malformed."""
    value = request.GET.get(name) or ""
    return value if 0 < len(value) <= 128 and value.isalnum() else None


def refused_message(exc: errors.XError) -> str:
    """X's refusal in plain words, for a message above the page."""
    if isinstance(exc, errors.RateLimited):
        return _("X says this account is doing that too often. Try again later.")
    if isinstance(exc, errors.Unavailable):
        return _("X did not answer in time. Please try again.")
    if isinstance(exc, errors.NotFound):
        return _("X no longer has that.")
    kind = getattr(exc, "kind", "")
    if kind == "tier":
        return _("X does not allow this through its API any more (%(reason)s).") % {
            "reason": exc.reason
        }
    if kind == "reply-not-allowed":
        return _(
            "X only allows replies through its API to people who mentioned or quoted you first."
        )
    if isinstance(exc, errors.BadRequest) and exc.messages:
        return _("X refused: %(reason)s") % {"reason": "; ".join(exc.messages)}
    reason = getattr(exc, "reason", None) or exc.detail
    return _("X refused: %(reason)s") % {"reason": reason or _("no reason given")}


def page_size(request) -> int | None:
    """The signed-in user's posts-per-page choice (None: the site default)."""
    prefs = getattr(request, "preferences", None)
    return prefs.posts_per_page if prefs is not None else None
