"""Template helpers for showing posts."""

from django import template
from django.template import engines
from django.utils import timezone
from django.utils.safestring import mark_safe
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
    # Django's date formats "n/j H:i" and "Y/n/j", written out: date_format() is the
    # largest single cost of a timeline page (a format-string walk per post).
    if local.year == timezone.localtime(now).year:
        return f"{local.month}/{local.day} {local.hour:02d}:{local.minute:02d}"
    return f"{local.year}/{local.month}/{local.day}"


@register.filter
def post_url(post_id):
    """The post page's path: {{ post.id|post_url }} (a cached pattern, not reverse())."""
    return path_for("client:post_detail", post_id)


@register.filter
def profile_url(username):
    """A profile page's path: {{ post.author.username|profile_url }}."""
    return path_for("client:profile", username)


@register.simple_tag(takes_context=True)
def jinja_include(context, name, **values):
    """A Jinja2 partial in a Django page: {% jinja_include "client/_media.jinja" post=shown %}."""
    partial = engines["jinja2"].get_template(name).template
    return mark_safe(partial.render({**context.flatten(), **values}))
