"""X's media upload in the emulator: v2 one-shot (schema-checked), tier rules, media in posts."""

import base64
import io

import pytest
import requests
from PIL import Image

from tests.photos import images

from .conftest import assert_matches_spec

MEDIA = {
    "expansions": "attachments.media_keys",
    "media.fields": "url,width,height,type",
    "tweet.fields": "attachments",
}


def _upload(client, data, *, category="tweet_image", name="photo.jpg", media_type="image/jpeg"):
    files = {"media": (name, data, media_type)}
    fields = {"media_category": category} if category is not None else {}
    response = client.session.post(
        client.base_url + "/2/media/upload", files=files, data=fields, timeout=5
    )
    assert_matches_spec(response)
    return response


def test_an_image_upload_answers_with_a_schema_valid_media_id(demo):
    data = images.plain_jpeg(size=(640, 480))
    response = _upload(demo, data)
    assert response.status_code == 200, response.text
    body = response.json()["data"]
    assert body["id"].isdigit() and body["media_key"] == f"3_{body['id']}"
    assert body["size"] == len(data) and body["expires_after_secs"] == 86400
    assert response.headers["x-rate-limit-limit"] == "500"


def test_a_base64_media_field_is_accepted_too(demo):
    data = images.png_with_alpha()
    response = demo.session.post(
        demo.base_url + "/2/media/upload",
        files={
            "media": (None, base64.b64encode(data).decode()),
            "media_category": (None, "tweet_image"),
        },
        timeout=5,
    )
    assert_matches_spec(response)
    assert response.status_code == 200 and response.json()["data"]["size"] == len(data)


@pytest.mark.parametrize(
    ("data", "category", "parameter"),
    [
        (b"GIF89a but not really", "tweet_image", "media"),
        (images.plain_jpeg(), None, "media_category"),
        (images.plain_jpeg(), "tweet_video", "media_category"),
        (b"\xff\xd8" + b"\x00" * (5 * 1024 * 1024), "tweet_image", "media"),
    ],
    ids=["garbage", "no-category", "wrong-category", "over-5-MB"],
)
def test_bad_uploads_get_the_validation_envelope(demo, data, category, parameter):
    response = _upload(demo, data, category=category)
    assert response.status_code == 400
    body = response.json()
    assert body["type"].endswith("/invalid-request")
    assert parameter in body["errors"][0]["parameters"]


def test_an_unsigned_upload_is_unauthorized(xemu):
    response = requests.post(
        xemu.base_url + "/2/media/upload",
        files={"media": ("a.jpg", images.plain_jpeg(), "image/jpeg")},
        data={"media_category": "tweet_image"},
        timeout=5,
    )
    assert_matches_spec(response)
    assert response.status_code == 401


def test_v2_upload_works_on_self_serve_but_not_for_an_unenrolled_app(demo, xemu):
    requests.post(xemu.base_url + "/_emulator/tier", json={"tier": "self-serve"}, timeout=5)
    assert _upload(demo, images.plain_jpeg()).status_code == 200
    answer = requests.post(
        xemu.base_url + "/_emulator/enrollment", json={"media_upload": False}, timeout=5
    )
    assert answer.json() == {"media_upload": False}
    refused = _upload(demo, images.plain_jpeg())
    assert refused.status_code == 403
    body = refused.json()
    assert body["type"].endswith("/client-forbidden") and body["reason"] == "client-not-enrolled"


def test_legacy_v1_upload_is_refused_on_self_serve_and_works_on_enterprise(demo, xemu, enterprise):
    url = xemu.base_url + "/1.1/media/upload.json"
    files = {"media": ("a.png", images.png_with_alpha(), "image/png")}
    taken = demo.session.post(url, files=files, timeout=5)
    assert taken.status_code == 200
    body = taken.json()
    assert body["media_id_string"] == str(body["media_id"])
    assert body["image"] == {"image_type": "image/png", "w": 400, "h": 300}
    requests.post(xemu.base_url + "/_emulator/tier", json={"tier": "self-serve"}, timeout=5)
    refused = demo.session.post(url, files=files, timeout=5)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["code"] == 453


def test_a_post_with_the_media_id_shows_the_uploaded_image(client_for, xemu, state):
    state.media_base_url = xemu.base_url
    try:
        demo = client_for()
        data = images.jpeg_with_exif(size=(800, 600), orientation=1, gps=False)
        media_id = _upload(demo, data).json()["data"]["id"]
        created = demo.post(
            "/2/tweets", json={"text": "写真です", "media": {"media_ids": [media_id]}}
        )
        assert created.status_code == 201, created.text
        post_id = created.json()["data"]["id"]
        body = demo.get(f"/2/tweets/{post_id}", **MEDIA).json()
        assert body["data"]["attachments"]["media_keys"] == [f"3_{media_id}"]
        media = body["includes"]["media"][0]
        assert (media["type"], media["width"], media["height"]) == ("photo", 800, 600)
        assert media["url"].startswith(xemu.base_url + "/_media/upload-")
        served = requests.get(media["url"], timeout=5)
        assert served.status_code == 200 and served.content == data
        assert served.headers["content-type"] == "image/jpeg"
        home = demo.get("/2/users/me")  # the token works; the post is in the home timeline
        timeline = demo.get(
            f"/2/users/{home.json()['data']['id']}/timelines/reverse_chronological", **MEDIA
        ).json()
        assert timeline["data"][0]["id"] == post_id
        assert timeline["includes"]["media"][0]["media_key"] == f"3_{media_id}"
    finally:
        state.media_base_url = None


def test_an_unknown_media_id_is_refused_by_the_post(demo):
    created = demo.post("/2/tweets", json={"text": "x", "media": {"media_ids": ["12345"]}})
    assert created.status_code == 400


def test_uploads_are_forgotten_on_reset(demo, xemu, state):
    data = images.plain_jpeg(size=(320, 240))
    media_id = _upload(demo, data).json()["data"]["id"]
    name = state.media[f"3_{media_id}"].local_name
    assert requests.get(f"{xemu.base_url}/_media/{name}", timeout=5).status_code == 200
    state.reset()
    assert requests.get(f"{xemu.base_url}/_media/{name}", timeout=5).status_code == 404
    assert Image.open(io.BytesIO(data)).size == (320, 240)


def test_only_the_uploader_may_attach_the_media(client_for):
    media_id = _upload(client_for("demo"), images.plain_jpeg()).json()["data"]["id"]
    other = client_for("hanako")
    created = other.post("/2/tweets", json={"text": "not mine", "media": {"media_ids": [media_id]}})
    assert created.status_code == 400
    assert "media" in created.json()["errors"][0]["message"].lower()
