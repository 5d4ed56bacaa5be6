"""Notices by mail: what became of a mail post, a new posting address, mentions and messages.

Short plain text in the user's language, sent in the encoding of the address they go
to (``outgoing``). A notice that cannot be sent is logged and dropped: the post or
the outbox item it tells about is already safe.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import outgoing

logger = logging.getLogger(__name__)

# Post text quoted in a notice is cut here: old phones show mail of a few KB.
_QUOTE_CHARS = 300


def language_of(user) -> str:
    """The language a user reads notices in: their choice, else the site's default."""
    prefs = getattr(user, "preferences", None)
    return getattr(prefs, "language", "") or settings.LANGUAGE_CODE


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"


def site_link(path: str) -> str:
    """An absolute link to a gateway page."""
    return settings.SITE_URL + path


def _send(user, to: str, subject: str, body: str) -> bool:
    if not to:
        return False
    try:
        return outgoing.send_mail(to=to, subject=subject, body=body)
    except Exception:  # SMTP down, refused address: the thing told about is safe anyway
        logger.warning("notice to user %s not sent", user.pk, exc_info=True)
        return False


def notice_posted(user, to: str, *, text: str, post_id: str) -> bool:
    """Tell the user their mail became a post, with a link to it."""
    with translation.override(language_of(user)):
        link = site_link(reverse("client:post_detail", args=[post_id]))
        body = _("Posted:\n%(text)s\n\n%(link)s") % {"text": _quote(text), "link": link}
        return _send(user, to, _("yubitter: posted"), body)


def notice_kept(user, to: str, *, text: str, reason: str) -> bool:
    """Tell the user X could not take the post now; it is kept and sent later."""
    with translation.override(language_of(user)):
        body = _(
            "X could not take your post now (%(reason)s). It is kept in your outbox and "
            "will be sent when X can take it:\n%(text)s\n\n%(link)s"
        ) % {"reason": reason, "text": _quote(text), "link": site_link(reverse("client:outbox"))}
        return _send(user, to, _("yubitter: kept for later"), body)


def notice_refused(user, to: str, *, text: str, reason: str) -> bool:
    """Tell the user their mail was not posted and why; what they wrote comes back."""
    with translation.override(language_of(user)):
        body = _("Your mail was not posted: %(reason)s\n\n%(text)s") % {
            "reason": reason,
            "text": text,
        }
        return _send(user, to, _("yubitter: not posted"), body)


def notice_address_changed(user, to: str, *, address: str) -> bool:
    """Tell the user their posting address changed; the old one no longer works."""
    with translation.override(language_of(user)):
        body = _(
            "Your posting address is now:\n%(address)s\n\nMail to the old address is refused."
        ) % {"address": address}
        return _send(user, to, _("yubitter: new posting address"), body)


def notice_mention(user, to: str, *, author: str, text: str, post_id: str) -> bool:
    """Tell the user someone mentioned them."""
    with translation.override(language_of(user)):
        link = site_link(reverse("client:post_detail", args=[post_id]))
        body = f"@{author}: {_quote(text)}\n\n{link}"
        return _send(user, to, _("yubitter: mention from @%(author)s") % {"author": author}, body)


def notice_dm(user, to: str, *, author: str, text: str) -> bool:
    """Tell the user someone sent them a direct message."""
    with translation.override(language_of(user)):
        link = site_link(reverse("client:dm_conversation", args=[author]))
        body = f"@{author}: {_quote(text)}\n\n{link}"
        return _send(user, to, _("yubitter: message from @%(author)s") % {"author": author}, body)
