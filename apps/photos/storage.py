"""Where a photo's files go: the default storage (the file system, or S3 via django-storages).

Every storage failure (S3 down, a timeout, a full disk) becomes
StorageUnavailable, so the caller can keep what the person sent and try again.
A `FileBatch` remembers what it wrote so a photo that could not be stored
completely leaves no files behind.
"""

import logging
from concurrent.futures import ThreadPoolExecutor, wait

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from .errors import StorageUnavailable

logger = logging.getLogger(__name__)

PREFIX = "photos"
# A photo is several files; writing them side by side saves the round trips to S3.
# The threads live as long as the process, so each keeps its S3 connection.
_writers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="photo-store")


def photo_storage():
    """The storage photos are kept in (the project's default storage)."""
    return storages["default"]


def name_for(key: str, stem: str, extension: str) -> str:
    """The storage name of one of a photo's files: ``photos/<key>/<stem>.<ext>``."""
    return f"{PREFIX}/{key}/{stem}.{extension}"


def read(name: str) -> bytes:
    """The bytes stored under `name`; StorageUnavailable if the store fails or lost them."""
    try:
        with photo_storage().open(name, "rb") as stored:
            return stored.read()
    except Exception as exc:
        logger.warning("reading photo file %s failed: %r", name, exc)
        raise StorageUnavailable(f"cannot read {name}: {exc!r}") from exc


class FileBatch:
    """The files of one photo being stored; `discard()` removes those written so far."""

    def __init__(self):
        self.storage = photo_storage()
        self.written: list[str] = []

    def save(self, name: str, data: bytes) -> str:
        """Store `data` as `name`; the name actually used, or StorageUnavailable."""
        try:
            saved = self.storage.save(name, ContentFile(data))
        except Exception as exc:
            logger.warning("storing photo file %s failed: %r", name, exc)
            raise StorageUnavailable(f"cannot store {name}: {exc!r}") from exc
        self.written.append(saved)
        return saved

    def save_all(self, files: dict[str, bytes]) -> dict[str, str]:
        """Store every file at once; {asked name: name used}, or StorageUnavailable.

        All writes have finished (or failed) when this returns or raises, so
        `discard()` then sees every file that was written.
        """
        futures = {name: _writers.submit(self.save, name, data) for name, data in files.items()}
        wait(futures.values())
        failed = [future.exception() for future in futures.values() if future.exception()]
        if failed:
            raise failed[0]
        return {name: future.result() for name, future in futures.items()}

    def discard(self) -> list[str]:
        """Delete every file written; the names that could not be deleted (logged)."""
        left = []
        for name in self.written:
            try:
                self.storage.delete(name)
            except Exception as exc:
                logger.error("could not delete %s of an unfinished photo: %r", name, exc)
                left.append(name)
        self.written = []
        return left
