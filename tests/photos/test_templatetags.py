from urllib.parse import urlsplit

from django.http import QueryDict
from django.template import Context, Template

from apps.photos import signing


def _render(source, settings, **context):
    if "apps.photos" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "apps.photos"]
    template = Template("{% load photos %}" + source)
    return template.render(Context(context))


def test_thumbnail_url_renders_a_signed_proxy_path(settings):
    media = "https://pbs.twimg.com/media/abc.jpg"
    html = _render('<img src="{% thumbnail_url url 230 "gif" %}">', settings, url=media)
    src = html.split('"')[1]
    parts = urlsplit(src)
    _, _, signature, width, fmt, _ = parts.path.split("/")
    assert (width, fmt) == ("176", "gif")
    assert QueryDict(parts.query)["u"] == media
    assert signing.verify(signature, media, width=176, fmt="gif")


def test_thumbnail_url_of_no_image_is_empty(settings):
    assert _render("[{% thumbnail_url url 120 'jpeg' %}]", settings, url=None) == "[]"


def test_thumbnail_url_can_be_stored_in_a_variable(settings):
    html = _render(
        "{% thumbnail_url url 120 'jpg' as thumb %}{{ thumb }}",
        settings,
        url="https://pbs.twimg.com/profile_images/1/a_normal.jpg",
    )
    assert html.startswith("/img/") and "/120/jpeg/?u=https://pbs.twimg.com/" in html


def test_thumbnail_url_takes_the_device_context_and_never_breaks_the_page(settings):
    media = "https://pbs.twimg.com/media/abc.jpg"
    template = "[{% thumbnail_url url thumb_width image_format %}]"
    fitted = _render(template, settings, url=media, thumb_width=232, image_format="png")
    assert "/176/png/?u=" in fitted
    # A device that shows no images, an output format the proxy never makes, no width.
    assert _render(template, settings, url=media, thumb_width=232, image_format=None) == "[]"
    assert _render(template, settings, url=media, thumb_width=232, image_format="bmp") == "[]"
    assert "/48/jpeg/" in _render(template, settings, url=media, thumb_width="", image_format="jpg")
