"""Template tags for linking X media through the signed image proxy."""

from django import template

from ..signing import WIDTHS, fit_width, normalize_format, signed_image_url

register = template.Library()


@register.simple_tag
def thumbnail_url(url, width, fmt="jpeg"):
    """The proxy path of `url` as a `fmt` thumbnail at most `width` pixels wide.

    ``{% thumbnail_url media.url thumb_width image_format %}``. The width is
    fitted down to an allowed one. "" when there is no `url` or no `fmt` the
    proxy makes (a device that shows no images), so templates can test for it
    and a page never fails over an image link.
    """
    if not url or not fmt:
        return ""
    try:
        fmt = normalize_format(str(fmt))
    except ValueError:
        return ""
    try:
        width = fit_width(int(width))
    except (TypeError, ValueError):
        width = WIDTHS[0]
    return signed_image_url(str(url), width=width, fmt=fmt)


# The inline thumbnail is never wider than this, whatever the screen.
THUMBNAIL_WIDTH = 120


@register.simple_tag
def media_widths(screen_width):
    """(thumbnail width, larger width or None): ``{% media_widths thumb_width as widths %}``.

    The thumbnail fits the screen; the larger variant is offered only when it is
    larger (on a 120-pixel mova screen the screen-wide image is the thumbnail).
    """
    try:
        screen = fit_width(int(screen_width))
    except (TypeError, ValueError):
        screen = WIDTHS[0]
    small = fit_width(min(THUMBNAIL_WIDTH, screen))
    return small, (screen if screen > small else None)
