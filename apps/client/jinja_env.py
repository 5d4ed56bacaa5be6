"""The Jinja2 environment of the client's per-item templates (``templates/client/*.jinja``).

A list page renders its items with Jinja2 (``{% fititems %}`` in the Django page
template): twenty posts through Django's ``include`` cost two thirds of a page's
time. The environment offers what the Django partials had: the i18n extension
on Django's catalogues (``_()``/``gettext()``, ``{% trans %}``), the post filters
and the image proxy helpers. Missing attributes are empty, as in Django
templates (``request.preferences`` of a visitor who is not signed in).

Strings that only a ``.jinja`` template uses are not found by ``makemessages``
(it reads Django templates and Python): mark them in Python too (``MESSAGES``).
"""

from django.utils.translation import gettext, gettext_noop, ngettext
from jinja2 import ChainableUndefined, Environment

from apps.photos.templatetags.photos import media_widths, thumbnail_url

from .templatetags.posts import ago, post_text, post_url, profile_url

# What client/_post.jinja and client/_media.jinja translate, for makemessages.
MESSAGES = (
    gettext_noop("Reposted by %(name)s"),
    gettext_noop("Post by %(name)s, %(time)s"),
    gettext_noop("photo"),
    gettext_noop("video"),
    gettext_noop("GIF"),
)


def environment(**options) -> Environment:
    """The environment Django's Jinja2 backend builds its templates with."""
    options["undefined"] = ChainableUndefined
    # Django keeps a template file's last newline; the pages' bytes stay the same.
    options["keep_trailing_newline"] = True
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    env = Environment(**options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(ago=ago, post_url=post_url, profile_url=profile_url)
    env.globals.update(post_text=post_text, thumbnail_url=thumbnail_url, media_widths=media_widths)
    return env
