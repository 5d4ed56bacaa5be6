from urllib.parse import urlsplit

import pytest
from django.http import QueryDict

from apps.photos import signing

SOURCE = "https://pbs.twimg.com/media/FxAbC-d_e.jpg?format=jpg&name=small"


def _parts(url):
    parts = urlsplit(url)
    _, prefix, signature, width, fmt, _ = parts.path.split("/")
    return prefix, signature, int(width), fmt, QueryDict(parts.query)["u"]


def test_signed_url_names_width_format_and_source():
    url = signing.signed_image_url(SOURCE, width=120, fmt="gif")
    prefix, signature, width, fmt, source = _parts(url)
    assert (prefix, width, fmt, source) == ("img", 120, "gif", SOURCE)
    assert signing.verify(signature, source, width=width, fmt=fmt)


def test_source_with_plus_ampersand_and_percent_survives_the_query_string():
    tricky = "https://pbs.twimg.com/media/a+b%20c.jpg?x=1&y=2#frag"
    *_, source = _parts(signing.signed_image_url(tricky, width=48, fmt="png"))
    assert source == tricky


@pytest.mark.parametrize(
    "change",
    [
        {"source_url": SOURCE + "x"},
        {"source_url": "https://pbs.twimg.com/media/other.jpg"},
        {"width": 240},
        {"fmt": "jpeg"},
    ],
)
def test_signature_does_not_cover_another_source_width_or_format(change):
    signature = signing.signature(SOURCE, width=120, fmt="gif")
    request = {"source_url": SOURCE, "width": 120, "fmt": "gif", **change}
    assert not signing.verify(signature, **request)
    assert signing.verify(signature, SOURCE, width=120, fmt="gif")


def test_tampered_or_missing_signature_is_refused():
    signature = signing.signature(SOURCE, width=120, fmt="gif")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    for bad in (flipped, signature[:-1], "", "x" * len(signature)):
        assert not signing.verify(bad, SOURCE, width=120, fmt="gif")


def test_signature_depends_on_the_secret_key_and_honours_fallbacks(settings):
    old = signing.signature(SOURCE, width=120, fmt="gif")
    settings.SECRET_KEY = "a-new-secret-key-for-rotation"
    assert not signing.verify(old, SOURCE, width=120, fmt="gif")
    settings.SECRET_KEY_FALLBACKS = ["tests-only-secret-key-not-for-production"]
    assert signing.verify(old, SOURCE, width=120, fmt="gif")


def test_signature_is_truncated_hmac_sha256_keyed_with_the_photos_salt():
    import base64

    from django.utils.crypto import salted_hmac

    mac = salted_hmac("yubitter.photos.proxy", f"120|gif|{SOURCE}", algorithm="sha256")
    expected = base64.urlsafe_b64encode(mac.digest()[:16]).decode().rstrip("=")
    assert signing.signature(SOURCE, width=120, fmt="gif") == expected
    assert len(expected) == 22


def test_widths_and_formats_outside_the_allowed_sets_cannot_be_signed():
    with pytest.raises(ValueError):
        signing.signed_image_url(SOURCE, width=121, fmt="gif")
    with pytest.raises(ValueError):
        signing.signed_image_url(SOURCE, width=120, fmt="webp")
    assert signing.signed_image_url(SOURCE, width=120, fmt="JPG").split("/")[4] == "jpeg"


@pytest.mark.parametrize(
    ("asked", "fitted"), [(1, 48), (48, 48), (100, 96), (230, 176), (9999, 480)]
)
def test_fit_width_picks_the_largest_allowed_width_not_wider(asked, fitted):
    assert signing.fit_width(asked) == fitted
