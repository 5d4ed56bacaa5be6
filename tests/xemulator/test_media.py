"""Local media: real images under /_media/, and the switch that points seeded URLs at them."""

import io

import pytest
import requests
from PIL import Image, ImageOps

from apps.xemulator import images, seed
from apps.xemulator.server import EmulatorServer
from apps.xemulator.state import EmulatorState

from .conftest import XClient

MEDIA = {
    "expansions": "attachments.media_keys,author_id",
    "media.fields": "url,preview_image_url,width,height,type",
    "user.fields": "profile_image_url",
}


def _fetch(base_url, name):
    response = requests.get(f"{base_url}/_media/{name}", timeout=5)
    assert response.status_code == 200
    return response, Image.open(io.BytesIO(response.content))


def test_jpeg_carries_exif_orientation_and_shows_as_1200_by_900(xemu):
    response, image = _fetch(xemu.base_url, "sunset.jpg")
    assert response.headers["content-type"] == "image/jpeg"
    assert image.format == "JPEG" and image.size == (900, 1200)
    assert image.getexif()[images.EXIF_ORIENTATION] == 6
    shown = ImageOps.exif_transpose(image)
    assert shown.size == (1200, 900)
    red, green, blue = shown.convert("RGB").getpixel((20, 20))
    assert red > 180 and green < 60 and blue < 60


def test_png_with_alpha_animated_gif_and_avatars(xemu):
    _, png = _fetch(xemu.base_url, "alpha.png")
    assert png.mode == "RGBA" and png.size == (640, 480)
    assert png.getpixel((0, 0))[3] == 0 and png.getpixel((320, 240))[3] > 0
    response, gif = _fetch(xemu.base_url, "anim.gif")
    assert response.headers["content-type"] == "image/gif"
    assert gif.is_animated and gif.n_frames == 4
    _, avatar = _fetch(xemu.base_url, "avatar-hanako.jpg")
    assert avatar.size == (48, 48)
    assert requests.get(f"{xemu.base_url}/_media/nothing.jpg", timeout=5).status_code == 404
    with_query = requests.get(f"{xemu.base_url}/_media/castle.jpg?name=small", timeout=5)
    assert Image.open(io.BytesIO(with_query.content)).size == (1200, 900)


def test_media_urls_are_pbs_twimg_by_default(demo, state):
    post = next(p for p in state.posts.values() if p.text.startswith("New button set"))
    body = demo.get(f"/2/tweets/{post.id}", **MEDIA).json()
    media = body["includes"]["media"][0]
    assert media["url"].startswith("https://pbs.twimg.com/media/") and media["url"].endswith(".png")
    assert (media["width"], media["height"]) == (640, 480)
    assert body["includes"]["users"][0]["profile_image_url"].startswith("https://pbs.twimg.com/")


def test_local_media_switch_points_seeded_urls_at_the_emulator(demo, xemu, state):
    state.media_base_url = xemu.base_url
    try:
        sunset = next(p for p in state.posts.values() if p.text.startswith("夕焼けがきれい"))
        body = demo.get(f"/2/tweets/{sunset.id}", **MEDIA).json()
        url = body["includes"]["media"][0]["url"]
        assert url == f"{xemu.base_url}/_media/sunset.jpg"
        assert requests.get(url, timeout=5).headers["content-type"] == "image/jpeg"
        avatar = body["includes"]["users"][0]["profile_image_url"]
        assert avatar == f"{xemu.base_url}/_media/avatar-hanako.jpg"
        gif = next(p for p in state.posts.values() if p.text.startswith("When the build"))
        item = demo.get(f"/2/tweets/{gif.id}", **MEDIA).json()["includes"]["media"][0]
        assert item["type"] == "animated_gif"
        assert item["preview_image_url"] == f"{xemu.base_url}/_media/anim.gif"
        video = next(p for p in state.posts.values() if p.text.startswith("Watch: how"))
        preview = demo.get(f"/2/tweets/{video.id}", **MEDIA).json()["includes"]["media"][0]
        assert preview["preview_image_url"].endswith("/_media/video-preview.jpg")
        state.reset()
        assert state.media_base_url == xemu.base_url  # the server's setting outlives a reset
    finally:
        state.media_base_url = None


@pytest.fixture
def local_server():
    server = EmulatorServer(state=EmulatorState(), local_media=True).start()
    yield server
    server.stop()


def test_server_can_start_with_local_media(local_server):
    assert local_server.state.media_base_url == local_server.base_url
    token = local_server.state.issue_access_token(seed.DEMO_USER_ID)
    client = XClient(local_server.base_url, token.token, token.secret)
    me = client.get("/2/users/me", **{"user.fields": "profile_image_url"}).json()["data"]
    assert me["profile_image_url"] == f"{local_server.base_url}/_media/avatar-demo.jpg"
    assert requests.get(me["profile_image_url"], timeout=5).status_code == 200


def test_media_route_honours_faults(xemu, state):
    state.set_fault("/_media/*", status=503, times=1)
    assert requests.get(f"{xemu.base_url}/_media/castle.jpg", timeout=5).status_code == 503
    assert requests.get(f"{xemu.base_url}/_media/castle.jpg", timeout=5).status_code == 200
