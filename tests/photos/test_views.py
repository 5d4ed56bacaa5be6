import io
from pathlib import Path

import pytest
from PIL import Image

from apps.photos.proxy import variant_key
from apps.photos.signing import signed_image_url

from . import images


def _get(client, source, width=120, fmt="jpeg"):
    return client.get(signed_image_url(source, width=width, fmt=fmt))


def _refused(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/plain")
    assert len(response.content) < 40
    # A refusal is never stored by a shared cache: it carries no caching header at all.
    assert "Cache-Control" not in response


@pytest.mark.parametrize(
    ("fmt", "content_type", "pil_format"),
    [("gif", "image/gif", "GIF"), ("jpeg", "image/jpeg", "JPEG"), ("png", "image/png", "PNG")],
)
def test_a_signed_photo_is_served_small_upright_and_stripped(
    client, upstream, fmt, content_type, pil_format
):
    url = upstream.add("/media/exif.jpg", images.jpeg_with_exif(size=(800, 600), orientation=6))
    response = _get(client, url, width=120, fmt=fmt)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Length"] == str(len(response.content))
    assert response["Cache-Control"] == "public, max-age=86400"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == (pil_format, (120, 160))
    assert len(image.getexif()) == 0
    assert b"Exif" not in response.content
    top_right = image.convert("RGB").getpixel((90, 40))
    assert top_right[0] > 150 and top_right[2] < 100  # red, where orientation 6 puts it


def test_a_second_request_is_served_from_storage_without_asking_upstream(
    client, upstream, proxy_settings
):
    url = upstream.add("/media/once.jpg", images.plain_jpeg(size=(640, 480)))
    first = _get(client, url, width=240, fmt="gif")
    second = _get(client, url, width=240, fmt="gif")

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert upstream.hits["/media/once.jpg"] == 1
    stored = Path(proxy_settings.STORAGES["default"]["OPTIONS"]["location"])
    assert (stored / variant_key(url, 240, "gif")).read_bytes() == first.content
    # Another width is another variant: one more upstream fetch.
    assert _get(client, url, width=120, fmt="gif").status_code == 200
    assert upstream.hits["/media/once.jpg"] == 2


def test_a_refusal_is_remembered_briefly(client, upstream):
    url = upstream.add("/media/missing.jpg", b"nope", status=404)
    _refused(_get(client, url), 404)
    _refused(_get(client, url), 404)
    assert upstream.hits["/media/missing.jpg"] == 1


def test_a_refusal_is_not_remembered_when_the_ttl_is_zero(client, upstream, settings):
    settings.IMAGE_PROXY_REFUSAL_TTL = 0
    url = upstream.add("/media/missing.jpg", b"nope", status=404)
    _get(client, url)
    _get(client, url)
    assert upstream.hits["/media/missing.jpg"] == 2


def test_an_unsigned_or_tampered_link_is_forbidden(client, upstream):
    url = upstream.add("/media/a.jpg", images.plain_jpeg())
    good = signed_image_url(url, width=120, fmt="jpeg")
    path, query = good.split("?", 1)
    signature = path.split("/")[2]
    tampered = [
        path.replace(signature, "A" * len(signature)) + "?" + query,  # other signature
        path + "?" + query.replace("a.jpg", "b.jpg"),  # other source
        path.replace("/120/", "/240/") + "?" + query,  # other width
        path.replace("/jpeg/", "/png/") + "?" + query,  # other format
        path,  # no source
        f"/img/{signature}/120/webp/?{query}",  # format that is never sent
    ]
    for link in tampered:
        _refused(client.get(link), 403)
    assert upstream.hits["/media/a.jpg"] == 0
    assert client.get(good).status_code == 200


def test_a_foreign_host_is_forbidden(client, settings):
    settings.IMAGE_PROXY_ALLOWED_HOSTS = ["pbs.twimg.com"]
    _refused(_get(client, "https://evil.example/cat.jpg"), 403)


def test_a_loopback_address_is_forbidden_when_not_allowed(client, upstream, settings):
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = []
    _refused(_get(client, upstream.add("/a.jpg", images.plain_jpeg())), 403)
    assert upstream.hits["/a.jpg"] == 0


@pytest.mark.parametrize(
    "source",
    ["http://10.0.0.1/a.jpg", "https://[::1]/a.jpg", "http://169.254.169.254/latest/meta-data/"],
)
def test_inside_addresses_are_forbidden(client, settings, source):
    settings.IMAGE_PROXY_ALLOWED_HOSTS = ["10.0.0.1", "::1", "169.254.169.254"]
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = []
    _refused(_get(client, source), 403)


def test_a_redirect_to_an_allowed_host_is_refused(client, upstream):
    target = upstream.add("/real.jpg", images.plain_jpeg())
    url = upstream.add("/moved.jpg", status=301, headers={"Location": target})
    _refused(_get(client, url), 502)
    assert upstream.hits["/real.jpg"] == 0


def test_oversize_bodies_are_refused(client, upstream, settings):
    settings.IMAGE_PROXY_MAX_BYTES = 20_000
    big = images.plain_jpeg(size=(1600, 1200), quality=95)
    assert len(big) > 20_000
    _refused(_get(client, upstream.add("/declared.jpg", big)), 413)
    _refused(_get(client, upstream.add("/streamed.jpg", big, send_length=False)), 413)


def test_too_many_pixels_are_refused(client, upstream, settings):
    settings.IMAGE_PROXY_MAX_PIXELS = 100_000
    _refused(_get(client, upstream.add("/wide.jpg", images.plain_jpeg(size=(400, 300)))), 413)


def test_a_decompression_bomb_is_refused(client, upstream):
    bomb = images.png_declaring(60_000, 60_000)
    _refused(_get(client, upstream.add("/bomb.png", bomb, content_type="image/png")), 413)


def test_something_that_is_not_an_image_is_refused(client, upstream):
    html = b"<html><body>hello</body></html>"
    _refused(_get(client, upstream.add("/page.jpg", html, content_type="image/jpeg")), 502)


def test_a_slow_upstream_is_refused(client, upstream, settings):
    settings.IMAGE_PROXY_READ_TIMEOUT = 0.2
    _refused(_get(client, upstream.add("/slow.jpg", images.plain_jpeg(), delay=1.0)), 502)


def test_other_methods_are_not_allowed(client, upstream):
    url = signed_image_url(upstream.add("/a.jpg", images.plain_jpeg()), width=120, fmt="gif")
    assert client.post(url).status_code == 405
    assert upstream.hits["/a.jpg"] == 0


def test_an_unexpected_failure_is_a_502_not_a_500(client, upstream, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("storage exploded")

    monkeypatch.setattr("apps.photos.views.fetch_variant", broken)
    _refused(_get(client, upstream.add("/a.jpg", images.plain_jpeg())), 502)
