"""Photos people sent (by mail, or a form): the normalised original and its variants.

The files live in the default storage (the file system, or S3); a row exists
only once all of its files are stored (``services.store_photo``). The key is
the photo's only name outside the database: random, in its page's URL and in
its files' names, so neither can be guessed or listed.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from . import storage

EXTENSIONS = {"gif": "gif", "jpeg": "jpg", "png": "png"}
CONTENT_TYPES = {"gif": "image/gif", "jpeg": "image/jpeg", "png": "image/png"}


class Photo(models.Model):
    """One stored photo: upright, without metadata, with a variant per phone width."""

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    key = models.CharField(max_length=32, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photos"
    )
    # SHA-256 of the bytes as received: the same photo sent again is stored once.
    digest = models.CharField(max_length=64, editable=False)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=8, choices=Format.choices)
    original_name = models.CharField(max_length=255, editable=False)
    size = models.PositiveIntegerField(help_text="bytes of the stored original")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "digest"], name="photo_once_per_owner")
        ]

    def __str__(self) -> str:
        return f"photo {self.key[:6]}… {self.width}x{self.height}"

    @property
    def content_type(self) -> str:
        """The stored original's media type (what X's media upload is told)."""
        return CONTENT_TYPES[self.format]

    def page_url(self) -> str:
        """The path of the photo's page (``/ph/<key>/``)."""
        return reverse("photos:photo", kwargs={"key": self.key})

    def absolute_url(self) -> str:
        """The page's full URL on this site (SITE_URL), for a link in a post or a mail."""
        return settings.SITE_URL.rstrip("/") + self.page_url()

    def original_bytes(self) -> bytes:
        """The stored original; StorageUnavailable when the store cannot be read."""
        return storage.read(self.original_name)


class PhotoVariant(models.Model):
    """The photo at one of the phone widths (120, 240, 480 px) in one format."""

    class Format(models.TextChoices):
        GIF = "gif", "GIF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="variants")
    # The width asked for; `pixel_width` is less when the photo itself is narrower.
    width = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=8, choices=Format.choices)
    pixel_width = models.PositiveSmallIntegerField()
    pixel_height = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255, editable=False)
    size = models.PositiveIntegerField(help_text="bytes")

    class Meta:
        ordering = ["width", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "width", "format"], name="one_variant_per_width_and_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.photo} at {self.width} {self.format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    def url(self) -> str:
        """The path that serves this variant (``/ph/<key>/240.jpg``)."""
        return reverse(
            "photos:photo_image",
            kwargs={"key": self.photo.key, "width": self.width, "ext": EXTENSIONS[self.format]},
        )


class OrphanFile(models.Model):
    """A file of a photo that failed half-way and could not be deleted then (store down).

    ``manage.py purge_photo_orphans`` deletes them once the store answers again.
    """

    name = models.CharField(max_length=255, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
