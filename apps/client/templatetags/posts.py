"""Template helpers for showing posts."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..rendering import path_for, render_text

register = template.Library()


@register.simple_tag
def post_text(post, full=False, limit=None):
    """X's text with links, escaped once: {% post_text post %}, {% post_text post limit=100 %}."""
    # An unset context variable (no trimming asked for) arrives as "".
    return render_text(post, full=full, limit=int(limit) if limit else None)


@register.filter
def ago(moment, now=None):
    """A short relative time ("5m", "3h"), then a date in the user's time zone."""
    if moment is None:
        return ""
    now = now or timezone.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _("now")
    if seconds < 3600:
        return _("%(n)dm") % {"n": seconds // 60}
    if seconds < 86400:
        return _("%(n)dh") % {"n": seconds // 3600}
    local = timezone.localtime(moment)
    if local.year == timezone.localtime(now).year:
        return date_format(local, "n/j H:i")
    return date_format(local, "Y/n/j")


@register.filter
def post_url(post_id):
    """The post page's path: {{ post.id|post_url }} (a cached pattern, not reverse())."""
    return path_for("client:post_detail", post_id)
