"""Writes with rules for photos: store one (all files or none), post one to X.

`store_photo` is what mail-in (and any form) calls with the bytes someone
sent; `post_with_photo` posts text with a stored photo, attaching the image
through X's media upload or, when X's access tier does not allow media,
linking the photo's page instead. A photo about to be posted can go to X's
media upload while its files are being written (`store_photo(upload_for=...)`):
the post then needs only the media id, not the file read back.
"""

import hashlib
import logging
import secrets
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from apps.xapi import errors as xerrors
from apps.xapi import services as xservices

from . import normalize, storage
from .models import CONTENT_TYPES, EXTENSIONS, OrphanFile, Photo, PhotoVariant

logger = logging.getLogger(__name__)

# 128 random bits, URL-safe: 22 characters, as unguessable as a session id.
KEY_BYTES = 16


def new_key() -> str:
    """A fresh unguessable photo key."""
    return secrets.token_urlsafe(KEY_BYTES)


def store_photo(
    *,
    user,
    data: bytes,
    filename: str | None = None,
    content_type: str | None = None,
    upload_for=None,
) -> Photo:
    """Check, normalise and store a photo `user` sent; the saved Photo.

    The format is read from the bytes; `filename` and `content_type` (what the
    mail or the form claimed) are only logged. Raises PhotoRefused (not an
    image, broken, a bomb, over a limit: `.message` tells the person) or
    StorageUnavailable (the store failed: nothing was kept, try again later).
    The same bytes sent again by the same user give the photo stored before.
    With `upload_for` (an X account), the original also goes to X's media upload
    while the files are written; X's answer waits for `post_with_photo`.
    """
    digest = hashlib.sha256(data).hexdigest()
    existing = Photo.objects.filter(owner=user, digest=digest).first()
    if existing is not None:
        return existing
    normalized = normalize.normalize(data)
    key = new_key()
    if upload_for is not None:
        _upload_early(key, upload_for, normalized)
    batch = storage.FileBatch()
    original = storage.name_for(key, "original", EXTENSIONS[normalized.fmt])
    named = [
        (storage.name_for(key, f"w{variant.width}", EXTENSIONS[variant.fmt]), variant)
        for variant in normalized.variants
    ]
    files = {original: normalized.original, **{name: variant.data for name, variant in named}}
    try:
        saved = batch.save_all(files)
        variants = [
            PhotoVariant(
                width=variant.width,
                format=variant.fmt,
                pixel_width=variant.pixel_width,
                pixel_height=variant.pixel_height,
                size=len(variant.data),
                name=saved[name],
            )
            for name, variant in named
        ]
        with transaction.atomic():
            photo = Photo.objects.create(
                key=key,
                owner=user,
                digest=digest,
                width=normalized.width,
                height=normalized.height,
                format=normalized.fmt,
                original_name=saved[original],
                size=len(normalized.original),
            )
            for variant in variants:
                variant.photo = photo
            PhotoVariant.objects.bulk_create(variants)
    except IntegrityError:
        # The same photo was stored by a parallel request a moment ago: keep that one.
        _discard(batch)
        existing = Photo.objects.filter(owner=user, digest=digest).first()
        if existing is None:
            raise
        return existing
    except BaseException:
        _discard(batch)
        raise
    logger.info(
        "stored photo %s… (%dx%d, %s, %d bytes; sent as %r %r)",
        key[:6],
        photo.width,
        photo.height,
        photo.format,
        photo.size,
        (filename or "")[:80],
        (content_type or "")[:80],
    )
    return photo


def _discard(batch: storage.FileBatch) -> None:
    """Remove an unfinished photo's files; remember those the store would not delete."""
    for name in batch.discard():
        try:
            OrphanFile.objects.get_or_create(name=name)
        except Exception:
            # The database failed too: the log line is what is left to find the file by.
            logger.exception("could not remember orphan photo file %s", name)


def purge_orphans() -> tuple[int, int]:
    """Delete the files left by unfinished photos; (deleted, still left)."""
    deleted = left = 0
    for orphan in OrphanFile.objects.all():
        try:
            storage.photo_storage().delete(orphan.name)
        except Exception as exc:
            logger.warning("orphan %s still cannot be deleted: %r", orphan.name, exc)
            left += 1
            continue
        orphan.delete()
        deleted += 1
    return deleted, left


@dataclass(frozen=True)
class PhotoPost:
    """What `post_with_photo` did: the post, and whether the image went to X itself."""

    post: object  # apps.xapi.types.Post
    attached: bool
    linked_url: str | None = None


def media_refused(error: xerrors.XError) -> bool:
    """Whether X refused the media upload for good (tier or permissions), not for now."""
    return isinstance(error, xerrors.Forbidden) and error.kind in ("tier", "permissions")


# Uploads started by store_photo: (photo key, X user id) -> (when, X's answer to come).
# Only the last few are kept: a photo that is not posted soon is uploaded again.
EARLY_UPLOADS_KEPT = 16
EARLY_UPLOAD_MAX_AGE = 3600  # seconds; X keeps an unused upload for a day
_early_uploads: dict[tuple[str, str], tuple[float, Future]] = {}
_early_lock = threading.Lock()
_uploaders = ThreadPoolExecutor(max_workers=2, thread_name_prefix="photo-upload")


def _upload_early(key: str, account, normalized: normalize.Normalized) -> None:
    """Start uploading a photo's original to X for `account`, kept for `post_with_photo`."""
    client = xservices.client_for(account)
    upload = _uploaders.submit(
        client.upload_media, normalized.original, CONTENT_TYPES[normalized.fmt]
    )
    with _early_lock:
        _early_uploads[(key, str(account.x_user_id))] = (time.monotonic(), upload)
        while len(_early_uploads) > EARLY_UPLOADS_KEPT:
            del _early_uploads[next(iter(_early_uploads))]


def _media_id(account, photo: Photo) -> str:
    """X's media id for `photo`: from the upload started while it was stored, or uploaded now.

    The early upload's errors come through as if the upload were made now.
    """
    with _early_lock:
        when, upload = _early_uploads.pop((photo.key, str(account.x_user_id)), (0.0, None))
    if upload is not None and time.monotonic() - when < EARLY_UPLOAD_MAX_AGE:
        return upload.result()
    return xservices.client_for(account).upload_media(photo.original_bytes(), photo.content_type)


def post_with_photo(account, text: str, photo: Photo) -> PhotoPost:
    """Post `text` with `photo` for the X `account`.

    The image goes through X's media upload and is attached to the post. When
    X refuses media for this app's access tier, the post carries the link to
    the photo's page instead (`attached` False, `linked_url` set) so the caller
    can tell the person. Other X errors (Unavailable, RateLimited...) and
    StorageUnavailable come through unchanged, so the caller keeps the post to
    retry; a text that will not fit with the link is X's BadRequest as usual.
    """
    try:
        media_id = _media_id(account, photo)
    except xerrors.XError as exc:
        if not media_refused(exc):
            raise
        logger.info("X refused media for account %s (%s); posting the link", account.pk, exc)
        link = photo.absolute_url()
        post = xservices.create_post(account, f"{text} {link}".strip())
        return PhotoPost(post=post, attached=False, linked_url=link)
    post = xservices.create_post(account, text, media_ids=[media_id])
    return PhotoPost(post=post, attached=True)
