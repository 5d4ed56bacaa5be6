"""XClient.upload_media against the X emulator over HTTP, and posts carrying media ids."""

import pytest
import requests

from apps.xapi import errors, services
from apps.xapi.client import XClient
from apps.xemulator.seed import DEMO_USER_ID
from tests.photos import images


@pytest.fixture
def x(emulator):
    token = emulator.state.issue_access_token(DEMO_USER_ID)
    return XClient(token.token, token.secret)


def test_upload_media_returns_the_media_id_a_post_can_carry(x, emulator):
    data = images.plain_jpeg(size=(640, 480))
    media_id = x.upload_media(data, "image/jpeg")
    assert media_id.isdigit()
    assert emulator.state.media[f"3_{media_id}"].width == 640
    post = x.create_post("写真つき", media_ids=[media_id])
    stored = emulator.state.post(post.id)
    assert stored.media_keys == [f"3_{media_id}"]
    assert emulator.state.request_counts["POST /2/media/upload"] == 1


def test_a_png_is_uploaded_as_png(x, emulator):
    media_id = x.upload_media(images.png_with_alpha(), "image/png")
    name = emulator.state.media[f"3_{media_id}"].local_name
    assert emulator.state.uploads[name].content_type == "image/png"


def test_an_app_without_media_gets_forbidden_of_kind_tier(x, emulator):
    requests.post(
        emulator.base_url + "/_emulator/enrollment", json={"media_upload": False}, timeout=5
    )
    with pytest.raises(errors.Forbidden) as caught:
        x.upload_media(images.plain_jpeg(), "image/jpeg")
    assert caught.value.kind == "tier"
    assert caught.value.action == "media"
    assert caught.value.reason == "Uploading photos is not available for this access tier."


def test_x_down_during_an_upload_is_unavailable(x, emulator):
    emulator.state.set_fault("/2/media/upload", status=503)
    with pytest.raises(errors.Unavailable):
        x.upload_media(images.plain_jpeg(), "image/jpeg")


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"", "image/jpeg"),
        (images.plain_jpeg(), "video/mp4"),
        (b"x" * (5 * 2**20 + 1), "image/png"),
    ],
    ids=["empty", "video", "over-5-MB"],
)
def test_what_x_would_refuse_never_costs_a_call(x, emulator, data, media_type):
    with pytest.raises(ValueError):
        x.upload_media(data, media_type)
    assert emulator.state.request_counts["POST /2/media/upload"] == 0


def test_the_post_service_takes_media_ids_and_allows_no_text(emulator):
    token = emulator.state.issue_access_token(DEMO_USER_ID)
    account = type("Account", (), {"token": token.token, "token_secret": token.secret})()
    account.x_user_id = DEMO_USER_ID
    media_id = XClient(token.token, token.secret).upload_media(images.plain_jpeg(), "image/jpeg")
    post = services.create_post(account, "", media_ids=[media_id])
    assert emulator.state.post(post.id).media_keys == [f"3_{media_id}"]
    with pytest.raises(errors.BadRequest):
        services.create_post(account, "")
