"""Media upload: v2 ``POST /2/media/upload`` (one-shot) and the legacy v1.1 simple upload.

v2 (xapi.md §2.5; spec MediaUploadRequestOneShot): multipart ``media`` (the
file, or base64 text) and the required ``media_category``
(``tweet_image``|``dm_image``|``subtitles``); a JSON body with base64
``media`` is accepted too. Answer: 200 ``{"data": {"id", "media_key", "size",
"expires_after_secs"}}``. Offered on every access tier: X moved self-serve
apps to it in 2025. An app not enrolled for it (``POST /_emulator/enrollment``
with ``{"media_upload": false}``) gets X's ``client-forbidden`` problem with reason
``client-not-enrolled`` (spec ClientForbiddenProblem; xapi.md §4.2 "app not
in project or tier").

v1.1 ``POST /1.1/media/upload.json``: deprecated for self-serve tiers in 2025
(xapi.md §2.5), so the self-serve tier gets the v1.1 refusal code 453 ("a
subset of endpoints", xapi.md §4.1); enterprise gets the 2021 shape with
``media_id_string`` and ``image{}``.
"""

import base64
import binascii
import json

from django.core.exceptions import RequestDataTooBig
from django.http.multipartparser import MultiPartParserError

from .. import oauth, uploads, v2
from ..params import Query
from ..problems import (
    InvalidRequest,
    could_not_authenticate,
    json_response,
    problem_response,
    v1_errors_response,
)

CATEGORIES = ("tweet_image", "dm_image", "subtitles")
NOT_ENROLLED = (
    "When authenticating requests to the Twitter API v2 endpoints, you must use keys and "
    "tokens from a Twitter developer App that is attached to a Project. You can create a "
    "project via the developer portal."
)
SUBSET_OF_ENDPOINTS = (
    "You currently have access to a subset of X API V2 endpoints and limited v1.1 endpoints "
    "(e.g. media post, oauth) only. If you need access to this endpoint, you may need a "
    "different access level. You can learn more here: https://developer.x.com/en/portal/product"
)


def _fields(request) -> tuple[dict[str, str], bytes | None]:
    """The text fields and the file of a multipart or JSON upload body."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("application/json"):
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            raise InvalidRequest("Request body is not valid JSON.", {}) from None
        if not isinstance(payload, dict):
            raise InvalidRequest("$: array found, object expected", {})
        fields = {k: v for k, v in payload.items() if isinstance(v, str)}
        return fields, None
    if not content_type.startswith("multipart/form-data"):
        raise InvalidRequest("The media upload needs a multipart/form-data body.", {})
    try:
        fields = {k: v for k, v in request.POST.items()}
        upload = request.FILES.get("media")
    except (MultiPartParserError, RequestDataTooBig):
        raise InvalidRequest("The multipart body could not be read.", {"media": []}) from None
    return fields, upload.read() if upload is not None else None


def _media_bytes(fields: dict[str, str], file_data: bytes | None) -> bytes:
    if file_data is not None:
        return file_data
    if "media" not in fields:
        raise InvalidRequest("$.media: is missing but it is required", {"media": []})
    try:
        return base64.b64decode(fields["media"], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequest("$.media: not a file and not base64", {"media": []}) from None


@v2.endpoint("media_upload")
def upload(request, state, token):
    """POST /2/media/upload: one image in, its media id out."""
    Query(request, frozenset())
    if not state.media_upload_enrolled:
        return problem_response(
            403,
            NOT_ENROLLED,
            title="Client Forbidden",
            type="https://api.twitter.com/2/problems/client-forbidden",
            reason="client-not-enrolled",
            registration_url="https://developer.x.com/en/portal/dashboard",
        )
    fields, file_data = _fields(request)
    category = fields.get("media_category")
    if category not in CATEGORIES:
        raise InvalidRequest(
            f"$.media_category: does not have a value in the enumeration {list(CATEGORIES)}",
            {"media_category": [str(category)]},
        )
    if category == "subtitles":
        raise InvalidRequest("Subtitles are not images.", {"media_category": [category]})
    data = _media_bytes(fields, file_data)
    try:
        item = uploads.accept_image(state, token.user_id, data)
    except uploads.UploadRefused as refused:
        raise InvalidRequest(str(refused), {"media": []}) from None
    media_id = item.media_key.split("_", 1)[1]
    body = {
        "id": media_id,
        "media_key": item.media_key,
        "size": len(data),
        "expires_after_secs": uploads.EXPIRES_AFTER_SECS,
    }
    return json_response({"data": body})


def upload_v1(request):
    """POST /1.1/media/upload.json (simple upload): enterprise only since 2025."""
    state = request.emulator_state
    if request.method != "POST":
        return v1_errors_response(404, 34, "Sorry, that page does not exist.")
    token = oauth.authenticate(request, state)
    if token is None:
        return could_not_authenticate()
    if state.self_serve:
        return v1_errors_response(403, 453, SUBSET_OF_ENDPOINTS)
    try:
        fields, file_data = _fields(request)
        data = file_data if file_data is not None else _media_bytes(fields, None)
        item = uploads.accept_image(state, token.user_id, data)
    except (InvalidRequest, uploads.UploadRefused):
        return v1_errors_response(400, 324, "Invalid media.")
    media_id = item.media_key.split("_", 1)[1]
    content_type = state.uploads[item.local_name].content_type
    return json_response(
        {
            "media_id": int(media_id),
            "media_id_string": media_id,
            "media_key": item.media_key,
            "size": len(data),
            "expires_after_secs": uploads.EXPIRES_AFTER_SECS,
            "image": {"image_type": content_type, "w": item.width, "h": item.height},
        }
    )
