"""Small helpers the page views share."""

from django.utils.translation import gettext as _

from apps.xapi import errors


def credits_message(exc: errors.XError) -> str:
    """Why X is not asked now, when the site's X credits or its daily budget are spent."""
    if exc.no_credits == "cap":
        return _(
            "The service has reached its X spending for today; posts are kept and sent when it can."
        )
    return _("The service has used its X credits; posts are kept and sent when it can.")


def refused_message(exc: errors.Refused) -> str:
    """X's refusal in plain words, for a message above the page."""
    if exc.no_credits:
        return credits_message(exc)
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
    if kind == "quote-not-allowed":
        return _("X only allows quoting posts through its API that mention you or are yours.")
    if isinstance(exc, errors.BadRequest) and exc.messages:
        return _("X refused: %(reason)s") % {"reason": "; ".join(exc.messages)}
    reason = getattr(exc, "reason", None) or exc.detail
    return _("X refused: %(reason)s") % {"reason": reason or _("no reason given")}


def posts_per_page(request) -> int | None:
    """The signed-in user's posts-per-page choice (None: the site default)."""
    prefs = getattr(request, "preferences", None)
    return prefs.posts_per_page if prefs is not None else None


def freshness(read) -> dict:
    """The context that says a page is an older copy: ``stale``, ``fetched_at``, ``notice``.

    ``read`` is a cached read (or a page of several) with those three attributes.
    """
    return {"stale": read.stale, "fetched_at": read.fetched_at, "notice": read.notice}
